"""What the screens show, computed from a Comparison (pure, no widgets).

Kept apart from the widgets so that ordering, filtering, search and the
overview figures can be tested without running the app.
"""

from __future__ import annotations

import math
import os
from typing import Sequence

from compare import overview
from compare.overview import OutletOverview
from compare.types import DIVERGENCE_KINDS, Comparison, Divergence, Group, ProcessedArticle, ProcessedParagraph

from tui import palette
from tui.sanitize import one_line

KINDS = DIVERGENCE_KINDS

KIND_STYLE = palette.KIND
KIND_BADGE = {
    "omission": "OMIT",
    "possible": "MAYBE",
    "facts": "FACTS",
    "framing": "FRAME",
    "emphasis": "EMPH",
    "tone": "TONE",
    "unique": "UNIQ",
}
LANG_STYLE = palette.LANG


def outlet_names(articles: Sequence[ProcessedArticle]) -> dict[str, str]:
    """Each article's outlet as the screens show it: one line, without a long prefix they all share,
    two of one outlet told apart as in the reasons (`compare.overview.outlet_labels`)."""
    names = _without_shared_prefix({a.id: one_line(a.article.outlet or a.id) for a in articles})
    return overview.outlet_labels(articles, names)


_SEPARATORS = " _-.:/|·—"
SHARED_PREFIX_LEAST = 12  # characters


def _without_shared_prefix(names: dict[str, str]) -> dict[str, str]:
    """Outlet names without a long beginning they all share, cut at a separator.

    Outlets named after their files ("g7_warns_russia_ukraine__en__rte.en.ie.26277",
    "g7_warns_russia_ukraine__ru__kommersant.51685") would otherwise show as
    one truncated header repeated over every column. Only a beginning without
    spaces is cut, as a file name's or an id's would be: words shared by
    outlet names ("Channel One " in "Channel One Russia") are part of them.
    """
    distinct = sorted(set(names.values()))
    if len(distinct) < 2:
        return names
    prefix = os.path.commonprefix(distinct)
    cut = max(prefix.rfind(separator) for separator in _SEPARATORS) + 1
    if (cut < SHARED_PREFIX_LEAST or " " in prefix[:cut]
            or any(not name[cut:].strip(_SEPARATORS) for name in distinct)):
        return names
    return {article: name[cut:] for article, name in names.items()}


def kind_style(kind: str) -> str:
    return KIND_STYLE.get(kind, palette.OTHER_KIND)


def kind_badge(kind: str) -> str:
    return KIND_BADGE.get(kind, kind[:5].upper())


def lang_style(lang: str) -> str:
    return LANG_STYLE.get(lang, palette.OTHER_LANG)


def strongest(group: Group) -> Divergence | None:
    items = group.divergence.items
    return max(items, key=lambda d: d.strength) if items else None


def paragraphs_of(comparison: Comparison, group: Group, article_id: str) -> tuple[ProcessedParagraph, ...]:
    indices = group.paragraphs_of(article_id)
    if not indices:
        return ()
    paragraphs = comparison.article(article_id).paragraphs
    return tuple(p for p in (_paragraph(paragraphs, i) for i in indices) if p is not None)


def _paragraph(paragraphs: Sequence[ProcessedParagraph], index: int) -> ProcessedParagraph | None:
    """Paragraph `index` of an article: at that position (as they come from the engine), else looked for."""
    # Called for every cell of the grid and every group a search reads: no pass over a long article.
    if 0 <= index < len(paragraphs) and paragraphs[index].index == index:
        return paragraphs[index]
    return next((p for p in paragraphs if p.index == index), None)


def paragraph_text(paragraph: ProcessedParagraph, translated: bool) -> str:
    if translated and paragraph.translation.text:
        return paragraph.translation.text
    return paragraph.text


