"""Which folders of the command line are article sets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


class SourceError(ValueError):
    """A source on the command line that is neither a set nor a folder of sets."""


@dataclass(frozen=True)
class SetSource:
    id: str  # unique within the batch: names the set's report files
    path: Path


def is_set(folder: Path) -> bool:
    """A folder with set.toml or an articles/ folder."""
    return (folder / "set.toml").is_file() or (folder / "articles").is_dir()


def find_sets(sources: Iterable[str | Path]) -> list[SetSource]:
    """The sets the sources name, in order: a set folder itself, or each set folder directly inside one."""
    found: list[Path] = []
    for source in sources:
        path = Path(source).expanduser()
        if not path.is_dir():
            raise SourceError(f"{path}: no such folder (give set folders, or folders holding set folders)")
        if is_set(path):
            found.append(path)
            continue
        inside = sorted(child for child in path.iterdir() if child.is_dir() and is_set(child))
        if not inside:
            raise SourceError(f"{path}: neither a set (set.toml or articles/) nor a folder holding sets")
        found.extend(inside)
    unique: list[Path] = []
    for path in found:
        if path.resolve() not in {p.resolve() for p in unique}:
            unique.append(path)
    return _named(unique)


def _named(paths: list[Path]) -> list[SetSource]:
    """Each set named by its folder; a second folder of one name gets -2, -3 ..."""
    taken: set[str] = set()
    out = []
    for path in paths:
        base = path.resolve().name or "set"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        out.append(SetSource(name, path))
    return out
