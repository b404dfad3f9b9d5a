"""The real same-event clusters of ../shared/data/cross_outlet_dec2021 as article sets, and their gold.

The data has no paragraph gold; the groups in bench/gold/cross_outlet_dec2021
were written for Parallax (see bench/gold/README.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from compare.evaluate import check_gold_fits, load_gold
from compare.types import Article, ArticleSet, Paragraph

CLUSTERS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "cross_outlet_dec2021" / "docs.jsonl"
GOLD = Path(__file__).resolve().parent / "gold" / "cross_outlet_dec2021"


def _rows() -> list[dict]:
    return [json.loads(line) for line in CLUSTERS.read_text(encoding="utf-8").splitlines() if line.strip()]


def names() -> list[str]:
    return sorted({row["cluster"] for row in _rows()})


def load_cluster(name: str) -> ArticleSet | None:
    """One cluster's articles (one paragraph per sentence of the file, the first as title); None if unknown."""
    docs = [row for row in _rows() if row["cluster"] == name]
    if not docs:
        return None
    return ArticleSet(path=str(CLUSTERS), title=name, articles=tuple(
        Article(id=f"{d['lang']}-{d['wmt22_docid']}", outlet=d["outlet"], declared_lang=d["lang"], title=d["text"][0],
                paragraphs=tuple(Paragraph(i, t) for i, t in enumerate(d["text"]) if t.strip()))
        for d in docs))


def gold_names() -> list[str]:
    """The clusters with written gold."""
    return sorted(path.stem for path in GOLD.glob("*.toml"))


def load_cluster_gold(name: str, article_set: ArticleSet) -> tuple[dict[str, tuple[int, ...]], ...]:
    """The gold groups of one cluster, checked against its articles (a file without groups: none shared)."""
    path = GOLD / f"{name}.toml"
    groups = load_gold(path) if "[[group]]" in path.read_text(encoding="utf-8") else ()
    check_gold_fits(groups, article_set, path, "cluster's articles")
    return groups
