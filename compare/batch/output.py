"""What a batch writes: one report per set, as `parallax report` would print it, and the index."""

from __future__ import annotations

import html
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Sequence

from compare import corrections_store, marks
from compare.report import render
from compare.types import Comparison

SUFFIX = {"json": ".json", "markdown": ".md", "html": ".html"}
STRONGEST = 3  # divergences per set in the index


@dataclass
class IndexRow:
    id: str
    path: str
    status: str  # done | failed | interrupted | waiting
    title: str = ""
    error: str = ""
    problems: list[str] = field(default_factory=list)  # bad articles, left out of the comparison
    outlets: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    groups: int = 0
    divergences: list[dict] = field(default_factory=list)  # the strongest: group, score, kinds, reason
    reports: dict[str, str] = field(default_factory=dict)  # format -> file name in the output folder
    from_cache: bool = False  # compared by an earlier run


def as_reported(comparison: Comparison) -> tuple[Comparison, list[str]]:
    """The comparison as `parallax report` shows it: with the reader's corrections and marks."""
    comparison, loaded = corrections_store.corrected(comparison)
    return marks.with_marks(comparison, marks.load(comparison)), list(loaded.warnings)


def write_reports(out: Path, set_id: str, comparison: Comparison, formats: Sequence[str]) -> dict[str, str]:
    """The set's report in each format (JSON always); the file names written."""
    written = {}
    for fmt in dict.fromkeys(["json", *formats]):
        name = set_id + SUFFIX[fmt]
        _write(out / name, render(comparison, fmt))
        written[fmt] = name
    return written


def row_for(set_id: str, comparison: Comparison, reports: dict[str, str], from_cache: bool,
            warnings: Sequence[str] = ()) -> IndexRow:
    groups = sorted(comparison.groups, key=lambda g: -g.divergence.score)
    strongest = []
    for group in groups[:STRONGEST]:
        if group.divergence.score <= 0:
            break
        reason = next((d.reason for d in group.divergence.items), "")
        strongest.append({"group": group.id, "score": round(float(group.divergence.score), 4),
                          "kinds": list(group.divergence.kinds), "reason": reason})
    return IndexRow(
        id=set_id, path=comparison.set.path, status="done", title=comparison.set.title,
        problems=[str(p) for p in comparison.set.problems] + list(warnings),
        outlets=list(dict.fromkeys(a.article.outlet for a in comparison.articles)),
        languages=sorted({a.language.lang for a in comparison.articles}),
        groups=len(comparison.groups), divergences=strongest, reports=reports, from_cache=from_cache,
    )


def write_index(out: Path, rows: Sequence[IndexRow], formats: Sequence[str]) -> None:
    """index.json, and index.html and/or index.md when those formats were asked for (else index.md)."""
    _write(out / "index.json", json.dumps({"sets": [asdict(r) for r in rows]}, ensure_ascii=False, indent=2))
    readable = [f for f in formats if f != "json"] or ["markdown"]
    if "markdown" in readable:
        _write(out / "index.md", index_markdown(rows))
    if "html" in readable:
        _write(out / "index.html", index_html(rows))


def _summary(row: IndexRow) -> str:
    return "; ".join(f"{d['score']:.2f} {', '.join(d['kinds'])}" + (f": {d['reason']}" if d["reason"] else "")
                     for d in row.divergences)


def _status(row: IndexRow) -> str:
    text = row.status + (" (cached)" if row.from_cache else "")
    if row.error:
        text += f": {row.error}"
    if row.problems:
        text += f" ({len(row.problems)} problem{'s' if len(row.problems) > 1 else ''}: {'; '.join(row.problems)})"
    return text


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def index_markdown(rows: Sequence[IndexRow]) -> str:
    lines = ["# Parallax batch", "", "| set | outlets | languages | groups | strongest divergences | status |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        name = f"[{_cell(row.title or row.id)}]({row.reports['markdown']})" if "markdown" in row.reports \
            else _cell(row.title or row.id)
        lines.append(f"| {name} | {_cell(', '.join(row.outlets))} | {', '.join(row.languages)} | {row.groups} "
                     f"| {_cell(_summary(row))} | {_cell(_status(row))} |")
    return "\n".join(lines) + "\n"


def index_html(rows: Sequence[IndexRow]) -> str:
    e = html.escape
    body = []
    for row in rows:
        name = e(row.title or row.id)
        if "html" in row.reports:
            name = f'<a href="{e(row.reports["html"])}">{name}</a>'
        body.append(f"<tr><td>{name}</td><td>{e(', '.join(row.outlets))}</td><td>{e(', '.join(row.languages))}</td>"
                    f"<td>{row.groups}</td><td>{e(_summary(row))}</td><td>{e(_status(row))}</td></tr>")
    return ("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Parallax batch</title></head><body>\n"
            "<h1>Parallax batch</h1>\n<table>\n<tr><th>set</th><th>outlets</th><th>languages</th><th>groups</th>"
            "<th>strongest divergences</th><th>status</th></tr>\n" + "\n".join(body) + "\n</table>\n</body></html>\n")


def _write(path: Path, text: str) -> None:
    """Written whole or not at all: a reader never sees half an index."""
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    os.replace(part, path)
