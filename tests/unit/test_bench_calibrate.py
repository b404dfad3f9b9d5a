"""bench/align.py --calibrate: a step must not lower any fold's F1 (unless plain ascent)."""

from __future__ import annotations

import dataclasses

from bench import align as bench
from compare.align import AlignParams
from compare.evaluate import Evaluation, Scores


def _fake_scoring(monkeypatch, table):
    """F1 per (fold, k) from `table`; every other parameter is neutral."""
    monkeypatch.setattr(bench, "aligner", lambda key, params: params)
    monkeypatch.setattr(bench, "fit_confidence", lambda prepared, key, params: {})

    def score(fold, params):  # each fold member holds 100 gold links
        tp = sum(table[member][params.k] for member in fold)
        return Evaluation(Scores(tp, 100 * len(fold) - tp, 100 * len(fold) - tp))

    monkeypatch.setattr(bench, "score", score)
    monkeypatch.setattr(bench, "GRID", {"k": (2, 3, 4)})
    monkeypatch.setattr(bench, "CONFIGS", {"st": (("st",), ())})


def test_a_step_that_hurts_one_fold_is_refused(monkeypatch):
    # k=4 helps fold "a" a lot and hurts fold "b" a little: pooled F1 rises.
    _fake_scoring(monkeypatch, {"a": {2: 80, 3: 80, 4: 95}, "b": {2: 80, 3: 80, 4: 78}})
    start = dataclasses.replace(AlignParams(), k=3)
    folds = [["a"], ["b"]]
    assert bench.calibrate(["a", "b"], "st", start, folds=folds).k == 3
    assert bench.calibrate(["a", "b"], "st", start).k == 4  # plain ascent: pooled only


def test_a_step_no_fold_loses_by_is_taken(monkeypatch):
    _fake_scoring(monkeypatch, {"a": {2: 85, 3: 80, 4: 95}, "b": {2: 80, 3: 80, 4: 78}})
    start = dataclasses.replace(AlignParams(), k=3)
    assert bench.calibrate(["a", "b"], "st", start, folds=[["a"], ["b"]]).k == 2


def test_dev_seeds_read_ranges_and_refuse_test_seeds():
    import pytest

    assert bench.parse_seeds("0-3") == (0, 1, 2, 3)
    assert bench.parse_seeds("5, 0-2,2") == (0, 1, 2, 5)
    for bad in ("100-101", "x", ""):
        with pytest.raises(SystemExit):
            bench.parse_seeds(bad)


def test_a_pair_without_links_is_shown_as_absent_not_as_perfect():
    ev = Evaluation(Scores(8, 2, 0), {"en-ru": Scores(8, 2, 0)})
    line = bench.table([("src", "margin", "USE", ev, None)]).splitlines()[-1]
    assert "0.800/1.000/0.889" in line and "1.000/1.000/1.000" not in line and line.rstrip().endswith("-")
