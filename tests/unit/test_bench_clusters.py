"""The written gold of the real clusters (bench/gold) fits the clusters bench/_clusters.py builds."""

from __future__ import annotations

import pytest

from bench import _clusters
from compare.types import Article, ArticleSet, Paragraph

needs_data = pytest.mark.skipif(not _clusters.CLUSTERS.is_file(),
                                reason="../shared/data/cross_outlet_dec2021 is absent (it sits next to the repo)")


@needs_data
@pytest.mark.parametrize("name", _clusters.gold_names())
def test_every_gold_file_names_paragraphs_of_its_cluster(name):
    article_set = _clusters.load_cluster(name)
    groups = _clusters.load_cluster_gold(name, article_set)
    for group in groups:
        assert len(group) >= 2, "a gold group spans two or more articles"


def test_gold_names_four_clusters():
    assert _clusters.gold_names() == ["g7_warns_russia_ukraine", "omicron_south_africa",
                                      "scholz_visits_poland", "summit_for_democracy"]


def test_a_gold_file_that_does_not_fit_its_cluster_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(_clusters, "GOLD", tmp_path)
    article_set = ArticleSet(path="x", title="x", articles=(
        Article(id="en-a", outlet="A", declared_lang="en", title="t", paragraphs=(Paragraph(0, "One."),)),
        Article(id="ru-b", outlet="B", declared_lang="ru", title="t", paragraphs=(Paragraph(0, "Один."),)),
    ))
    (tmp_path / "fits.toml").write_text('[[group]]\n"en-a" = [0]\n"ru-b" = [0]\n', encoding="utf-8")
    assert _clusters.load_cluster_gold("fits", article_set) == ({"en-a": (0,), "ru-b": (0,)},)
    (tmp_path / "none.toml").write_text("# no shared content\n", encoding="utf-8")
    assert _clusters.load_cluster_gold("none", article_set) == ()
    (tmp_path / "beyond.toml").write_text('[[group]]\n"en-a" = [0]\n"ru-b" = [3]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not in the cluster"):
        _clusters.load_cluster_gold("beyond", article_set)
    (tmp_path / "other.toml").write_text('[[group]]\n"en-a" = [0]\n"zh-c" = [0]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not in the cluster"):
        _clusters.load_cluster_gold("other", article_set)
