"""The parts of `parallax batch` that need no Ray: finding sets, planning, the worker's translator, the index."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from batch_fakes import fake_backend, write_set
from fakes import FakeEmbedder

from compare import pipeline
from compare.batch.output import IndexRow, index_html, index_markdown, write_index
from compare.batch.plan import plan
from compare.batch.progress import Tracker
from compare.batch.relay import translate_set
from compare.batch.sets import SourceError, find_sets
from compare.batch.spec import Backends
from compare.cache import Cache
from compare.corpus import load_article_set

BACKENDS = Backends(make=fake_backend)


def _options(cache: Path) -> pipeline.RunOptions:
    return pipeline.RunOptions(cache_path=str(cache), cross_lingual=False, translators=BACKENDS.for_pipeline(),
                               embedder=FakeEmbedder())


def _rows(cache: Path) -> list[tuple]:
    conn = Cache(cache).conn
    return sorted(conn.execute("SELECT model, key, src_lang, text, flagged, note, sentences FROM translations"))


def test_sets_are_found_in_folders_and_named_apart(tmp_path):
    a = write_set(tmp_path / "one", 1)
    b = write_set(tmp_path / "two", 1)  # the same folder name in another place
    write_set(tmp_path / "one", 2)
    (tmp_path / "one" / "notes").mkdir()  # not a set: skipped
    found = find_sets([tmp_path / "one", b, a])  # `a` twice: once only
    assert [(s.id, s.path.name) for s in found] == [("set-01", "set-01"), ("set-02", "set-02"), ("set-01-2", "set-01")]
    with pytest.raises(SourceError, match="no such folder"):
        find_sets([tmp_path / "missing"])
    with pytest.raises(SourceError, match="neither a set"):
        find_sets([tmp_path / "one" / "notes"])


def test_the_plan_sends_only_what_the_cache_lacks(tmp_path):
    root = write_set(tmp_path, 1)
    source = find_sets([root])[0]
    cache = Cache(tmp_path / "cache.sqlite")
    first = plan(source, BACKENDS, cache, _options(tmp_path / "cache.sqlite"))
    assert [(j.article, j.lang, j.left) for j in first.work.jobs] == [("02-agency-ru", "ru", 3), ("03-daily-zh", "zh", 2)]
    assert first.work.paragraphs == 5 and first.work.known == {}
    ru = first.work.jobs[0]
    translator = BACKENDS.stack("ru", cache)
    translator.translate(list(ru.texts[:2]), "ru")  # two of the Russian paragraphs are stored now
    again = plan(source, BACKENDS, cache, _options(tmp_path / "cache.sqlite"))
    assert [(j.article, j.left) for j in again.work.jobs] == [("02-agency-ru", 1), ("03-daily-zh", 2)]
    assert {text for (_, _, text) in again.work.known} == set(ru.texts[:2])


def test_a_set_compared_before_is_not_planned_again(tmp_path):
    root = write_set(tmp_path, 1)
    pipeline.run(load_article_set(root), options=_options(tmp_path / "cache.sqlite"))
    planned = plan(find_sets([root])[0], BACKENDS, Cache(tmp_path / "cache.sqlite"), _options(tmp_path / "cache.sqlite"))
    assert planned.comparison is not None and planned.work is None


def test_an_unreadable_set_is_planned_as_its_error(tmp_path):
    (tmp_path / "empty" / "articles").mkdir(parents=True)
    planned = plan(find_sets([tmp_path / "empty"])[0], BACKENDS, Cache(tmp_path / "c.sqlite"),
                   _options(tmp_path / "c.sqlite"))
    assert planned.error and "no articles found" in planned.error


def test_the_worker_stores_what_the_pipeline_would(tmp_path):
    """The rows a worker sends back, written by the driver, are the rows `pipeline.run` writes itself."""
    root = write_set(tmp_path, 1)
    pipeline.run(load_article_set(root), options=_options(tmp_path / "alone.sqlite"))
    cache = Cache(tmp_path / "batch.sqlite")
    # One Russian paragraph is stored already: the worker is told, and sends back the rest.
    first_ru = "Саммит в Москве открылся в среду номер 1."
    BACKENDS.stack("ru", cache).translate([first_ru], "ru")
    work = plan(find_sets([root])[0], BACKENDS, cache, _options(tmp_path / "batch.sqlite")).work
    events = []
    translate_set(work, BACKENDS, events.append)
    stored = [e for e in events if e[0] == "rows"]
    assert first_ru not in {text for e in stored for text, _ in e[2]}
    for _, lang, pairs in stored:
        cache.put_translations(lang, pairs)
    assert _rows(tmp_path / "batch.sqlite") == _rows(tmp_path / "alone.sqlite")
    steps = [e for e in events if e[0] == "step"]
    assert steps[-1] == ("step", 1, 2)  # the Chinese job: both paragraphs


def test_the_index_escapes_what_articles_say(tmp_path):
    row = IndexRow("s", "/x", "done", title="<b>A|B</b>", outlets=["<script>"], languages=["ru"], groups=2,
                   divergences=[{"group": 1, "score": 0.5, "kinds": ["framing"], "reason": "a <i>loaded</i> term"}],
                   reports={"html": "s.html", "markdown": "s.md", "json": "s.json"})
    failed = IndexRow("t", "/y", "failed", error="none of the 2 article files could be read")
    page = index_html([row, failed])
    assert "<script>" not in page and "&lt;script&gt;" in page and '<a href="s.html">' in page
    table = index_markdown([row, failed])
    assert "A\\|B" in table and "failed: none of the 2 article files could be read" in table
    write_index(tmp_path, [row, failed], ["html"])
    data = json.loads((tmp_path / "index.json").read_text())
    assert [(r["id"], r["status"]) for r in data["sets"]] == [("s", "done"), ("t", "failed")]
    assert (tmp_path / "index.html").exists() and not (tmp_path / "index.md").exists()


def test_time_left_comes_from_the_rate_after_the_first_translation():
    tracker = Tracker(sets=2)
    tracker.add_work(paragraphs=4, work=400.0)
    tracker.translated_some("n1", 1, 100.0, now=10.0)  # the first: the clock starts
    assert tracker.eta() is None
    tracker.translated_some("n2", 1, 100.0, now=12.0)  # 100 units in 2 s; 200 units left
    assert tracker.eta() == pytest.approx(4.0)
    assert tracker.snapshot().per_node == {"n1": 1, "n2": 1}


def test_the_command_line_does_not_import_ray():
    code = "import sys, compare.cli, compare.batch; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"
