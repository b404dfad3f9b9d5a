"""The reader's corrections of the alignment: move a paragraph, split a group, join two, applied on top
of the aligner's groups.

A correction names paragraphs, never group numbers (they change when a set
is compared again): "move en ¶3 into the group that holds ru ¶1", "en ¶3
and ru ¶4 leave their group", "the group of zh ¶2 joins the group of en ¶0".
`apply` replays them in order on the aligner's groups and recomputes the
divergences of the groups they change, and only those (`compare.diverge`
and `compare.overview` are pure functions of the groups). Kept on disk by
`compare.corrections_store`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Literal, Mapping, Sequence

from compare.types import Comparison, Divergence, Group, Nearest, ParagraphRef, Regrouped

READER = "the reader"  # who corrected a group (`Group.corrected_by`)

Kind = Literal["move", "split", "join"]
KINDS: tuple[Kind, ...] = ("move", "split", "join")


@dataclass(frozen=True)
class Correction:
    """One correction. move: `paragraphs[0]` goes to the group holding `target`, or to a group of
    its own when `target` is None; split: `paragraphs` leave their group, together; join: the group
    holding `paragraphs[0]` joins the group holding `target`."""

    kind: Kind
    paragraphs: tuple[ParagraphRef, ...]
    target: ParagraphRef | None = None

    def refs(self) -> tuple[ParagraphRef, ...]:
        return self.paragraphs + ((self.target,) if self.target is not None else ())


def move(article: str, index: int, to: ParagraphRef | None) -> Correction:
    return Correction("move", (ParagraphRef(article, index),), to)


def split(paragraphs: Iterable[tuple[str, int]]) -> Correction:
    return Correction("split", tuple(ParagraphRef(a, i) for a, i in paragraphs))


def join(group: Group, into: Group) -> Correction:
    """`group` joins `into` (which keeps its number)."""
    return Correction("join", (first_paragraph(group),), first_paragraph(into))


def first_paragraph(group: Group) -> ParagraphRef:
    article, indices = group.members[0]
    return ParagraphRef(article, indices[0])


# -- regrouping ---------------------------------------------------------------------


def regroup(groups: Sequence[Group], corrections: Sequence[Correction]) -> dict[int, list[ParagraphRef]]:
    """Group id -> its paragraphs after the corrections, in the aligner's order of groups, new groups last.

    A correction whose paragraphs are not in the groups does nothing, as does one already true.
    """
    members: dict[int, list[ParagraphRef]] = {
        g.id: [ParagraphRef(a, i) for a, indices in g.members for i in indices] for g in groups}
    where = {ref: gid for gid, refs in members.items() for ref in refs}
    next_id = max(members, default=-1) + 1

    def put(ref: ParagraphRef, gid: int) -> None:
        members[where[ref]].remove(ref)
        members.setdefault(gid, []).append(ref)
        where[ref] = gid

    for c in corrections:
        if any(ref not in where for ref in c.refs()):
            continue
        if c.kind == "move":
            if c.target is None:
                if len(members[where[c.paragraphs[0]]]) > 1:
                    put(c.paragraphs[0], next_id)
                    next_id += 1
            elif where[c.target] != where[c.paragraphs[0]]:
                put(c.paragraphs[0], where[c.target])
        elif c.kind == "split":
            sources = {where[ref] for ref in c.paragraphs}
            if len(sources) == 1 and len(members[sources.pop()]) > len(c.paragraphs):
                for ref in c.paragraphs:
                    put(ref, next_id)
                next_id += 1
        elif c.kind == "join" and c.target is not None and where[c.target] != where[c.paragraphs[0]]:
            into = where[c.target]
            for ref in list(members[where[c.paragraphs[0]]]):
                put(ref, into)
    return {gid: refs for gid, refs in members.items() if refs}


def _members(refs: Iterable[ParagraphRef], order: Sequence[str]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    by_article: dict[str, list[int]] = {}
    for ref in refs:
        by_article.setdefault(ref.article, []).append(ref.index)
    rank = {a: n for n, a in enumerate(order)}
    return tuple((a, tuple(sorted(by_article[a]))) for a in sorted(by_article, key=lambda a: rank.get(a, len(rank))))


def _rebuilt(gid: int, refs: list[ParagraphRef], sources: Sequence[Group], order: Sequence[str]) -> Group:
    """A group the reader changed: the aligner's links inside it kept, the closest paragraphs of the
    groups it came from kept for the articles it still lacks."""
    inside = set(refs)
    links = tuple(link for g in sources for link in g.links if link.a in inside and link.b in inside)
    members = _members(refs, order)
    articles = {a for a, _ in members}
    closest: dict[str, Nearest] = {}
    for near in (n for g in sources for n in g.closest if n.article not in articles):
        if near.article not in closest or near.similarity > closest[near.article].similarity:
            closest[near.article] = near
    similarity = round(sum(l.score for l in links) / len(links), 4) if links else 0.0
    return Group(gid, members, similarity, links, closest=tuple(closest[a] for a in order if a in closest),
                 corrected_by=READER)


# -- applying ------------------------------------------------------------------------


def apply(aligned: Comparison, corrections: Sequence[Correction], *, shown: Comparison | None = None) -> Comparison:
    """The aligner's comparison with the corrections applied, divergences recomputed for the groups they change.

    `shown`: a comparison already computed from the same `aligned` (the screen's, before one more
    correction or an undo); its groups and divergences are reused wherever they did not change.
    """
    shown = shown or aligned
    order = [a.id for a in aligned.articles]
    originals = {g.id: g for g in aligned.groups}
    regrouped = regroup(aligned.groups, corrections)
    were = {ref: g.id for g in aligned.groups for ref in _refs(g)}
    groups: list[Group] = []
    for gid, refs in regrouped.items():
        original = originals.get(gid)
        if original is not None and set(refs) == set(_refs(original)):
            groups.append(original)
            continue
        sources = [originals[i] for i in dict.fromkeys(were[ref] for ref in refs) if i in originals]
        if original is not None and original not in sources:
            sources.insert(0, original)
        groups.append(_rebuilt(gid, refs, sources, order))
    moved = tuple(Regrouped(ref, were[ref], gid) for gid, refs in regrouped.items()
                  for ref in sorted(refs) if were.get(ref, gid) != gid)
    return _with_divergences(replace(aligned, corrections=moved), groups, shown)


def _with_divergences(comparison: Comparison, groups: list[Group], shown: Comparison) -> Comparison:
    """Reuse `shown`'s divergence of every group whose members it already had; diverge the rest."""
    from compare.diverge import diverge  # here: opening a set with no correction never needs it

    before = {g.id: g for g in shown.groups}
    keep, touched = {}, []
    for group in groups:
        old = before.get(group.id)
        if old is not None and old.members == group.members and old.corrected_by == group.corrected_by:
            keep[group.id] = old
        else:
            touched.append(group)
    fresh, per_article = diverge(touched, comparison.articles) if touched else ((), {})
    done = {**keep, **{g.id: g for g in fresh}}
    gone = {gid for gid in before if gid not in keep}
    owner = {ref: g.id for g in shown.groups for ref in _refs(g)}
    divergences = {a.id: _kept(shown.article_divergences.get(a.id, ()), owner, gone) + list(per_article.get(a.id, ()))
                   for a in comparison.articles}
    return replace(comparison, groups=tuple(done[g.id] for g in groups),
                   article_divergences={a: tuple(sorted(items, key=lambda d: -d.strength))
                                        for a, items in divergences.items()})


def _kept(items: Iterable[Divergence], owner: Mapping[ParagraphRef, int], gone: set[int]) -> list[Divergence]:
    """An article's divergences except those of groups that changed (known by their first evidence)."""
    def of(item: Divergence) -> int | None:
        if not item.evidence:
            return None
        return owner.get(ParagraphRef(item.evidence[0].article, item.evidence[0].paragraph))

    return [item for item in items if of(item) not in gone]


def _refs(group: Group) -> list[ParagraphRef]:
    return [ParagraphRef(a, i) for a, indices in group.members for i in indices]


def touched(comparison: Comparison) -> set[int]:
    """The groups the reader's corrections changed."""
    return {g.id for g in comparison.groups if g.corrected_by}


def prepare(comparison: Comparison) -> None:
    """Diverge every group once, for nothing but what `compare.diverge` keeps (the articles' wholes, the
    pairs of sides, the names dictionary): a correction then compares only the sides it changed.
    For a thread, while the reader chooses a correction."""
    from compare.diverge import diverge

    diverge(comparison.groups, comparison.articles)
