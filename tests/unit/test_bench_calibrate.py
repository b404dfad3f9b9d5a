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
