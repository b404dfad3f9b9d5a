"""Scoring groups against gold links."""

from __future__ import annotations

import pytest

from compare.evaluate import GoldError, evaluate, links_of, load_gold
from compare.types import Group, ParagraphRef


def test_links_of_counts_cross_article_pairs_only():
    links = links_of([{"a": [0, 1], "b": [2]}, {"c": [0]}])
    assert links == {
        (ParagraphRef("a", 0), ParagraphRef("b", 2)),
        (ParagraphRef("a", 1), ParagraphRef("b", 2)),
    }


def test_precision_recall_f1_and_per_pair():
    gold = [{"en": [0], "ru": [0], "zh": [0]}, {"en": [1], "ru": [1]}]
    pred = [Group(0, (("en", (0,)), ("ru", (0,))), 0.9), Group(1, (("zh", (0,)),), 0.0),
            Group(2, (("en", (1,)), ("ru", (1,)), ("zh", (1,))), 0.8)]
    result = evaluate(pred, gold, {"en": "en", "ru": "ru", "zh": "zh"})
    # gold links: en0-ru0, en0-zh0, ru0-zh0, en1-ru1; predicted: en0-ru0, en1-ru1, en1-zh1, ru1-zh1
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 2, 2)
    assert result.overall.precision == pytest.approx(0.5)
    assert result.overall.recall == pytest.approx(0.5)
    assert result.overall.f1 == pytest.approx(0.5)
    assert result.by_pair["en-ru"].f1 == pytest.approx(1.0)
    assert result.by_pair["en-zh"].tp == 0 and result.by_pair["en-zh"].fn == 1
    assert set(result.by_pair) == {"en-ru", "en-zh", "ru-zh"}


def test_perfect_and_empty():
    gold = [{"a": [0], "b": [0]}]
    assert evaluate(gold, gold).overall.f1 == 1.0
    nothing = evaluate([{"a": [0]}, {"b": [0]}], gold).overall
    assert nothing.recall == 0.0 and nothing.f1 == 0.0


def test_load_gold(tmp_path):
    (tmp_path / "gold.toml").write_text('[[group]]\n"01-en" = [0]\n"02-ru" = [0, 1]\n\n[[group]]\n"01-en" = [1]\n',
                                        encoding="utf-8")
    assert load_gold(tmp_path) == ({"01-en": (0,), "02-ru": (0, 1)}, {"01-en": (1,)})


@pytest.mark.parametrize("body, words", [
    ('title = "x"\n', "[[group]]"),
    ('[[group]]\n"a" = "zero"\n', "paragraph indices"),
    ('[[group]]\n"a" = [0]\n[[group]]\n"a" = [0]\n', "groups 1 and 2"),
])
def test_gold_errors_say_what_to_fix(tmp_path, body, words):
    path = tmp_path / "gold.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(GoldError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_gold(path)
