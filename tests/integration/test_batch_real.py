"""`parallax batch` with the real models on a Ray it starts itself: two tiny sets, short paragraphs.

Each set's report equals `parallax report` of it on a cache of its own (but
for the time each took), and `parallax report` after the batch prints the
batch's report. Slow: four LLM paragraphs twice (a few minutes on 2 cores).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from compare import model_files, pipeline
from compare.batch import BatchOptions, run_batch
from compare.batch.output import as_reported
from compare.corpus import load_article_set
from compare.report import render

pytestmark = pytest.mark.real_models

if importlib.util.find_spec("ray") is None or importlib.util.find_spec("llama_cpp") is None:
    pytest.skip("needs ray and llama-cpp-python", allow_module_level=True)

ARTICLES = {
    "01-wire-en": ("Wire", "en", "The two leaders met in {city} on Tuesday and signed a trade agreement."),
    "02-agency-ru": ("Agency", "ru", "Лидеры двух стран встретились во вторник в городе {ru}."),
    "03-daily-zh": ("Daily", "zh", "两国领导人星期二在{zh}签署了贸易协定。"),
}
CITIES = [("Kazan", "Казань", "喀山"), ("Minsk", "Минск", "明斯克")]


def _write(root: Path) -> list[Path]:
    sets = []
    for n, (city, ru, zh) in enumerate(CITIES):
        folder = root / f"meeting-{city.lower()}"
        (folder / "articles").mkdir(parents=True)
        (folder / "set.toml").write_text(f'[set]\ntitle = "Meeting in {city}"\n', encoding="utf-8")
        for name, (outlet, lang, text) in ARTICLES.items():
            body = text.format(city=city, ru=ru, zh=zh)
            (folder / "articles" / f"{name}.md").write_text(
                f'+++\noutlet = "{outlet}"\nlang = "{lang}"\n+++\n\n{body}\n', encoding="utf-8")
        sets.append(folder)
    return sets


def test_batch_reports_equal_parallax_report(tmp_path):
    if not model_files.gguf_path().exists() or not (model_files.english_model_dir() / "model.safetensors").exists():
        pytest.skip("models are not installed: run `parallax models install`")
    sets = _write(tmp_path / "sets")
    options = BatchOptions(translator="llm", cache_path=str(tmp_path / "batch.sqlite"), formats=["markdown"])
    result = run_batch([tmp_path / "sets"], tmp_path / "out", options)
    assert [r.status for r in result.rows] == ["done", "done"] and result.translated == 4
    for root in sets:
        written = json.loads((tmp_path / "out" / f"{root.name}.json").read_text(encoding="utf-8"))
        article_set = load_article_set(root)
        again = pipeline.load_cached(article_set, pipeline.RunOptions(translator="llm",
                                                                      cache_path=str(tmp_path / "batch.sqlite")))
        assert again is not None  # `parallax report` after the batch reopens the batch's comparison
        assert json.loads(render(as_reported(again)[0], "json")) == written
        alone = pipeline.run(article_set, options=pipeline.RunOptions(translator="llm",
                                                                      cache_path=str(tmp_path / "alone.sqlite")))
        mine = json.loads(render(as_reported(alone)[0], "json"))
        written.pop("timings"), mine.pop("timings")
        assert mine == written
        english = [p["translation"] for a in written["articles"] for p in a["paragraphs"] if a["lang"] != "en"]
        assert all(e and not any("\u0400" <= c <= "\u04ff" or "\u4e00" <= c <= "\u9fff" for c in e) for e in english)
    assert "Meeting in Kazan" in (tmp_path / "out" / "index.md").read_text(encoding="utf-8")
