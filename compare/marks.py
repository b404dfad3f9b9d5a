"""Groups a reader marked as findings, kept per article set so that nothing is lost between runs.

Marks live in the data folder (`compare.settings.marks_dir`), one JSON file
per set, named by a hash of the set's folder: the set's own folder is the
reader's and may be read-only. A mark records the
group's paragraphs and the reader's note, not the group's number, since group
numbers change when a set is compared again (a changed article, a newer
engine): on reading, a mark goes to the group that now holds the first
paragraph it recorded, and two marks that land in one group keep both notes.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Mapping

from compare import settings
from compare.types import Comparison, Group

log = logging.getLogger(__name__)

VERSION = 1


def marks_path(set_path: str) -> Path | None:
    """The file that keeps the marks of the set at `set_path`; None for a set with no folder."""
    if not set_path:
        return None
    key = hashlib.sha256(str(Path(set_path).expanduser().resolve()).encode("utf-8")).hexdigest()[:20]
    return settings.marks_dir() / f"{key}.json"


def has_marks(set_path: str) -> bool:
    """Whether marks were ever kept for the set at `set_path` (they may still not all fit its groups)."""
    path = marks_path(set_path)
    return path is not None and path.is_file()


def load(comparison: Comparison) -> dict[int, str]:
    """The comparison's marked groups, id -> the reader's note ("" for none), as far as they can be
    found again.

    A missing file means no marks; an unreadable one is logged and read as none
    (the next save replaces it), never an error that keeps the set from opening.
    """
    path = marks_path(comparison.set.path)
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        recorded = [([(str(article), int(index)) for article, index in mark["paragraphs"]],
                     str(mark.get("note", ""))) for mark in data["marks"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        log.warning("ignoring the marks in %s, which cannot be read: %s", path, error)
        return {}
    return _place(recorded, comparison)


def carry(before: Comparison, after: Comparison, marked: Mapping[int, str]) -> dict[int, str]:
    """The marks of `before`'s groups on `after`'s, when the reader regrouped paragraphs
    (`compare.corrections`, which keeps a group's number while the group lasts): a mark stays on its
    group's number, or, when the group is gone, follows its first paragraph, as on reading."""
    ids = {g.id for g in after.groups}
    stay = {gid: note for gid, note in marked.items() if gid in ids}
    moved = _place([(list(_paragraphs(g)), marked[g.id]) for g in before.groups
                    if g.id in marked and g.id not in ids], after)
    for gid, note in moved.items():
        stay[gid] = "; ".join(n for n in (stay.get(gid, ""), note) if n)
    return stay


def _place(recorded: list[tuple[list[tuple[str, int]], str]], comparison: Comparison) -> dict[int, str]:
    where = {(article, index): group.id for group in comparison.groups
             for article, indices in group.members for index in indices}
    found: dict[int, str] = {}
    lost = 0
    for refs, note in recorded:
        if refs and refs[0] in where:
            group_id = where[refs[0]]
            found[group_id] = "; ".join(n for n in (found.get(group_id, ""), note) if n)
        else:
            lost += 1
    if lost:
        log.warning("%d marked group(s) of %s are no longer in the set", lost, comparison.set.path)
    return found


def save(comparison: Comparison, marked: Mapping[int, str]) -> Path | None:
    """Keep the marks (replacing the file at once, so a crash leaves the old or the new one)."""
    path = marks_path(comparison.set.path)
    if path is None:
        return None
    groups = [g for g in comparison.groups if g.id in marked]
    data = {"version": VERSION, "set": comparison.set.path, "title": comparison.set.title,
            "marks": [{"group": g.id, "paragraphs": list(_paragraphs(g)), "note": marked[g.id]} for g in groups]}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def _paragraphs(group: Group) -> Iterable[tuple[str, int]]:
    for article, indices in group.members:
        for index in indices:
            yield article, index


def with_marks(comparison: Comparison, marked: Mapping[int, str]) -> Comparison:
    """The comparison carrying the reader's marks and notes, for a report to show."""
    return replace(comparison, marks=tuple(sorted(marked.items())))


def only_marked(comparison: Comparison, marked: Mapping[int, str]) -> Comparison:
    """The comparison cut down to the marked groups, saying so (`Comparison.selection`)."""
    groups = tuple(g for g in comparison.groups if g.id in marked)
    total = len(comparison.groups)
    noun = "group" if len(groups) == 1 else "groups"
    kept = {g.id: marked[g.id] for g in groups}
    return replace(with_marks(comparison, kept), groups=groups,
                   selection=f"The {len(groups)} {noun} marked in Parallax, of {total}.")
