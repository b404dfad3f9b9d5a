"""The real summit_2024 coverage (../shared/data/summit_2024) as one article set, and its gold.

Built the way README.md shows a user would build it, with `parallax import`:
the ICARO article, Channel One's news leads that name Putin (joined into one
article) and the two CCTV Xinwen Lianbo transcripts' items that name 普京
(one article per transcript). The files are written to a temporary folder on
each call; the data is read in place and never copied into the project.

The data ships no paragraph gold; bench/gold/summit_2024.toml was written for
Parallax (see bench/gold/README.md).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from compare.corpus import load_article_set
from compare.evaluate import check_gold_fits, load_gold
from compare.importer import import_sources
from compare.types import ArticleSet

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "summit_2024"
GOLD = Path(__file__).resolve().parent / "gold" / "summit_2024.toml"

# (sources under DATA, outlet, match, join): the README's three import commands.
IMPORTS = (
    (["en/icaro_2024-05-17_putin_xi.txt"], "ICARO Media Group", None, False),
    (["ru/1tv_leads_2024-05-15_18_putin_china.csv"], "Channel One", "Путин", True),
    (["zh/xwlb_20240516.md", "zh/xwlb_20240517.md"], "CCTV Xinwen Lianbo", "普京", True),
)


def available() -> bool:
    return all((DATA / source).is_file() for sources, *_ in IMPORTS for source in sources)


def load_summit() -> ArticleSet:
    """The four-article set, as `parallax import` writes it (ids 01-… to 04-…)."""
    with tempfile.TemporaryDirectory(prefix="parallax-summit-") as tmp:
        folder = Path(tmp) / "summit_2024"
        for sources, outlet, match, join in IMPORTS:
            import_sources([str(DATA / s) for s in sources], folder, outlet=outlet, match=match, join=join)
        return load_article_set(folder)


def load_summit_gold(article_set: ArticleSet) -> tuple[dict[str, tuple[int, ...]], ...]:
    """The gold groups, checked against the set's articles."""
    groups = load_gold(GOLD)
    check_gold_fits(groups, as_written(article_set), GOLD)
    return groups


def as_written(article_set: ArticleSet) -> ArticleSet:
    """The set with one paragraph per block as written: what the gold, made before passages were cut, numbers."""
    from dataclasses import replace

    from compare.corpus import written_blocks
    from compare.types import Paragraph

    articles = []
    for article in article_set.articles:
        blocks = written_blocks(article.paragraphs)
        texts: dict[int, list[str]] = {}
        for block, p in zip(blocks, article.paragraphs):
            texts.setdefault(block, []).append(p.text)
        articles.append(replace(article, paragraphs=tuple(Paragraph(b, " ".join(t)) for b, t in texts.items())))
    return replace(article_set, articles=tuple(articles))
