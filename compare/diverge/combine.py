"""A group's divergence assembled from the detectors, said once per outlet set and labelled for a reader."""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from compare.diverge.emphasis import emphasis_items
from compare.diverge.facts import fact_items
from compare.diverge.framing import framing_items
from compare.diverge.omission import article_items, omission_items
from compare.diverge.sides import DivergeParams, Side, Whole
from compare.diverge.tone import tone_items
from compare.overview import outlet_labels, wordless
from compare.text.scripts import word_count
from compare.types import Divergence, Group, GroupDivergence, ProcessedArticle


def diverge(
    groups: Sequence[Group],
    articles: Sequence[ProcessedArticle],
    params: DivergeParams | None = None,
) -> tuple[tuple[Group, ...], dict[str, tuple[Divergence, ...]]]:
    """Fill each group's `divergence`; return per-article divergences too."""
    params = params or DivergeParams()
    by_id = {a.id: a for a in articles}
    ids = [a.id for a in articles]
    words = {a.id: sum(word_count(p.translation.text) for p in a.paragraphs) or 1 for a in articles}
    wholes = {a.id: _whole(a) for a in articles}  # once per article, not once per group
    # A word any outlet of the set uses as a name in mid-sentence (see `names`)
    recurring = frozenset().union(*(w.recurring for w in wholes.values()))
    out_groups = []
    per_article: dict[str, list[Divergence]] = {a: [] for a in ids}
    for group in groups:
        sides = [Side.of(article, indices, by_id[article], wholes[article])
                 for article, indices in group.members if article in by_id]
        if wordless(group, by_id):  # links, handles, figures: nothing reported, nothing to leave out
            out_groups.append(group)
            continue
        items: list[Divergence] = []
        items += omission_items(group, sides, ids, params)
        items += emphasis_items(sides, words, params)
        for a, b in itertools.combinations(sides, 2):
            items += PAIRS.items(a, b, params, recurring)
        items = _strongest(_combine(items), params.max_items_per_kind)
        score = max((d.strength for d in items), default=0.0)
        out_groups.append(replace(group, divergence=GroupDivergence(round(score, 3), tuple(items))))
        for item in article_items(group, sides, ids, params):
            for article in item.articles[:1]:
                per_article[article].append(item)
    # Detectors and `_combine` work with ids; a reader is told outlets.
    labelled = _labeller(outlet_labels(articles))
    out_groups = [replace(g, divergence=replace(g.divergence, items=labelled(g.divergence.items)))
                  for g in out_groups]
    return tuple(out_groups), {a: labelled(sorted(v, key=lambda d: -d.strength)) for a, v in per_article.items()}


# A reader's correction diverges a group or two of a set already diverged: its articles' wholes (and the
# names found in them) are kept, not made again (`compare.corrections`).
_whole = lru_cache(maxsize=64)(Whole.of)

class KeptPairs:
    """What two sides say of each other, kept between calls: a correction changes one side or two of
    a group, and the pairs of the others are not compared again.

    Keyed by the sides' texts and their articles' wholes (held in the value, so that their ids stay
    theirs); emptied when it holds `limit` pairs.
    """

    def __init__(self, limit: int = 50_000):
        self.limit = limit
        self._kept: dict[tuple, tuple] = {}

    def items(self, a: Side, b: Side, params: DivergeParams, recurring: frozenset[str]) -> list[Divergence]:
        key = (id(a.whole), a.article, a.indices, a.english, a.original,
               id(b.whole), b.article, b.indices, b.english, b.original, params, recurring)
        found = self._kept.get(key)
        if found is None:
            items = tuple(framing_items(a, b) + fact_items(a, b, params, recurring) + tone_items(a, b, params))
            if len(self._kept) >= self.limit:
                self._kept.clear()
            found = self._kept[key] = (a.whole, b.whole, items)
        return list(found[2])

    @contextmanager
    def set_aside(self) -> Iterator[None]:
        """Nothing kept inside the block (every pair compared, as the first time); all of it back after."""
        saved, self._kept = self._kept, {}
        try:
            yield
        finally:
            self._kept = saved


PAIRS = KeptPairs()


_QUOTED = re.compile(r'"[^"]*"')


