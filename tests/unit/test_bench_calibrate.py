"""bench/align.py --calibrate: a step must not lower any fold's F1 (unless plain ascent)."""

from __future__ import annotations

import dataclasses

import pytest

from bench import _calibrate, _methods, _real, _translations
from bench import align as bench
from compare.align import AlignParams
from compare.evaluate import Evaluation, Scores


def _fake_scoring(monkeypatch, table):
    """F1 per (fold, k) from `table`; every other parameter is neutral."""
    monkeypatch.setattr(_calibrate, "aligner", lambda key, params: params)
    monkeypatch.setattr(_calibrate, "fit_confidence", lambda prepared, key, params: {})

    def score(fold, params):  # each fold member holds 100 gold links
        tp = sum(table[member][params.k] for member in fold)
        return Evaluation(Scores(tp, 100 * len(fold) - tp, 100 * len(fold) - tp))

    monkeypatch.setattr(_calibrate, "score", score)
    monkeypatch.setattr(_calibrate, "GRID", {"k": (2, 3, 4)})
    monkeypatch.setattr(_calibrate, "CONFIGS", {"st": (("st",), ())})


def test_a_step_that_hurts_one_fold_is_refused(monkeypatch):
    # k=4 helps fold "a" a lot and hurts fold "b" a little: pooled F1 rises.
    _fake_scoring(monkeypatch, {"a": {2: 80, 3: 80, 4: 95}, "b": {2: 80, 3: 80, 4: 78}})
    start = dataclasses.replace(AlignParams(), k=3)
    folds = [["a"], ["b"]]
    assert _calibrate.calibrate(["a", "b"], "st", start, folds=folds).k == 3
    assert _calibrate.calibrate(["a", "b"], "st", start).k == 4  # plain ascent: pooled only


def test_a_step_no_fold_loses_by_is_taken(monkeypatch):
    _fake_scoring(monkeypatch, {"a": {2: 85, 3: 80, 4: 95}, "b": {2: 80, 3: 80, 4: 78}})
    start = dataclasses.replace(AlignParams(), k=3)
    assert _calibrate.calibrate(["a", "b"], "st", start, folds=[["a"], ["b"]]).k == 2


def test_dev_seeds_read_ranges_and_refuse_test_seeds():
    import pytest

    assert bench.parse_seeds("0-3") == (0, 1, 2, 3)
    assert bench.parse_seeds("5, 0-2,2") == (0, 1, 2, 5)
    for bad in ("100-101", "x", ""):
        with pytest.raises(SystemExit):
            bench.parse_seeds(bad)


def test_a_pair_without_links_is_shown_as_absent_not_as_perfect():
    ev = Evaluation(Scores(8, 2, 0), {"en-ru": Scores(8, 2, 0)})
    line = _methods.table([("src", "margin", "USE", ev, None)]).splitlines()[-1]
    assert "0.800/1.000/0.889" in line and "1.000/1.000/1.000" not in line and line.rstrip().endswith("-")


def _fake_sets(monkeypatch, scores_by_name):
    """Prepared sets named doc#seed whose evaluation is read from `scores_by_name`."""
    monkeypatch.setattr(_methods, "evaluate", lambda groups, gold: Evaluation(scores_by_name[gold]))

    class Set:
        def __init__(self, name):
            self.sset = type("S", (), {"name": name, "gold": name})()

    return [Set(name) for name in scores_by_name]


def test_document_interval_pools_seeds_per_document(monkeypatch):
    sets = _fake_sets(monkeypatch, {
        "a#0": Scores(10, 0, 0), "a#1": Scores(10, 0, 0),  # document a: perfect
        "b#0": Scores(5, 5, 0), "b#1": Scores(0, 0, 10),  # document b: 5 tp, 5 fp, 10 fn
    })
    low, high, per_doc = _methods.document_interval(sets, lambda p: None, resamples=500)
    assert per_doc == {"a": 1.0, "b": 10 / 25}
    # Draws of b alone and of a alone are both likely with two documents.
    assert low == 10 / 25 and high == 1.0


def test_document_interval_is_a_point_when_documents_agree(monkeypatch):
    sets = _fake_sets(monkeypatch, {f"{doc}#0": Scores(9, 1, 1) for doc in "abcd"})
    low, high, _ = _methods.document_interval(sets, lambda p: None)
    assert low == high == 0.9


def test_omission_claims_are_checked_against_the_gold_components():
    from compare.types import Group, Nearest

    gold = ({"a": (0,), "b": (0,), "c": (1,)}, {"a": (1,), "b": (1,)})
    groups = [
        # c carries group 0's content in the gold (c1): a wrong omission, whatever its closest paragraph
        Group(0, (("a", (0,)), ("b", (0,))), 0.9, closest=(Nearest("c", 0, 0.7),)),
        # nothing of c in the gold with a1/b1: a right omission
        Group(1, (("a", (1,)), ("b", (1,))), 0.9, closest=(Nearest("c", 1, 0.4),)),
        # one outlet alone: not a claim this counts
        Group(2, (("c", (1,)),), 0.0, closest=(Nearest("a", 0, 0.6),)),
    ]
    assert _real.omission_claims(groups, gold) == [(0.7, False), (0.4, True)]


def test_translate_only_fills_the_cache_held_out_first(monkeypatch, private_cache):
    import argparse

    from bench import _wmt
    from compare.cache import Cache
    from fakes import FakeTranslator

    texts = {"en": "Part {d}{i} opens. It ends.", "ru": "Часть {d}{i} открыта. Она кончается.",
             "zh": "第{d}{i}部分开始。它结束。"}
    docs = [_wmt.Doc(f"doc{d}", {lang: [t.format(d=d, i=i) for i in range(5)] for lang, t in texts.items()})
            for d in range(4)]
    fake = FakeTranslator()
    monkeypatch.setattr(_translations, "_make_translator", lambda source, lang: fake)
    test_docs, dev_docs = docs[1::2], docs[::2]
    args = argparse.Namespace(dev="wmt24", dev_seeds="0-1")
    assert bench.translate_only(test_docs, dev_docs, {d.docid: d for d in docs}, ["llm", "reference"], args) == 0

    held_out = bench.build_sets(test_docs, bench.TEST_SEEDS, test_docs)
    dev = bench.build_sets(dev_docs, (0, 1), dev_docs)
    for sets in (held_out, dev):
        for lang in ("ru", "zh"):
            needed = sorted({u.text for s in sets for a in s.articles.values() for u in a if u.lang == lang})
            assert len(Cache().get_translations(fake.model_id, lang, needed)) == len(needed)
    first = fake.calls[0][0]
    assert any(first == u.text for s in held_out for a in s.articles.values() for u in a)


@pytest.mark.parametrize("flag", ["--translate-only", "--dev-score"])
def test_runs_that_score_nothing_skip_the_scale_figure(monkeypatch, flag):
    scaled = []
    monkeypatch.setattr(bench, "run_wmt", lambda args: 0)
    monkeypatch.setattr(bench, "run_scale", lambda repeat: scaled.append(repeat))
    assert bench.main([flag]) == 0
    assert scaled == []
    assert bench.main([]) == 0
    assert scaled == [5]
