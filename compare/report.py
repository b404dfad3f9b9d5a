"""Exporting a Comparison: JSON (a fixed contract), Markdown and HTML.

The JSON keys documented in docs/DESIGN.md are a contract other tools rely on:
add keys freely, never rename or drop these.
"""

from __future__ import annotations

import html
import json
from typing import Any, Callable

from compare.overview import outlet_labels
from compare.types import Comparison, Divergence, pilcrow

FORMATS = ("json", "markdown", "html")
# The file name an export of each format gets, and the format a file name asks for: a name
# with no suffix, or a .txt, gets the default, Markdown; another suffix names no format.
EXTENSIONS = {"json": "json", "markdown": "md", "html": "html"}
SUFFIXES = {".json": "json", ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
            ".txt": "markdown", "": "markdown"}


def to_dict(comparison: Comparison) -> dict[str, Any]:
    articles = []
    labels = outlet_labels(comparison.articles)
    for processed in comparison.articles:
        article = processed.article
        articles.append({
            "id": article.id,
            "outlet": article.outlet,
            "label": labels[article.id],  # what the reasons call it: the outlet, told apart by date if need be
            "lang": processed.language.lang,
            "lang_confidence": processed.language.confidence,
            "title": article.title,
            "declared_lang": article.declared_lang,
            "lang_disagrees": processed.language.disagrees,
            "url": article.url,
            "date": article.date,
            "encoding": article.encoding,
            "path": article.path,
            "paragraphs": [
                {
                    "index": p.index,
                    "text": p.text,
                    "lang": p.lang,
                    "lang_confidence": p.lang_confidence,
                    "translation": p.translation.text,
                    "cut": p.cut,
                    "block": p.block,
                    "translation_model": p.translation.model,
                    "translation_flagged": p.translation.flagged,
                    "translation_note": p.translation.note,
                    # Still being translated: `translation` is the original text for now.
                    "translation_pending": p.translation.pending,
                }
                for p in processed.paragraphs
            ],
            "divergences": [_divergence(d) for d in comparison.article_divergences.get(article.id, ())],
        })
    groups = []
    notes = dict(comparison.marks)
    for group in comparison.groups:
        groups.append({
            "id": group.id,
            "members": [{"article": a, "paragraphs": list(indices)} for a, indices in group.members],
            "similarity": round(float(group.similarity), 4),
            "marked": group.id in notes,  # a finding the reader marked in the UI
            **({"note": notes[group.id]} if notes.get(group.id) else {}),  # ... and what they wrote of it
            # Changed by a correction of the alignment: "by the reader" (`compare.corrections`).
            **({"corrected": f"by {group.corrected_by}"} if group.corrected_by else {}),
            # A paragraph of it still being translated: no framing, facts or tone yet.
            "provisional": group.provisional,
            "links": [
                {"a": {"article": l.a.article, "paragraph": l.a.index},
                 "b": {"article": l.b.article, "paragraph": l.b.index},
                 "score": round(float(l.score), 4)}
                for l in group.links
            ],
            # Per article the group lacks, its nearest paragraph: what to read before trusting an omission.
            "closest_outside": [{"article": n.article, "paragraph": n.paragraph,
                                 "similarity": round(float(n.similarity), 4)} for n in group.closest],
            "divergence": {
                "score": round(float(group.divergence.score), 4),
                "kinds": list(group.divergence.kinds),
                "items": [_divergence(d) for d in group.divergence.items],
            },
        })
    return {
        "set": {"title": comparison.set.title, "path": comparison.set.path,
                "event": comparison.set.event, "date": comparison.set.date,
                "problems": [str(p) for p in comparison.set.problems]},
        "articles": articles,
        "groups": groups,
        # Present when `groups` is only some of the set's groups: which ones, in words.
        **({"selection": comparison.selection} if comparison.selection else {}),
        "marked": sorted(notes),
        # The reader's corrections: each paragraph moved, from the aligner's group to the group it is in now.
        "corrections": [{"paragraph": {"article": c.paragraph.article, "index": c.paragraph.index},
                         "from_group": c.before, "to_group": c.after} for c in comparison.corrections],
        # Exported while translation ran: groups from the original texts (`compare.provisional`).
        "provisional": comparison.provisional,
        "provisional_groups": [g.id for g in comparison.groups if g.provisional],
        "models": dict(comparison.models),
        "timings": dict(comparison.timings),
    }


