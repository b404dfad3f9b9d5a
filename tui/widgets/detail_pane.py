"""The detail pane: one group's texts in full, side by side, with the reasons."""

from __future__ import annotations

from rich.text import Text
from textual.containers import HorizontalScroll, Vertical, VerticalScroll
from textual.widgets import Static

from compare.overview import comes_close
from compare.types import Comparison, Divergence, Group, ProcessedArticle, pilcrow

from tui import palette, view
from tui.sanitize import clean, literal, one_line
from tui.widgets.aligned_grid import lang_tag


def evidence_spans(group: Group, article_id: str, indices: set[int]) -> list[tuple[str, str]]:
    """(span, style) pairs to highlight in `article_id`'s text for this group."""
    spans = []
    for item in group.divergence.items:
        style = palette.badge(view.kind_style(item.kind))
        for evidence in item.evidence:
            if evidence.article == article_id and evidence.span and (
                evidence.paragraph in indices or not indices
            ):
                spans.append((clean(evidence.span, keep_newlines=False).strip(), style))
    return spans


def reason_line(item: Divergence, outlets: dict[str, str]) -> Text:
    colour = view.kind_style(item.kind)
    line = Text(end="")
    line.append(f" {view.kind_badge(item.kind):<5} ", style=palette.badge(colour))
    line.append(f" {item.strength:.2f} ", style=f"bold {colour}")
    filled = round(item.strength * 10)
    line.append("█" * filled + "░" * (10 - filled), style=colour)
    line.append("  ")
    line.append(one_line(item.reason))
    # Reasons name outlets (`compare.overview.outlet_labels`); any the reason leaves unnamed follow.
    unnamed = [name for a in item.articles if (name := one_line(outlets.get(a, a))) not in item.reason]
    if unnamed:
        line.append(f"  ({', '.join(unnamed)})", style="dim")
    return line


def provisional_line(comparison: Comparison, group: Group, outlets: dict[str, str]) -> Text:
    """Why the group may still change, while translation runs ("" once the comparison is final)."""
    line = Text(end="")
    if not comparison.provisional:
        return line
    line.append("\n⧗ provisional: ", style=f"bold {palette.MARK}")
    waiting = [f"{one_line(outlets.get(a.id, a.id))} {pilcrow(p.index)}" for a in comparison.articles
               for p in a.paragraphs if p.translation.pending and p.index in group.paragraphs_of(a.id)]
    if waiting:
        line.append(f"{', '.join(waiting[:4])}{' …' if len(waiting) > 4 else ''} still being translated; framing, "
                    "facts and tone come once the group is in English. ", style="dim")
    line.append("Grouped from the original texts: the groups are made again from the English when "
                "translation is done.", style="dim")
    return line


