"""What a reader's place and marks become when a comparison of the same set is replaced by a regrouped one.

While translation streams in, the groups of the original texts give way to
the groups of the English. Group numbers mean nothing across the two: a
group is followed by its paragraphs. A group goes to the new group that
holds its first paragraph in the anchor article when it has one there, else
its first paragraph (as `compare.marks` places a stored mark).
"""

from __future__ import annotations

from typing import Mapping

from compare.types import Comparison, Group


def _owner(comparison: Comparison) -> dict[tuple[str, int], int]:
    return {(article, index): group.id for group in comparison.groups
            for article, indices in group.members for index in indices}


def _first(group: Group, anchor: str | None) -> tuple[str, int] | None:
    for article, indices in group.members:
        if article == anchor and indices:
            return article, indices[0]
    for article, indices in group.members:
        if indices:
            return article, indices[0]
    return None


def follow(before: Comparison, after: Comparison, group_id: int | None, anchor: str | None = None) -> int | None:
    """The group of `after` that holds what `before`'s group `group_id` held (None: not found)."""
    group = next((g for g in before.groups if g.id == group_id), None)
    first = None if group is None else _first(group, anchor)
    return None if first is None else _owner(after).get(first)


def carry_marks(before: Comparison, after: Comparison, marked: Mapping[int, str]) -> dict[int, str]:
    """The reader's marks (group id -> note) moved to the groups that now hold their paragraphs; two marks
    that land in one group keep both notes."""
    owner = _owner(after)
    out: dict[int, str] = {}
    for group in before.groups:
        if group.id not in marked:
            continue
        first = _first(group, None)
        target = None if first is None else owner.get(first)
        if target is None:
            continue
        note = marked[group.id]
        out[target] = "; ".join(n for n in (out.get(target, ""), note) if n) if target in out else note
    return out


def changed_groups(before: Comparison, after: Comparison) -> set[int]:
    """The groups of `after` whose paragraphs are not exactly those of a group of `before`."""
    def key(group: Group) -> frozenset:
        return frozenset((article, i) for article, indices in group.members for i in indices)

    old = {key(g) for g in before.groups}
    return {g.id for g in after.groups if key(g) not in old}


def redrawn_groups(before: Comparison, after: Comparison) -> set[int]:
    """The groups of `after` that look different from `before`'s group of that number: other paragraphs,
    other divergences, or a paragraph whose text (its English arriving) changed."""
    old = {g.id: g for g in before.groups}
    texts_before = {(a.id, p.index): p.translation for a in before.articles for p in a.paragraphs}
    new_text = {(a.id, p.index) for a in after.articles for p in a.paragraphs
                if texts_before.get((a.id, p.index)) != p.translation}
    out = set()
    for group in after.groups:
        was = old.get(group.id)
        if (was is None or was.members != group.members or was.divergence != group.divergence
                or was.provisional != group.provisional
                or any((article, i) in new_text for article, indices in group.members for i in indices)):
            out.add(group.id)
    return out