def _labeller(labels: Mapping[str, str]) -> Callable[[Iterable[Divergence]], tuple[Divergence, ...]]:
    """Items -> the same items with article ids in their reasons replaced by labels (quoted text left alone).

    `articles` and the evidence keep the ids.
    """
    renames = {a: label for a, label in labels.items() if label != a}
    if not renames:
        return tuple
    ids = _article_pattern(*renames)  # one pass: a label is never searched again

    def rename(part: str) -> str:
        return ids.sub(lambda m: renames[m.group(0)], part)

    def relabel(reason: str) -> str:
        out, at = [], 0
        for quoted in _QUOTED.finditer(reason):
            out += [rename(reason[at:quoted.start()]), quoted.group(0)]
            at = quoted.end()
        return "".join(out + [rename(reason[at:])])

    return lambda items: tuple(replace(d, reason=relabel(d.reason)) for d in items)


def _combine(items: list[Divergence]) -> list[Divergence]:
    """Say once what pairwise detectors say once per pair.

    First, items of one side against several others that differ only in
    that other outlet become one: "A names X; B, C and D do not". Then
    items that differ only in the side they start with, against the same
    others, become one: "A and B name X; C does not" (the same name, the
    same figure as written, the same loaded word).
    """
    def against(item: Divergence) -> tuple | None:
        other = item.articles[1] if len(item.articles) == 2 else None
        if other is None or len(_id_mentions(item.reason, other)) != 1 or not item.evidence:
            return None
        return (item.kind, item.articles[0], item.evidence[0].span, _id_replace(item.reason, other, "\x00"))

    def saying(item: Divergence) -> tuple | None:
        subject = item.articles[0] if item.articles else ""
        found = _id_mentions(item.reason, subject) if subject else []
        if len(found) != 1 or found[0].start() != 0:
            return None
        return (item.kind, _id_replace(item.reason, subject, "\x00"), item.articles[1:])

    return _merge_items(_merge_items(items, against, position=1), saying, position=0)


def _merge_items(items: list[Divergence], key_of, position: int) -> list[Divergence]:
    """Items with the same key (None: no key) become one, naming all the articles at `position`."""
    merged: dict[tuple, list[Divergence]] = {}
    for item in items:
        key = key_of(item)
        merged.setdefault((id(item),) if key is None else key, []).append(item)
    out = []
    for same in merged.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        first, varying = same[0], [d.articles[position] for d in same]
        names = ", ".join(varying[:-1]) + " and " + varying[-1]
        out.append(Divergence(
            kind=first.kind,
            strength=max(d.strength for d in same),
            reason=_plural(_id_replace(first.reason, varying[0], names), names),
            evidence=tuple(dict.fromkeys(e for d in same for e in d.evidence)),
            articles=(*first.articles[:position], *varying, *first.articles[position + 1:]),
        ))
    return out


def _article_pattern(*articles: str) -> re.Pattern:
    """Any of the ids as a whole word; longer ids first, so one id is not found inside another."""
    alternatives = "|".join(re.escape(a) for a in sorted(articles, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")


def _id_mentions(reason: str, article: str) -> list[re.Match]:
    """Where an article id stands in a reason as a whole word ("a" in "a names X", not in "names")."""
    return list(_article_pattern(article).finditer(reason))


def _id_replace(reason: str, article: str, by: str) -> str:
    return _article_pattern(article).sub(lambda _: by, reason)


_PLURAL_VERBS = {"has": "have", "does": "do", "says": "say", "uses": "use", "gives": "give", "names": "name",
                 "is": "are", "puts": "put", "stresses": "stress", "reads": "read", "quotes": "quote"}


def _plural(reason: str, subject: str) -> str:
    """Make the verb after a list of outlets plural ("A and B says" -> "A and B say")."""
    for singular, plural in _PLURAL_VERBS.items():
        reason = reason.replace(f"{subject} {singular} ", f"{subject} {plural} ")
    return reason


def _strongest(items: list[Divergence], per_kind: int) -> list[Divergence]:
    kept, count = [], {}
    for item in sorted(items, key=lambda d: (-d.strength, d.kind, d.reason)):
        if count.get(item.kind, 0) < per_kind:
            count[item.kind] = count.get(item.kind, 0) + 1
            kept.append(item)
    return kept
