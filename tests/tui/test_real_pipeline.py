"""The UI over the real engine: corpus loader, real models, SQLite cache."""

from __future__ import annotations

import asyncio
import time

import pytest

from compare import model_files, pipeline
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.aligned_grid import AlignedGrid

pytestmark = pytest.mark.real_models


def write_set(root):
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text('[set]\ntitle = "Two outlets"\n', encoding="utf-8")
    (root / "articles" / "01-wire-en.md").write_text(
        '+++\noutlet = "Wire"\ntitle = "Putin in Beijing"\n+++\n\n'
        "Russian President Vladimir Putin arrived in Beijing on Thursday for talks with Xi Jinping.\n\n"
        "The two leaders signed a joint statement on deepening their partnership.\n", encoding="utf-8")
    (root / "articles" / "02-agency-ru.md").write_text(
        '+++\noutlet = "Агентство"\ntitle = "Путин в Пекине"\n+++\n\n'
        "Президент России Владимир Путин прибыл в Пекин на переговоры с Си Цзиньпином.\n\n"
        "Погода в Москве в этот день была солнечной.\n", encoding="utf-8")
    return root


async def test_real_pipeline_end_to_end(tmp_path, monkeypatch):
    if not model_files.gguf_path().exists() or not (model_files.english_model_dir() / "model.safetensors").exists():
        pytest.skip("models are not installed: run `parallax models install`")
    monkeypatch.setenv("PARALLAX_CACHE", str(tmp_path / "cache.sqlite"))
    root = write_set(tmp_path / "set")
    app = make_app(str(root), run_pipeline=pipeline.run, load_cached=pipeline.load_cached)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 600
        while not isinstance(app.screen, MainScreen):
            assert time.monotonic() < deadline, "the real pipeline did not finish in 10 minutes"
            await asyncio.sleep(0.2)
        await pilot.pause()
        grid = app.screen.query_one(AlignedGrid)
        together = [g for g in grid.groups if len(g.members) == 2]
        assert together, "the arrival paragraphs should be aligned across the two outlets"
        assert together[0].paragraphs_of("01-wire-en") == (0,)
        assert together[0].paragraphs_of("02-agency-ru") == (0,)
        english = app.comparison.article("02-agency-ru").paragraphs[0].translation.text
        assert "Putin" in english and "Beijing" in english
    # A second open comes from the cache.
    assert pipeline.load_cached(app.article_set) is not None
