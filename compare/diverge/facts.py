"""Facts: figures, dates and names present on one side only, or different between the sides."""

from __future__ import annotations

import math
from typing import Collection, Iterable

from compare.diverge.sides import DivergeParams, Side
from compare.text.names import name_present, names, own_outlet
from compare.text.numbers import Number, numbers, same_number
from compare.types import Divergence


def fact_items(a: Side, b: Side, params: DivergeParams, recurring: Collection[str]) -> list[Divergence]:
    """Figures and names on one side only, or different between the sides (`recurring`: see `names`)."""
    items = []
    nums_a = _distinct(numbers(a.text) + numbers("\n".join(a.original)), params.number_tolerance)
    nums_b = _distinct(numbers(b.text) + numbers("\n".join(b.original)), params.number_tolerance)
    differing: set[frozenset[float]] = set()
    for side, other, mine, theirs in ((a, b, nums_a, nums_b), (b, a, nums_b, nums_a)):
        for number in mine:
            if any(same_number(number, t, params.number_tolerance) for t in theirs):
                continue
            # A figure of theirs that one of mine agrees with, or that another of mine is
            # nearer to, is not a different version of this one ("$240.1 billion, above the
            # $200 billion target" against "$240 billion" or "$227.8 billion").
            close = [t for t in theirs if _comparable(number, t)
                     and not any(same_number(t, m, params.number_tolerance) for m in mine)
                     and not any(_comparable(m, t) and _distance(m, t) < _distance(number, t) for m in mine)]
            if close:
                key = frozenset((number.value, close[0].value))
                if key in differing:
                    continue
                differing.add(key)
                items.append(Divergence(
                    "facts", 0.8,
                    f"{side.article} gives \"{number.context}\" where {other.article} gives \"{close[0].context}\".",
                    (side.evidence(number.span), other.evidence(close[0].span)), (side.article, other.article)))
            elif not number.word and not any(same_number(number, t, params.number_tolerance)
                                             for t in other.whole.numbers):
                # (a figure the other outlet gives elsewhere in its article is not missing from it)
                what = "date" if number.is_date else "figure"
                items.append(Divergence(
                    "facts", 0.45,
                    f"{side.article} gives the {what} \"{number.context}\"; {other.article} has no such {what}.",
                    (side.evidence(number.span),), (side.article, other.article)))
    for side, other in ((a, b), (b, a)):
        for name in names(side.text, recurring):
            if own_outlet(name, side.outlet):
                continue  # a dateline or byline naming the outlet itself ("BEIJING (Meridian Wire) -")
            # Looked up in the other outlet's whole article (its paragraphs here included):
            # a name it uses elsewhere is not one it leaves out.
            if not name_present(name, other.whole.text) and not other.whole.names_in_original(name):
                items.append(Divergence(
                    "facts", round(0.35 + 0.1 * min(2, name.count(" ")), 3),
                    f"{side.article} names \"{name}\"; {other.article} does not.",
                    (side.evidence(name),), (side.article, other.article)))
    # The same figure read two ways is reported once per direction at most.
    return _dedupe(items)


def _distinct(found: list[Number], tolerance: float) -> list[Number]:
    """One entry per value (English spans come first, so they are kept)."""
    out: list[Number] = []
    for number in found:
        if not any(same_number(number, kept, tolerance) for kept in out):
            out.append(number)
    return out


def _distance(x: Number, y: Number) -> float:
    """How far apart two comparable figures are, in orders of magnitude."""
    return abs(math.log10(x.value) - math.log10(y.value))


def _comparable(x: Number, y: Number) -> bool:
    """Two numbers that may be one quantity reported differently: the same unit word ("10 agreements",
    "12 agreements") and magnitude; two percentages also close ("26%" and "30%", not "26%" and "90%")."""
    # Dates are never compared: two dates in aligned paragraphs are more often two events than one.
    if x.word or y.word or x.is_date or y.is_date or x.percent != y.percent:
        return False
    if not x.unit or x.unit[:5] != y.unit[:5]:
        return False
    if x.value <= 0 or y.value <= 0:
        return False
    return _distance(x, y) < (math.log10(1.5) if x.percent else 1.0)


def _dedupe(items: Iterable[Divergence]) -> list[Divergence]:
    seen, out = set(), []
    for item in items:
        key = (item.kind, item.reason)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
