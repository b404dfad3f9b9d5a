"""Scoring alignments against gold groups (its own module, as in vecalign).

Groups are compared through the links they imply: every pair of paragraphs
of *different* articles inside one group is a link. Precision, recall and
F1 of predicted links against gold links, overall and per language pair.

Gold comes from a set's `gold.toml` (see docs/DESIGN.md)::

    [[group]]
    "01-wire-en" = [0]
    "03-agency-ru" = [0, 1]
"""

from __future__ import annotations

import itertools
import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence, Union

from compare.types import Group, ParagraphRef

log = logging.getLogger(__name__)

# A group as plain data: article id -> paragraph indices.
GroupLike = Union[Group, Mapping[str, Sequence[int]]]
LinkPair = tuple[ParagraphRef, ParagraphRef]  # (smaller, larger)


class GoldError(ValueError):
    """The gold file is malformed; the message names the file and the fix."""


@dataclass(frozen=True)
class Scores:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Scores") -> "Scores":
        return Scores(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass(frozen=True)
class Evaluation:
    overall: Scores
    by_pair: Mapping[str, Scores] = field(default_factory=dict)  # "en-ru" -> scores


def load_gold(path: str | Path) -> tuple[dict[str, tuple[int, ...]], ...]:
    """Read gold groups from a gold.toml (or a set folder holding one)."""
    path = Path(path)
    if path.is_dir():
        path = path / "gold.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GoldError(f"{path}: cannot read gold groups: {exc}") from exc
    tables = data.get("group")
    if not isinstance(tables, list):
        raise GoldError(f"{path}: no [[group]] tables (write one per group of paragraphs)")
    groups = []
    for number, table in enumerate(tables):
        group = {}
        for article, indices in table.items():
            if not isinstance(indices, list) or not all(isinstance(i, int) and i >= 0 for i in indices):
                raise GoldError(
                    f"{path}: group {number + 1}: {article!r} must map to a list of "
                    "paragraph indices (integers from 0)"
                )
            group[str(article)] = tuple(sorted(indices))
        groups.append(group)
    _check_disjoint(groups, path)
    return tuple(groups)


def check_gold_fits(groups: Sequence[Mapping[str, Sequence[int]]], article_set, path: str | Path,
                    noun: str = "set") -> None:
    """Refuse gold that names an article or a paragraph the article set does not have."""
    sizes = {article.id: len(article.paragraphs) for article in article_set.articles}
    for group in groups:
        for article, indices in group.items():
            if article not in sizes or any(i >= sizes[article] for i in indices):
                raise GoldError(f"{path}: {article!r} {list(indices)} is not in the {noun} "
                                f"({', '.join(f'{a}: {n} paragraphs' for a, n in sizes.items())})")


def _check_disjoint(groups: Sequence[Mapping[str, Sequence[int]]], path: Path) -> None:
    seen: dict[ParagraphRef, int] = {}
    for number, group in enumerate(groups, start=1):
        for article, indices in group.items():
            for index in indices:
                ref = ParagraphRef(article, index)
                if ref in seen:
                    raise GoldError(
                        f"{path}: paragraph {index} of {article!r} is in groups "
                        f"{seen[ref]} and {number}; each paragraph belongs to one group"
                    )
                seen[ref] = number


def _members(group: GroupLike) -> Iterable[tuple[str, Sequence[int]]]:
    return group.members if isinstance(group, Group) else group.items()


def links_of(groups: Iterable[GroupLike]) -> set[LinkPair]:
    """Every cross-article pair of paragraphs inside one group."""
    links: set[LinkPair] = set()
    for group in groups:
        refs = [ParagraphRef(a, i) for a, indices in _members(group) for i in indices]
        for p, q in itertools.combinations(refs, 2):
            if p.article != q.article:
                links.add((min(p, q), max(p, q)))
    return links


def pair_name(link: LinkPair, langs: Mapping[str, str]) -> str:
    a, b = sorted((langs.get(link[0].article, "?"), langs.get(link[1].article, "?")))
    return f"{a}-{b}"


def evaluate(
    predicted: Iterable[GroupLike],
    gold: Iterable[GroupLike],
    langs: Mapping[str, str] | None = None,
) -> Evaluation:
    """Precision/recall/F1 of predicted links vs gold links.

    `langs` maps article id -> language code; when given, scores are also
    broken down per language pair ("en-ru", "ru-zh", ...).
    """
    pred, true = links_of(predicted), links_of(gold)
    overall = _score(pred, true)
    by_pair: dict[str, Scores] = {}
    if langs:
        names = sorted({pair_name(link, langs) for link in pred | true})
        for name in names:
            by_pair[name] = _score(
                {l for l in pred if pair_name(l, langs) == name},
                {l for l in true if pair_name(l, langs) == name},
            )
    return Evaluation(overall=overall, by_pair=by_pair)


def _score(pred: set[LinkPair], true: set[LinkPair]) -> Scores:
    return Scores(tp=len(pred & true), fp=len(pred - true), fn=len(true - pred))
