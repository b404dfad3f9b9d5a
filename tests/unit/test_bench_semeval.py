"""The SemEval pairs as two-article sets, the aligned share and its correlation; scoring on blocks as written."""

from __future__ import annotations

import math

import pytest

from bench import _real, _semeval, _summit
from compare.corpus import written_blocks
from compare.types import Group, Nearest, Paragraph

needs_data = pytest.mark.skipif(not _semeval.available(),
                                reason="../shared/data/semeval2022_dev is absent (it sits next to the repo)")


@needs_data
def test_every_pair_loads_as_two_articles_and_no_long_article_stays_one_paragraph():
    pairs = _semeval.load_pairs()
    assert len(pairs) >= 195  # 202 rows; a pair with an empty text is left out
    assert {p.kind for p in pairs} == {"en-en", "ru-ru", "zh-en", "zh-zh"}
    for pair in pairs:
        assert len(pair.article_set.articles) == 2
        assert 1 <= pair.overall <= 4
        for article in pair.article_set.articles:
            assert not (len(article.paragraphs) == 1 and len(article.paragraphs[0].text) > 600)


@needs_data
def test_pairs_can_be_picked_by_language():
    assert {p.kind for p in _semeval.load_pairs(["zh-en"])} == {"zh-en"}


def test_the_shared_share_counts_the_words_of_groups_of_two_articles():
    texts = {"a": ["one two three", "four"], "b": ["five six", "seven eight nine ten"]}
    groups = [{"a": [0], "b": [1]}, {"a": [1]}, {"b": [0]}]
    assert _semeval.shared_share(texts, groups) == pytest.approx(7 / 10)
    assert _semeval.shared_share(texts, [{"a": [0, 1]}, {"b": [0, 1]}]) == 0.0


def test_chinese_counts_by_characters_per_word():
    assert _semeval.words("普京访华") == pytest.approx(4 / _semeval.HAN_PER_WORD)
    assert _semeval.words("Putin visits China 2024") == 4


def test_minus_r_follows_similarity_and_is_nan_when_constant():
    assert _semeval.minus_r([0.9, 0.5, 0.1], [1, 2, 4]) == pytest.approx(0.982, abs=0.001)
    assert _semeval.minus_r([0.1, 0.5, 0.9], [1, 2, 4]) == pytest.approx(-0.982, abs=0.001)
    assert math.isnan(_semeval.minus_r([0.5, 0.5, 0.5], [1, 2, 4]))


def test_written_blocks_give_cut_passages_their_block():
    paragraphs = [Paragraph(0, "a"), Paragraph(1, "b1", block=1), Paragraph(2, "b2", block=1),
                  Paragraph(3, "c"), Paragraph(4, "d1", block=3), Paragraph(5, "e1", block=4)]
    assert written_blocks(paragraphs) == [0, 1, 1, 2, 3, 4]


def test_groups_are_scored_on_blocks_and_a_close_outlet_is_no_omission_claim():
    blocks = {"a": [0, 1, 1], "b": [0]}
    assert _real.as_blocks([Group(0, (("a", (1, 2)), ("b", (0,))), 0.9)], blocks) == [{"a": [1], "b": [0]}]
    gold = ({"a": (1,), "b": (0,)},)
    group = Group(0, (("a", (2,)), ("c", (0,))), 0.9, closest=(Nearest("b", 0, 0.3),))
    assert _real.omission_claims([group], gold, blocks | {"c": [0]}) == [(0.3, False)]


@pytest.mark.skipif(not _summit.available(), reason="../shared/data/summit_2024 is absent")
def test_the_summit_gold_fits_the_blocks_as_written_though_long_ones_are_cut():
    article_set = _summit.load_summit()
    written = _summit.as_written(article_set)
    assert sum(len(a.paragraphs) for a in article_set.articles) > sum(len(a.paragraphs) for a in written.articles)
    assert _summit.load_summit_gold(article_set)
