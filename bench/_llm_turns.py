"""Source text for a bench's child process: counts what the LLM is given (`turns[0]`)."""

# Paragraphs (or pieces) handed to the LLM, retries included.
COUNT_TURNS = r"""
from compare.translate.llm.engine import LlamaEngine

turns = [0]
_generate = LlamaEngine.generate
def counted(self, count, *args, **kwargs):
    turns[0] += count
    return _generate(self, count, *args, **kwargs)
LlamaEngine.generate = counted
"""
