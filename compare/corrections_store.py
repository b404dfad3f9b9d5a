"""The reader's corrections kept per article set, beside the marks, so that they hold when the set is compared again.

One JSON file per set in the marks folder (`compare.settings.marks_dir`),
named as the set's marks file with `.corrections.json` for `.json`. Each
paragraph a correction names is kept with a digest of its original text:
a new translation or a new engine keeps the correction; a paragraph whose
text changed, or that is gone, sets the correction aside with a warning
(kept in the file under "set_aside", never applied). A file that cannot be
read is renamed `*.bad` and reported; the marks are another file and
never touched.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from compare import marks
from compare.corrections import KINDS, Correction
from compare.types import Comparison, ParagraphRef

log = logging.getLogger(__name__)

VERSION = 1


@dataclass(frozen=True)
class Loaded:
    corrections: tuple[Correction, ...] = ()
    set_aside: tuple[dict[str, Any], ...] = ()  # as stored, each with its "reason"
    warnings: tuple[str, ...] = field(default=())  # what a reader is told


def corrections_path(set_path: str) -> Path | None:
    path = marks.marks_path(set_path)
    return None if path is None else path.with_name(path.stem + ".corrections.json")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _texts(comparison: Comparison) -> dict[ParagraphRef, str]:
    return {ParagraphRef(a.id, p.index): p.text for a in comparison.articles for p in a.paragraphs}


def load(comparison: Comparison) -> Loaded:
    """The set's corrections that still fit its paragraphs; the others set aside, each with a warning."""
    path = corrections_path(comparison.set.path)
    if path is None or not path.is_file():
        return Loaded()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        stored = [_read(item) for item in data["corrections"]]
        aside = tuple(dict(item) for item in data.get("set_aside", ()))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        bad = path.with_name(path.name + ".bad")
        try:
            path.replace(bad)
        except OSError:
            bad = path
        message = f"the corrections in {path} cannot be read ({error}); set aside as {bad.name}"
        log.warning(message)
        return Loaded(warnings=(message,))
    texts = _texts(comparison)
    kept, warnings, aside_now = [], [], list(aside)
    for raw, (correction, digests) in zip(data["corrections"], stored):
        reason = _unfit(correction, digests, texts)
        if reason:
            warnings.append(f"a correction ({correction.kind} {_name(correction.paragraphs[0])}) was set aside: {reason}")
            aside_now.append({**raw, "reason": reason})
        else:
            kept.append(correction)
    for warning in warnings:
        log.warning("%s: %s", comparison.set.path, warning)
    return Loaded(tuple(kept), tuple(aside_now), tuple(warnings))


def _name(ref: ParagraphRef) -> str:
    return f"{ref.article} ¶{ref.index + 1}"


def _unfit(correction: Correction, digests: Sequence[str], texts: dict[ParagraphRef, str]) -> str:
    for ref, stored in zip(correction.refs(), digests):
        if ref not in texts:
            return f"{_name(ref)} is no longer in the set"
        if stored and digest(texts[ref]) != stored:
            return f"the text of {_name(ref)} changed"
    return ""


def _ref(item: Any) -> tuple[ParagraphRef, str]:
    article, index, text_digest = item
    if not isinstance(article, str) or not isinstance(index, int) or not isinstance(text_digest, str):
        raise TypeError(f"a paragraph is [article, index, digest], not {item!r}")
    return ParagraphRef(article, index), text_digest


def _read(item: Any) -> tuple[Correction, list[str]]:
    kind = item["kind"]
    if kind not in KINDS:
        raise ValueError(f"no correction of kind {kind!r}")
    paragraphs = [_ref(p) for p in item["paragraphs"]]
    target = None if item.get("target") is None else _ref(item["target"])
    if not paragraphs or (kind == "join" and target is None):
        raise ValueError(f"an incomplete {kind}")
    refs = tuple(ref for ref, _ in paragraphs)
    digests = [d for _, d in paragraphs] + ([target[1]] if target else [])
    return Correction(kind, refs, target[0] if target else None), digests


def save(comparison: Comparison, corrections: Sequence[Correction],
         set_aside: Sequence[dict[str, Any]] = ()) -> Path | None:
    """Keep the corrections (replacing the file at once: a crash leaves the old or the new one)."""
    path = corrections_path(comparison.set.path)
    if path is None:
        return None
    texts = _texts(comparison)

    def stored(ref: ParagraphRef) -> list:
        return [ref.article, ref.index, digest(texts.get(ref, ""))]

    data = {"version": VERSION, "set": comparison.set.path, "title": comparison.set.title,
            "corrections": [{"kind": c.kind, "paragraphs": [stored(r) for r in c.paragraphs],
                             "target": stored(c.target) if c.target is not None else None} for c in corrections],
            "set_aside": list(set_aside)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)
    return path


def corrected(aligned: Comparison) -> tuple[Comparison, Loaded]:
    """The aligner's comparison with the set's kept corrections applied, and what loading them said."""
    from compare.corrections import apply

    loaded = load(aligned)
    return (apply(aligned, loaded.corrections) if loaded.corrections else aligned), loaded