class DetailPane(Vertical):
    """Shows the selected group: full texts with differing terms highlighted."""

    _parts: tuple[Static, HorizontalScroll, Static] | None = None

    def parts(self) -> tuple[Static, HorizontalScroll, Static]:
        """The title, the columns and the reasons, made when a group is first shown (the pane starts closed)."""
        if self._parts is None:
            self._parts = Static(id="detail-title"), HorizontalScroll(id="detail-columns"), Static(id="detail-reasons")
            title, columns, reasons = self._parts
            self.mount(title, columns, VerticalScroll(reasons, id="detail-reasons-scroll"))
        return self._parts

    def show(
        self,
        comparison: Comparison,
        group: Group,
        articles: list[ProcessedArticle],
        *,
        translated: bool,
        query: str = "",
        note: str | None = None,
    ) -> None:
        """`note`: the reader's note when the group is marked ("" for a mark with no note)."""
        title_part, columns, reasons_part = self.parts()
        outlets = view.outlet_names(articles)
        title = Text(end="")
        if note is not None:
            title.append("⚑ ", style=f"bold {palette.MARK}")
        title.append(f"Group #{group.id}", style="bold")
        if group.corrected_by:
            title.append(f" · ✎ corrected by {group.corrected_by}", style=f"bold {palette.MARK}")
        carried = len(group.articles)
        title.append(f" · in {carried} of {len(articles)} outlets", style="dim")
        if group.similarity:
            title.append(f" · similarity {group.similarity:.2f}", style="dim")
        absent = [] if view.wordless(comparison, group) else [a for a in articles if a.id not in group.articles]
        possible = [a for a in absent if comes_close(group, a.id) is not None]
        for label, listed, colour in (("omitted by: ", [a for a in absent if a not in possible], palette.OMITTED),
                                      ("possibly in: ", possible, palette.MAYBE_OMITTED)):
            if not listed:
                continue
            title.append("\n")
            title.append(label, style=f"bold {colour}")
            for i, article in enumerate(listed):
                if i:
                    title.append("  ")
                title.append_text(lang_tag(article))
                title.append(" " + outlets[article.id], style=colour)
        if note:
            title.append("\nnote: ", style=f"bold {palette.MARK}")
            title.append(one_line(note))
        title.append_text(provisional_line(comparison, group, outlets))
        title_part.update(title)

        columns.remove_children()
        panes = []
        for article in articles:
            paragraphs = view.paragraphs_of(comparison, group, article.id)
            if not paragraphs:
                continue  # listed under the title as "omitted by"
            header = lang_tag(article)
            header.append(" ")
            header.append(outlets[article.id], style="bold")
            body = Text(end="")
            body.append_text(header)
            body.append("\n")
            indices = {p.index for p in paragraphs}
            spans = evidence_spans(group, article.id, indices)
            for paragraph in paragraphs:
                body.append(f"\n{pilcrow(paragraph.index)} ", style="dim")
                if paragraph.cut:
                    body.append(f"✂ cut by Parallax from block {paragraph.block + 1} ", style="dim italic")
                shown = literal(view.paragraph_text(paragraph, translated))
                self._mark(shown, spans, query)
                body.append_text(shown)
                if paragraph.translation.pending:
                    body.append("\n⧗ being translated: shown as written", style="dim italic")
                if translated and paragraph.translation.flagged:
                    body.append("\n⚠ " + one_line(paragraph.translation.note or "translation flagged"),
                                style=palette.WARNING)
                if translated and paragraph.translation.text and paragraph.translation.text != paragraph.text:
                    original = literal(paragraph.text, "dim")
                    self._mark(original, spans, query)
                    body.append("\n")
                    body.append_text(original)
                elif not translated and paragraph.translation.text != paragraph.text:
                    english = literal(paragraph.translation.text, "dim")
                    self._mark(english, spans, query)
                    body.append("\n")
                    body.append_text(english)
                body.append("\n")
            panes.append(VerticalScroll(Static(body), classes="detail-column"))
        panes += self._closest_columns(group, articles, outlets, translated=translated, query=query)
        columns.mount_all(panes)

        reasons = Text(end="")
        items = sorted(group.divergence.items, key=lambda d: -d.strength)
        if not items:
            reasons.append("No divergence found: the outlets report this alike.", style="dim")
        for i, item in enumerate(items):
            if i:
                reasons.append("\n")
            reasons.append_text(reason_line(item, outlets))
        reasons_part.update(reasons)

    def _closest_columns(self, group: Group, articles: list[ProcessedArticle], outlets: dict[str, str], *,
                         translated: bool, query: str) -> list[VerticalScroll]:
        """A dimmed column per outlet that omits the group: its nearest paragraph, to check the omission by."""
        by_id = {a.id: a for a in articles}
        panes = []
        for near in group.closest:
            article = by_id.get(near.article)
            paragraph = next((p for p in article.paragraphs if p.index == near.paragraph), None) if article else None
            if paragraph is None:
                continue
            body = Text(end="")
            body.append_text(lang_tag(article))
            body.append(" " + outlets[article.id], style=palette.OMITTED)
            if comes_close(group, article.id) is not None:
                body.append("\npossibly the same, in other words? its closest paragraph",
                            style=f"italic {palette.MAYBE_OMITTED}")
            else:
                body.append("\nomits this? its closest paragraph", style=f"italic {palette.OMITTED}")
            body.append(f" (similarity {near.similarity:.2f})", style="dim")
            body.append(f"\n\n{pilcrow(paragraph.index)} ", style="dim")
            shown = literal(view.paragraph_text(paragraph, translated), "dim")
            self._mark(shown, [], query)
            body.append_text(shown)
            panes.append(VerticalScroll(Static(body), classes="detail-column detail-closest"))
        return panes

    @staticmethod
    def _mark(text: Text, spans: list[tuple[str, str]], query: str) -> None:
        for span, style in spans:
            if span:
                text.highlight_words([span], style, case_sensitive=False)
        if query.strip():
            text.highlight_words([clean(query.strip())], palette.MATCH, case_sensitive=False)
