"""Omission: content some outlets carry and others leave out; per article, also what only it carries.

An outlet whose closest paragraph comes close to the group is not said to
leave it out: it possibly reports the same in other words, and the reader
is pointed to that paragraph instead (kind "possible").
"""

from __future__ import annotations

from typing import Sequence

from compare.diverge.sides import DivergeParams, Side, listing, snippet
from compare.overview import only_in, possibly_in
from compare.types import Divergence, Evidence, Group, Nearest, pilcrow

# How strongly a possible match is reported: a pointer to check, weaker than any omission.
POSSIBLE_STRENGTH = 0.2


def omission_items(group: Group, sides: Sequence[Side], ids: Sequence[str], params: DivergeParams) -> list[Divergence]:
    carriers = [s.article for s in sides]
    absent = [a for a in ids if a not in carriers]
    if not absent or len(ids) < 2:
        return []
    near = possibly_in(group, ids, params.near_omission)
    far = [a for a in absent if a not in {n.article for n in near}]
    evidence = tuple(Evidence(s.article, s.indices[0], snippet(s.english[0])) for s in sides if s.indices)
    said = (f"Only {sides[0].article} reports this" if len(carriers) == 1
            else f"{listing(carriers)} report this")
    items = []
    if far:
        share = (len(carriers) - 1) / max(1, len(ids) - 2) if len(ids) > 2 else 1.0
        strength = 0.3 + 0.7 * share if len(carriers) > 1 else 0.3
        leave = "leaves" if len(far) == 1 else "leave"
        reason = f"{said}; {listing(far)} {leave} it out." + (f" {_possibly(near)}" if near else "")
        items.append(Divergence("omission", round(min(1.0, strength), 3), reason, evidence, tuple(far)))
    elif near:
        items.append(Divergence("possible", POSSIBLE_STRENGTH, f"{said}; {_possibly(near)}",
                                evidence + _near_evidence(near), tuple(n.article for n in near)))
    return items


def _possibly(near: Sequence[Nearest]) -> str:
    """"Daily Paper ¶6 (0.61) possibly reports the same: check it." for the articles that come close."""
    places = listing([f"{n.article} {pilcrow(n.paragraph)} ({n.similarity:.2f})" for n in near])
    return f"{places} possibly {'reports' if len(near) == 1 else 'report'} the same: check {'it' if len(near) == 1 else 'them'}."


def _near_evidence(near: Sequence[Nearest]) -> tuple[Evidence, ...]:
    return tuple(Evidence(n.article, n.paragraph, "") for n in near)


def article_items(group: Group, sides: Sequence[Side], ids: Sequence[str],
                  params: DivergeParams) -> list[Divergence]:
    """Per-article view: unique content of an article, content it leaves out or possibly carries."""
    carriers = [s.article for s in sides]
    items = []
    if only_in(group, ids) is not None:
        side = sides[0]
        items.append(Divergence(
            "unique", 0.5,
            f"Only {side.article} carries {_indices(side.indices)}: \"{snippet(side.english[0])}\"",
            (Evidence(side.article, side.indices[0], snippet(side.english[0])),), (side.article,)))
    if len(carriers) < 2:
        return items
    evidence = tuple(Evidence(s.article, s.indices[0], snippet(s.english[0])) for s in sides)
    what = f"what {listing(carriers)} report: \"{snippet(sides[0].english[0])}\""
    near = {n.article: n for n in possibly_in(group, ids, params.near_omission)}
    for article in (a for a in ids if a not in carriers):
        if article in near:
            n = near[article]
            items.append(Divergence(
                "possible", POSSIBLE_STRENGTH,
                f"{article} {pilcrow(n.paragraph)} ({n.similarity:.2f}) possibly reports {what}",
                evidence + _near_evidence([n]), (article,)))
            continue
        strength = min(1.0, 0.3 + 0.7 * (len(carriers) - 1) / max(1, len(ids) - 2)) if len(ids) > 2 else 1.0
        items.append(Divergence("omission", round(strength, 3), f"{article} leaves out {what}", evidence, (article,)))
    return items


def _indices(indices: Sequence[int]) -> str:
    return ", ".join(pilcrow(i) for i in indices)