def _divergence(d: Divergence) -> dict[str, Any]:
    return {
        "kind": d.kind,
        "strength": round(float(d.strength), 4),
        "reason": d.reason,
        "articles": list(d.articles),
        "evidence": [{"article": e.article, "paragraph": e.paragraph, "span": e.span} for e in d.evidence],
    }


def to_json(comparison: Comparison) -> str:
    return json.dumps(to_dict(comparison), ensure_ascii=False, indent=2)


def _outlets(comparison: Comparison) -> Callable[[str], str]:
    """Article id -> "Outlet (lang)", two articles of one outlet told apart as in the reasons."""
    labels = outlet_labels(comparison.articles)
    langs = {a.id: a.language.lang for a in comparison.articles}
    return lambda article_id: f"{labels[article_id]} ({langs[article_id]})" if article_id in labels else article_id


def to_markdown(comparison: Comparison) -> str:
    s = comparison.set
    outlet = _outlets(comparison)
    out = [f"# {s.title}", ""]
    if s.event or s.date:
        out += [" · ".join(x for x in (s.event, s.date) if x), ""]
    out += ["## Articles", "", "| id | outlet | language | paragraphs | title |", "|---|---|---|---|---|"]
    for a in comparison.articles:
        lang = f"{a.language.lang} ({a.language.confidence:.2f})"
        if a.language.disagrees:
            lang += f" ⚠ declared {a.language.declared}"
        out.append(f"| {a.id} | {_md(a.article.outlet)} | {lang} | {len(a.paragraphs)} | {_md(a.article.title)} |")
    if s.problems:
        out += ["", "### Input problems", ""] + [f"- {_md(str(p))}" for p in s.problems]
    shared = sum(1 for g in comparison.groups if len(g.members) > 1)
    notes = dict(comparison.marks)
    summary = comparison.selection or f"{len(comparison.groups)} groups; {shared} carried by more than one outlet."
    if notes and not comparison.selection:
        summary += f" ⚑ marks the {len(notes)} marked as findings."
    if comparison.corrections:
        summary += (f" The reader moved {len(comparison.corrections)} paragraph(s) to other groups"
                    " (✎: corrected by the reader).")
    if comparison.provisional:
        summary += (" PROVISIONAL: made while translation ran, groups from the original texts;"
                    f" {_waiting(comparison)} paragraph(s) not yet in English (shown as written), and the"
                    " groups marked ⧗ get framing, facts and tone once theirs are.")
    out += ["", "## Aligned groups", "", summary, ""]
    for group in comparison.groups:
        kinds = ", ".join(group.divergence.kinds) or "none"
        flag = "⚑ " if group.id in notes else ""
        flag += f"✎ corrected by {group.corrected_by} · " if group.corrected_by else ""
        flag += "⧗ provisional · " if group.provisional else ""
        out += [f"### {flag}Group {group.id} · similarity {group.similarity:.2f} · divergence "
                f"{group.divergence.score:.2f} ({kinds})", ""]
        if notes.get(group.id):
            out += [f"> ⚑ {_md(notes[group.id])}", ""]
        for article_id, indices in group.members:
            processed = comparison.article(article_id)
            for i in indices:
                p = processed.paragraphs[i]
                cut = f" ✂ (cut by Parallax from block {p.block + 1})" if p.cut else ""
                out.append(f"- **{_md(outlet(article_id))}** {pilcrow(i)}{cut}: {_md(p.translation.text)}")
                if p.translation.pending:
                    out.append("  - ⧗ not yet translated: shown as written")
                elif p.lang != "en" and p.translation.model != "identity":
                    out.append(f"  - original: {_md(p.text)}")
                if p.translation.flagged:
                    out.append(f"  - ⚠ translation: {_md(p.translation.note)}")
        missing = [a.id for a in comparison.articles if a.id not in group.articles]
        if missing and len(group.members) > 1:
            closest = {n.article: n for n in group.closest}
            out.append("- *not carried by:* " + ", ".join(
                _md(outlet(m)) + (f" ({closest[m].describe()})" if m in closest else "")
                for m in missing))
        for d in group.divergence.items:
            out.append(f"- {d.kind} ({d.strength:.2f}): {_md(d.reason)}")
        out.append("")
    per_article = [(a, comparison.article_divergences.get(a.id, ())) for a in comparison.articles]
    if any(items for _, items in per_article):
        out += ["## Per outlet", ""]
        for a, items in per_article:
            if items:
                out.append(f"### {_md(outlet(a.id))}")
                out += [f"- {d.kind} ({d.strength:.2f}): {_md(d.reason)}" for d in items]
                out.append("")
    out += ["## Models and timings", ""]
    out += [f"- {k}: {v}" for k, v in comparison.models.items()]
    out += [f"- {k}: {v:.2f} s" for k, v in comparison.timings.items()]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Article text is data: keep it from turning into Markdown structure."""
    text = "".join(c if c.isprintable() or c in "\t" else " " for c in text)
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def to_html(comparison: Comparison) -> str:
    e = html.escape
    s = comparison.set
    columns = comparison.articles
    head = "".join(f"<th>{e(a.article.outlet)}<br><small>{e(a.language.lang)} · {e(a.id)}</small></th>"
                   for a in columns)
    rows = []
    notes = dict(comparison.marks)
    for group in comparison.groups:
        cells = []
        closest = {n.article: n for n in group.closest}
        for a in columns:
            indices = group.paragraphs_of(a.id)
            if not indices:
                near = closest.get(a.id)
                note = f"<br><small>{near.describe()}</small>" if near and len(group.members) > 1 else ""
                cells.append(f'<td class="omit">not carried{note}</td>')
                continue
            texts = "".join(
                (f'<p class="cut">✂ cut by Parallax from block {p.block + 1}</p>' if p.cut else "")
                + f"<p>{e(p.translation.text)}</p>"
                + (f'<p class="orig">{e(p.text)}</p>'
                   if p.translation.model != "identity" and not p.translation.pending else "")
                for p in (a.paragraphs[i] for i in indices))
            cells.append(f"<td>{texts}</td>")
        reasons = "".join(f"<li><b>{e(d.kind)}</b> {d.strength:.2f}: {e(d.reason)}</li>"
                          for d in group.divergence.items)
        flag = "⚑ " if group.id in notes else ""
        flag += f'<span title="corrected by {e(group.corrected_by)}">✎</span> ' if group.corrected_by else ""
        flag += '<span title="provisional: a paragraph is still being translated">⧗</span> ' \
            if group.provisional else ""
        note = f"<br><em>{e(notes[group.id])}</em>" if notes.get(group.id) else ""
        rows.append(f"<tr><th>{flag}{group.id}{note}<br><small>sim {group.similarity:.2f}</small></th>{''.join(cells)}"
                    f"<td><ul>{reasons}</ul></td></tr>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(s.title)}</title>
<style>body{{font-family:sans-serif;margin:1em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.4em;vertical-align:top;max-width:28em}}
.omit{{background:#f4f4f4;color:#999;font-style:italic}}.orig{{color:#666;font-size:90%}}</style></head>
<body><h1>{e(s.title)}</h1><p>{e(s.event)} {e(s.date)}</p>{f"<p>{e(comparison.selection)}</p>" if comparison.selection else ""}{_html_provisional(comparison)}
<table><tr><th>group</th>{head}<th>divergences</th></tr>
{''.join(rows)}
</table></body></html>
"""


def _waiting(comparison: Comparison) -> int:
    return sum(1 for a in comparison.articles for p in a.paragraphs if p.translation.pending)


def _html_provisional(comparison: Comparison) -> str:
    if not comparison.provisional:
        return ""
    return (f"<p><b>Provisional</b>: made while translation ran, groups from the original texts; "
            f"{_waiting(comparison)} paragraph(s) not yet in English (shown as written). Groups marked ⧗ get "
            "framing, facts and tone once theirs are.</p>")


def render(comparison: Comparison, fmt: str) -> str:
    if fmt == "json":
        return to_json(comparison)
    if fmt in ("markdown", "md"):
        return to_markdown(comparison)
    if fmt == "html":
        return to_html(comparison)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
