"""Translation with a local GGUF instruction model through llama-cpp-python.

`prompt` builds what the model reads, `engine` decodes several paragraphs at
once on one llama.cpp context, `translator` is the `Translator` that guards
its output and retries. The checks and hints it uses are any backend's:
`compare.translate.guards` and `compare.translate.hints`.
"""

from compare.translate.guards import REFUSED, check_output, clean_output
from compare.translate.hints import date_hints, dropped_hints, figure_hints, legible, name_hints, term_hints
from compare.translate.llm.engine import LlamaEngine, shared_engine
from compare.translate.llm.prompt import (
    GLOSSARY_LIMIT,
    PROMPT_VERSION,
    _chat,
    build_prefix,
    build_prompt_suffix,
    glossary_hits,
    learn_names,
)
from compare.translate.llm.translator import RETRY_VERSION, LlmTranslator, map_sentences

__all__ = [
    "GLOSSARY_LIMIT",
    "PROMPT_VERSION",
    "REFUSED",
    "RETRY_VERSION",
    "LlamaEngine",
    "LlmTranslator",
    "build_prefix",
    "build_prompt_suffix",
    "check_output",
    "clean_output",
    "date_hints",
    "dropped_hints",
    "figure_hints",
    "glossary_hits",
    "learn_names",
    "legible",
    "map_sentences",
    "name_hints",
    "shared_engine",
    "term_hints",
]
