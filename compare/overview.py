"""Per outlet: the share of its words each group holds, what it leaves out, what only it carries.

One rule for what an outlet omits and carries alone, shared by the
divergence detectors (`compare.diverge`), the report and the screens: an
outlet omits a group that two or more others carry; it alone carries a
group no other outlet of the set carries. A wordless group (links,
figures) is neither.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

from compare.text.scripts import word_count
from compare.types import Comparison, Group, Nearest, ProcessedArticle

# An omitting outlet whose closest paragraph (`Group.closest`) is at least
# this similar is named in the omission's reason, to be checked: the
# aligner's least link cosine (`AlignParams.min_cos`). On the real sets
# with gold (sample set, clusters, summit_2024), 11 of the 34 omission
# claims above it were wrong, 7 of the 71 below it.
NEAR_OMISSION = 0.5


def outlet_labels(articles: Sequence[ProcessedArticle], names: Mapping[str, str] | None = None) -> dict[str, str]:
    """What reasons, reports and screens call each article: its outlet, or its id when it has none.

    Two articles of one outlet (a broadcast on two days) are told apart by
    their dates ("CCTV · 05-16"; the year is left out when they share it),
    or by their ids when the dates do not differ ("CCTV · 03-cctv").
    `names` gives the outlet names to start from, when the caller shortens
    them first (the screens do).
    """
    if names is None:
        names = {a.id: " ".join(a.article.outlet.split()) or a.id for a in articles}
    labels = dict(names)
    counts = Counter(names[a.id] for a in articles)
    for name in (name for name, count in counts.items() if count > 1):
        same = [a for a in articles if names[a.id] == name]
        dates = [" ".join(a.article.date.split()) for a in same]
        distinct = all(dates) and len(set(dates)) == len(dates)
        if distinct and len({d[:5] for d in dates}) == 1 and all(len(d) == 10 and d[4] == "-" for d in dates):
            dates = [d[5:] for d in dates]  # ISO dates of one year: "05-16" fits a column header
        for a, date in zip(same, dates):
            labels[a.id] = f"{name} · {date if distinct else a.id}"
    return labels


def wordless(group: Group, articles: Mapping[str, ProcessedArticle]) -> bool:
    """True when every paragraph of the group has no words (language "und": a link, a figure):
    no outlet omits it, none alone carries or stresses it."""
    langs = [articles[a].paragraphs[i].lang for a, indices in group.members if a in articles
             for i in indices if i < len(articles[a].paragraphs)]
    return bool(langs) and all(lang == "und" for lang in langs)


def comes_close(group: Group, article: str, threshold: float = NEAR_OMISSION) -> Nearest | None:
    """The article's closest paragraph to a group it is not in, when it comes close enough to doubt the omission."""
    # Compared as shown (two decimals), so a reader never sees 0.50 left unmarked.
    return next((n for n in group.closest if n.article == article and round(n.similarity, 2) >= threshold), None)


def carriers(group: Group, ids: Sequence[str]) -> list[str]:
    """The articles of `ids` that carry the group, in the group's order."""
    return [a for a in group.articles if a in ids]


def omitted_by(group: Group, ids: Sequence[str], threshold: float = NEAR_OMISSION) -> list[str]:
    """The articles of `ids` that leave the group out, when two or more others carry it.

    An article whose closest paragraph comes close (`comes_close`) is not
    among them: it possibly carries the content in other words (`possibly_in`).
    """
    carrying = carriers(group, ids)
    if len(carrying) < 2:
        return []
    near = {n.article for n in possibly_in(group, ids, threshold)}
    return [a for a in ids if a not in carrying and a not in near]


def possibly_in(group: Group, ids: Sequence[str], threshold: float = NEAR_OMISSION) -> list[Nearest]:
    """For the articles of `ids` that do not carry the group: the paragraph that possibly reports it."""
    carrying = carriers(group, ids)
    if not carrying:
        return []
    return [n for a in ids if a not in carrying and (n := comes_close(group, a, threshold)) is not None]


def only_in(group: Group, ids: Sequence[str]) -> str | None:
    """The one article of `ids` that carries the group, when the set has others."""
    carrying = carriers(group, ids)
    return carrying[0] if len(carrying) == 1 and len(ids) > 1 else None


@dataclass(frozen=True)
class OutletOverview:
    article: ProcessedArticle
    words: int
    share: dict[int, float]  # group id -> share of this article's words
    omits: tuple[Group, ...]  # groups others carry and this article does not
    possibly: tuple[Group, ...]  # groups others carry that one of this article's paragraphs comes close to
    only_here: tuple[Group, ...]  # groups no other article carries
    shared_share: float  # share of words in groups carried by others too


def per_outlet(comparison: Comparison) -> list[OutletOverview]:
    """Per outlet: share of words per group, what it omits, what only it carries; wordless groups left out."""
    by_id = {a.id: a for a in comparison.articles}
    ids = list(by_id)
    groups = [g for g in comparison.groups if not wordless(g, by_id)]
    result = []
    for article in comparison.articles:
        by_index = {p.index: p for p in article.paragraphs}
        words_per_group = {
            g.id: sum(word_count(by_index[i].translation.text) for i in g.paragraphs_of(article.id) if i in by_index)
            for g in groups if g.paragraphs_of(article.id)
        }
        total = sum(words_per_group.values()) or 1
        share = {gid: words / total for gid, words in words_per_group.items()}
        omits = tuple(g for g in groups if article.id in omitted_by(g, ids))
        possibly = tuple(g for g in groups if len(carriers(g, ids)) >= 2
                         and any(n.article == article.id for n in possibly_in(g, ids)))
        only_here = tuple(g for g in groups if only_in(g, ids) == article.id)
        unique_ids = {g.id for g in only_here}
        shared = sum(s for gid, s in share.items() if gid not in unique_ids)
        result.append(OutletOverview(article, sum(words_per_group.values()), share, omits, possibly, only_here, shared))
    return result
