"""`parallax batch` on a real local Ray (started by the test on loopback), with fake translators in the workers."""

from __future__ import annotations

import importlib.util
import json
import os
from collections import Counter
from pathlib import Path

import pytest
from batch_fakes import CONTROL, fake_backend, translated, write_set
from fakes import FakeEmbedder

from compare import pipeline
from compare.batch import BatchOptions, run_batch
from compare.batch.output import as_reported
from compare.batch.spec import Backends
from compare.corpus import load_article_set
from compare.report import render

# Not imported here: Ray reads its loopback switch (`cluster.local_env`) when first imported.
if importlib.util.find_spec("ray") is None:
    pytest.skip("ray is not installed (pip install -e '.[cluster]')", allow_module_level=True)


@pytest.fixture(scope="module")
def local_ray(tmp_path_factory):
    """Ray on this machine, two CPUs, as `parallax batch` starts it; the fakes' control folder set first."""
    from compare.batch import cluster

    control = tmp_path_factory.mktemp("control")
    os.environ[CONTROL] = str(control)  # inherited by Ray's workers
    session = cluster.connect(num_cpus=2)
    import ray

    assert {n["NodeManagerAddress"] for n in ray.nodes()} == {"127.0.0.1"}  # loopback only
    yield control
    cluster.disconnect(session)
    os.environ.pop(CONTROL, None)


@pytest.fixture
def control(local_ray):
    for name in ("log", "slow"):
        (local_ray / name).unlink(missing_ok=True)
    return local_ray


def _options(cache: Path, **kw) -> BatchOptions:
    return BatchOptions(backends=Backends(make=fake_backend), embedder=FakeEmbedder(), cross_lingual=False,
                        cache_path=str(cache), cpus_per_worker=1, **kw)


def _pipeline_options(cache: Path) -> pipeline.RunOptions:
    return pipeline.RunOptions(cache_path=str(cache), cross_lingual=False,
                               translators=Backends(make=fake_backend).for_pipeline(), embedder=FakeEmbedder())


def _without_timings(text: str) -> dict:
    data = json.loads(text)
    data.pop("timings")
    return data


def test_reports_are_those_of_parallax_report(tmp_path, control):
    sets = [write_set(tmp_path / "sets", n) for n in range(3)]
    result = run_batch([tmp_path / "sets"], tmp_path / "out", _options(tmp_path / "batch.sqlite", formats=["html"]))
    assert [r.status for r in result.rows] == ["done"] * 3
    assert len(result.workers) == 2 and result.translated == 15
    # Each paragraph was translated once, across both workers.
    assert sorted(Counter(translated(control)).values()) == [1] * 15
    for root in sets:
        written = (tmp_path / "out" / f"{root.name}.json").read_text(encoding="utf-8")
        # `parallax report` after the batch: the stored comparison, the same bytes.
        article_set = load_article_set(root)
        stored = pipeline.load_cached(article_set, _pipeline_options(tmp_path / "batch.sqlite"))
        assert render(as_reported(stored)[0], "json") == written
        # `parallax report` alone, on a cache of its own: the same report but for the time it took.
        alone = pipeline.run(article_set, options=_pipeline_options(tmp_path / "alone.sqlite"))
        assert _without_timings(render(as_reported(alone)[0], "json")) == _without_timings(written)
        assert (tmp_path / "out" / f"{root.name}.html").exists()
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [(r["id"], r["status"], r["languages"], r["outlets"]) for r in index["sets"]] == [
        (f"set-{n:02d}", "done", ["en", "ru", "zh"], ["Wire", "Agency", "Daily"]) for n in range(3)]
    assert all(r["groups"] > 0 and r["reports"]["json"] for r in index["sets"])
    assert (tmp_path / "out" / "index.html").exists()


def test_a_bad_article_or_set_is_in_the_index_and_the_rest_go_on(tmp_path, control):
    write_set(tmp_path / "sets", 1, bad=True)
    write_set(tmp_path / "sets", 2)
    (tmp_path / "sets" / "set-03" / "articles").mkdir(parents=True)  # a set with no articles at all
    result = run_batch([tmp_path / "sets"], tmp_path / "out", _options(tmp_path / "c.sqlite"))
    rows = {r.id: r for r in result.rows}
    assert rows["set-01"].status == "done" and "binary file" in rows["set-01"].problems[0]
    assert rows["set-02"].status == "done" and not rows["set-02"].problems
    assert rows["set-03"].status == "failed" and "no articles found" in rows["set-03"].error
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert [r["status"] for r in index["sets"]] == ["done", "done", "failed"]


def test_an_interrupted_batch_resumes_without_redoing_anything(tmp_path, control):
    for n in range(4):
        write_set(tmp_path / "sets", n)
    (control / "slow").write_text("0.3")
    seen = []

    def interrupt_after_six(p):
        seen.append(p.translated)
        if p.translated >= 6:
            raise KeyboardInterrupt  # as Ctrl+C does, in the driver's thread

    with pytest.raises(KeyboardInterrupt):
        run_batch([tmp_path / "sets"], tmp_path / "out", _options(tmp_path / "c.sqlite"), progress=interrupt_after_six)
    first = translated(control)
    index = json.loads((tmp_path / "out" / "index.json").read_text())
    assert "interrupted" in {r["status"] for r in index["sets"]}
    (control / "slow").unlink()
    result = run_batch([tmp_path / "sets"], tmp_path / "out", _options(tmp_path / "c.sqlite"))
    assert [r.status for r in result.rows] == ["done"] * 4
    everything = translated(control)
    # Only what was in hand when the batch stopped (one paragraph per worker) is translated twice.
    twice = [text for text, n in Counter(everything).items() if n > 1]
    assert len(set(everything)) == 20 and len(twice) <= 2 and set(twice) <= set(first)
    assert result.translated == 20 - (len(first) - len(twice))
    # A third run redoes nothing: every set comes from the cache.
    third = run_batch([tmp_path / "sets"], tmp_path / "out", _options(tmp_path / "c.sqlite"))
    assert all(r.from_cache for r in third.rows) and third.translated == 0 and translated(control) == everything


def test_a_killed_worker_loses_only_the_paragraph_it_held(tmp_path, control):
    for n in range(4):
        write_set(tmp_path / "sets", n)
    (control / "slow").write_text("0.4")
    killed = []

    def kill_one(p):
        if p.translated >= 3 and not killed and p.workers:
            pid = p.workers[0][1]
            os.kill(pid, 9)
            killed.append(pid)

    result = run_batch([tmp_path / "sets"], tmp_path / "out", _options(tmp_path / "c.sqlite"), progress=kill_one)
    assert killed and result.lost == 1
    assert [r.status for r in result.rows] == ["done"] * 4
    counts = Counter(translated(control))
    assert len(counts) == 20  # none lost
    assert sum(n - 1 for n in counts.values()) <= 1  # done twice: at most the one the killed worker held