def ordered_groups(comparison: Comparison, anchor: str | None) -> list[Group]:
    """Groups in the reading order of `anchor`.

    Groups the anchor carries come in its paragraph order; a group it lacks
    is placed just after the group that precedes it in the first article
    carrying it (so omissions appear where the others put them), or, when
    nothing before it there is placed, just before the group that follows
    it. What has no placed neighbour at all (an article on another story)
    comes last, in article order, rather than ahead of the anchor's first
    paragraph.
    """
    groups = list(comparison.groups)
    if not anchor:
        return groups
    group_of: dict[tuple[str, int], Group] = {}
    for group in groups:
        for article_id, indices in group.members:
            for index in indices:
                group_of[(article_id, index)] = group

    def anchor_pos(group: Group) -> float | None:
        indices = group.paragraphs_of(anchor)
        return float(min(indices)) if indices else None

    article_order = {article.id: number for number, article in enumerate(comparison.articles)}
    memo: dict[int, tuple[float, ...]] = {}
    visiting: set[int] = set()

    def key(group: Group) -> tuple[float, ...]:
        """Sort key: (anchor position, ...) for a placed group, (inf, article, index) for the rest."""
        if group.id in memo:
            return memo[group.id]
        pos = anchor_pos(group)
        if pos is not None:
            return memo.setdefault(group.id, (pos,))
        article_id, indices = group.members[0] if group.members else ("", ())
        first = min(indices) if indices else 0
        result = None
        if group.id not in visiting:
            visiting.add(group.id)
            result = beside(article_id, first, -1, lambda k: k + (1.0 + first,))  # right after
            if result is None:
                result = beside(article_id, first, +1, lambda k: k[:-1] + (k[-1] - 0.5, float(first)))  # right before
            visiting.discard(group.id)
        if result is None:
            result = (math.inf, float(article_order.get(article_id, 0)), float(first))
        memo[group.id] = result
        return result

    def beside(article_id: str, first: int, step: int, place) -> tuple[float, ...] | None:
        """The place next to the nearest group in this direction of the article that has one."""
        index = first + step
        while (article_id, index) in group_of:
            neighbour = group_of[(article_id, index)]
            if neighbour.id not in visiting:
                k = key(neighbour)
                if k[0] != math.inf:
                    return place(k)
            index += step
        return None

    return sorted(groups, key=lambda g: (key(g), g.id))


def group_matches(comparison: Comparison, group: Group, query: str) -> bool:
    """True when any paragraph of the group (original or English) holds `query`."""
    needle = query.casefold().strip()
    if not needle:
        return True
    for article_id, _ in group.members:
        for paragraph in paragraphs_of(comparison, group, article_id):
            if needle in paragraph.text.casefold() or needle in paragraph.translation.text.casefold():
                return True
    return False


def group_passes(group: Group, kind: str | None, min_strength: float) -> bool:
    """The divergence filter: a kind (or any) at `min_strength` or above."""
    if kind is None and min_strength <= 0:
        return True
    for item in group.divergence.items:
        if (kind is None or item.kind == kind) and item.strength >= min_strength:
            return True
    return False


def topic_label(comparison: Comparison, group: Group, width: int = 40) -> str:
    """A short, safe English label for a group: the start of its first paragraph."""
    for article_id, _ in group.members:
        for paragraph in paragraphs_of(comparison, group, article_id):
            text = one_line(paragraph_text(paragraph, True))
            if text:
                return text if len(text) <= width else text[: width - 1].rstrip() + "…"
    return f"group {group.id}"


def wordless(comparison: Comparison, group: Group) -> bool:
    """`compare.overview.wordless` for a group of this comparison: links or figures, nothing to omit."""
    return overview.wordless(group, {a.id: a for a in comparison.articles})


def wordless_ids(comparison: Comparison) -> frozenset[int]:
    """The ids of the comparison's wordless groups, worked out once for a whole redraw."""
    by_id = {a.id: a for a in comparison.articles}
    return frozenset(g.id for g in comparison.groups if overview.wordless(g, by_id))


def emphasis(comparison: Comparison) -> list[OutletOverview]:
    """Per outlet: share of words per group, what it omits, what only it carries (`compare.overview`)."""
    return overview.per_outlet(comparison)
