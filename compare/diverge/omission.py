"""Omission: content some outlets carry and others leave out; per article, also what only it carries."""

from __future__ import annotations

from typing import Sequence

from compare.diverge.sides import DivergeParams, Side, listing, snippet
from compare.overview import comes_close, omitted_by, only_in
from compare.types import Divergence, Evidence, Group, pilcrow


def omission_items(group: Group, sides: Sequence[Side], ids: Sequence[str], params: DivergeParams) -> list[Divergence]:
    carriers = [s.article for s in sides]
    absent = [a for a in ids if a not in carriers]
    if not absent or len(ids) < 2:
        return []
    share = (len(carriers) - 1) / max(1, len(ids) - 2) if len(ids) > 2 else 1.0
    strength = 0.3 + 0.7 * share if len(carriers) > 1 else 0.3
    first = sides[0]
    leave = "leaves" if len(absent) == 1 else "leave"
    if len(carriers) == 1:
        reason = f"Only {first.article} reports this; {listing(absent)} {leave} it out."
    else:
        reason = f"{listing(carriers)} report this; {listing(absent)} {leave} it out."
    reason += _check_near(group, absent, params)
    evidence = tuple(Evidence(s.article, s.indices[0], snippet(s.english[0])) for s in sides if s.indices)
    return [Divergence("omission", round(min(1.0, strength), 3), reason, evidence, tuple(absent))]


def _check_near(group: Group, absent: Sequence[str], params: DivergeParams) -> str:
    """" Check X ¶6, which comes close (0.61)." for omitting articles whose closest paragraph is near."""
    near = [n for a in absent if (n := comes_close(group, a, params.near_omission)) is not None]
    if not near:
        return ""
    if len(near) == 1:
        return f" Check {near[0].article} {pilcrow(near[0].paragraph)}, which comes close ({near[0].similarity:.2f})."
    places = listing([f"{n.article} {pilcrow(n.paragraph)} ({n.similarity:.2f})" for n in near])
    return f" Check {places}, which come close."


def article_items(group: Group, sides: Sequence[Side], ids: Sequence[str],
                  params: DivergeParams) -> list[Divergence]:
    """Per-article view: unique content of an article, content it leaves out (the rule of `compare.overview`)."""
    carriers = [s.article for s in sides]
    items = []
    if only_in(group, ids) is not None:
        side = sides[0]
        items.append(Divergence(
            "unique", 0.5,
            f"Only {side.article} carries {_indices(side.indices)}: \"{snippet(side.english[0])}\"",
            (Evidence(side.article, side.indices[0], snippet(side.english[0])),), (side.article,)))
    for article in omitted_by(group, ids):
        strength = min(1.0, 0.3 + 0.7 * (len(carriers) - 1) / max(1, len(ids) - 2)) if len(ids) > 2 else 1.0
        items.append(Divergence(
            "omission", round(strength, 3),
            f"{article} leaves out what {listing(carriers)} report: \"{snippet(sides[0].english[0])}\""
            + _check_near(group, [article], params),
            tuple(Evidence(s.article, s.indices[0], snippet(s.english[0])) for s in sides),
            (article,)))
    return items


def _indices(indices: Sequence[int]) -> str:
    return ", ".join(pilcrow(i) for i in indices)
