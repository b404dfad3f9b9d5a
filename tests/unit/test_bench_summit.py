"""bench/_summit.py builds the summit_2024 set as the README's import commands do, and its gold fits it."""

from __future__ import annotations

import pytest

from bench import _summit

needs_data = pytest.mark.skipif(not _summit.available(),
                                reason="../shared/data/summit_2024 is absent (it sits next to the repo)")


@needs_data
def test_the_set_has_one_article_per_import_and_transcript():
    article_set = _summit.load_summit()
    outlets = [(a.id[:3], a.outlet) for a in article_set.articles]
    assert outlets == [("01-", "ICARO Media Group"), ("02-", "Channel One"),
                       ("03-", "CCTV Xinwen Lianbo"), ("04-", "CCTV Xinwen Lianbo")]
    # Channel One's leads that name Putin, joined: more than one paragraph, all mention him or follow one that does.
    assert len(article_set.articles[1].paragraphs) > 1
    assert all("普京" in a.title + "".join(p.text for p in a.paragraphs) for a in article_set.articles[2:])


@needs_data
def test_the_gold_names_paragraphs_of_the_set():
    article_set = _summit.load_summit()
    groups = _summit.load_summit_gold(article_set)
    assert groups, "the gold file has groups"
    for group in groups:
        assert len(group) >= 2, "a gold group spans two or more articles"


def test_a_gold_file_that_does_not_fit_the_set_is_refused(tmp_path, monkeypatch):
    from compare.types import Article, ArticleSet, Paragraph

    article_set = ArticleSet(path="x", title="x", articles=(
        Article(id="01-a", outlet="A", declared_lang="en", title="t", paragraphs=(Paragraph(0, "One."),)),
        Article(id="02-b", outlet="B", declared_lang="ru", title="t", paragraphs=(Paragraph(0, "Один."),)),
    ))
    gold = tmp_path / "summit.toml"
    monkeypatch.setattr(_summit, "GOLD", gold)
    gold.write_text('[[group]]\n"01-a" = [0]\n"02-b" = [0]\n', encoding="utf-8")
    assert _summit.load_summit_gold(article_set) == ({"01-a": (0,), "02-b": (0,)},)
    gold.write_text('[[group]]\n"01-a" = [0]\n"02-b" = [1]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not in the set"):
        _summit.load_summit_gold(article_set)
