"""The aligned grid: a column per outlet, a row per group of paragraphs."""

from __future__ import annotations

from typing import Collection

from rich.console import Console
from rich.text import Text
from textual.binding import Binding

from compare.overview import comes_close
from compare.types import Comparison, Group, ProcessedArticle, pilcrow

from tui import palette, view
from tui.sanitize import clean, one_line
from tui.widgets.row_table import LazyCell, RowTable

BADGE_WIDTH = 8
MIN_COLUMN = 18
MAX_COLUMN = 60


def lang_tag(article: ProcessedArticle) -> Text:
    """` RU ` in the language colour; `RU?` when declaration and detection disagree."""
    lang = article.language.lang or "und"
    tag = Text(f" {lang.upper()}{'?' if article.language.disagrees else ''} ",
               style=palette.badge(view.lang_style(lang)), end="")
    return tag


def wrap_cell(text: Text, console: Console, width: int, height: int) -> tuple[list[Text], bool]:
    """The first `height` lines of `text.wrap(console, width, overflow="fold")`, and whether there
    are more. A long text is wrapped from a prefix: greedy wrapping ends a line where the words up
    to the next line's first one say, so when the prefix makes two lines more than are shown, the
    lines shown are the whole text's (docs/performance.md); otherwise the whole text is wrapped.
    """
    cut = (height + 3) * (width + 1)
    if len(text) > cut:
        lines = text[:cut].wrap(console, width, overflow="fold")
        if len(lines) >= height + 2:
            return list(lines[:height]), True
    lines = text.wrap(console, width, overflow="fold")
    return list(lines[:height]), len(lines) > height


# Characters outside ASCII that a case-blind regex matches to ASCII letters (K, s, i), or whose
# lowercase is longer than they are (İ).
_CASE_ODD = frozenset("\u212a\u017f\u0130\u0131")


def highlight(text: Text, word: str, style: str) -> None:
    """`text.highlight_words([word], style, case_sensitive=False)`, without compiling a regex for each
    word when it is ASCII: the same spans, found with `str.find` on the lowered text (an ASCII word
    matches only ASCII letters, case-blind, in a text without the characters of `_CASE_ODD`)."""
    plain = text.plain
    if not word or not word.isascii() or not _CASE_ODD.isdisjoint(plain):
        text.highlight_words([word], style, case_sensitive=False)
        return
    haystack, needle = plain.lower(), word.lower()
    start = haystack.find(needle)
    while start != -1:
        text.stylize(style, start, start + len(needle))
        start = haystack.find(needle, start + len(needle))


class AlignedGrid(RowTable):
    """Rows are groups in the anchor article's reading order; cells are paragraphs."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Detail", show=False, id="grid.select"),
        Binding("left", "outlets(-1)", "Outlets left", show=False, id="grid.outlets_left"),
        Binding("right", "outlets(1)", "Outlets right", show=False, id="grid.outlets_right"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.comparison: Comparison | None = None
        self.groups: list[Group] = []
        self.articles: list[ProcessedArticle] = []
        self.anchor: str | None = None
        self.translated = True
        self.query_text = ""
        self._layout_key: tuple[int, int, int] | None = None
        self.marked: frozenset[int] = frozenset()  # groups marked as findings: a ⚑ in the badge
        self.changed: frozenset[int] = frozenset()  # groups a regrouping just changed: a ↻ in the badge
        # Cells drawn, by group (the object: a corrected group is another) and drawing settings: a
        # correction redraws the grid with most groups unchanged.
        self._drawn: dict[tuple, tuple[Group, LazyCell]] = {}

    # -- public API ---------------------------------------------------------

    def set_view(
        self,
        comparison: Comparison,
        groups: list[Group],
        *,
        anchor: str | None,
        translated: bool,
        query: str = "",
        keep_group: int | None = None,
        marked: Collection[int] = (),
        touched: Collection[int] | None = None,
    ) -> None:
        """`touched`: the groups that changed since the last view, when nothing else did (a correction
        of the alignment): with the same rows, only theirs are drawn again."""
        same_rows = [g.id for g in groups] == [g.id for g in self.groups] and self.anchor == anchor \
            and self.translated == translated and self.query_text == query
        self.comparison = comparison
        self.marked = frozenset(marked)
        self.groups = list(groups)
        self.anchor = anchor
        self.translated = translated
        self.query_text = query
        # The anchor column first, then the others in set order.
        articles = list(comparison.articles)
        articles.sort(key=lambda a: 0 if a.id == anchor else 1)
        self.articles = articles
        if keep_group is None and self.current_group is not None:
            keep_group = self.current_group.id
        if touched is not None and same_rows and self._layout_key == (*self._geometry(), len(articles)):
            self._redraw_rows(touched, keep_group)
        else:
            self.rebuild(keep_group)

    def _redraw_rows(self, touched: Collection[int], keep_group: int | None) -> None:
        col, row_height = self._geometry()
        console = self.app.console
        quiet = view.wordless_ids(self.comparison)
        for group in (g for g in self.groups if g.id in touched and str(g.id) in self.rows):
            cells: dict[str, object] = {"badge": self._badge(group, row_height)}
            for article in self.articles:
                cells[article.id] = self._cell(self.comparison, group, article, col, row_height, console,
                                               group.id in quiet)
            self.replace_cells(str(group.id), cells)
        if keep_group is not None:
            self.select_group(keep_group)

    @property
    def current_group(self) -> Group | None:
        if not self.groups or self.row_count == 0:
            return None
        row = min(max(self.cursor_row, 0), len(self.groups) - 1)
        return self.groups[row]

    def select_group(self, group_id: int) -> bool:
        for row, group in enumerate(self.groups):
            if group.id == group_id:
                self.move_cursor(row=row, animate=False, scroll=True)
                return True
        return False

    # -- layout -------------------------------------------------------------

    def _geometry(self) -> tuple[int, int]:
        """(column width, row height) for the current size."""
        width = self.size.width or self.app.size.width
        height = self.app.size.height
        n = max(1, len(self.articles))
        # Each column has one cell of padding either side; keep 2 for the scrollbar.
        avail = width - (BADGE_WIDTH + 2) - 2
        col = avail // n - 2
        col = max(MIN_COLUMN, min(MAX_COLUMN, col))
        row_height = 3 if height < 36 else 4
        return col, row_height

    def on_resize(self) -> None:
        if self.comparison is None:
            return
        col, row_height = self._geometry()
        if self._layout_key != (col, row_height, len(self.articles)):
            self.rebuild(self.current_group.id if self.current_group else None)

    def rebuild(self, keep_group: int | None = None) -> None:
        comparison = self.comparison
        self.clear(columns=True)
        if comparison is None:
            return
        col, row_height = self._geometry()
        self._layout_key = (col, row_height, len(self.articles))
        # The badge and the anchor column stay put; the other outlets scroll.
        self.fixed_columns = 2 if len(self.articles) > 1 else 1
        self.add_column(Text("group", style="bold"), width=BADGE_WIDTH, key="badge")
        names = view.outlet_names(self.articles)
        for article in self.articles:
            label = lang_tag(article)
            label.append(" ")
            if article.id == self.anchor:
                label.append("◆ ", style="bold")
            label.append(names[article.id], style="bold")
            label.truncate(col, overflow="ellipsis")
            self.add_column(label, width=col, key=article.id)
        console = self.app.console
        quiet = view.wordless_ids(comparison)  # once a redraw, not once a row or a cell
        for group in self.groups:
            cells: list[LazyCell] = [self._badge(group, row_height)]
            wordless = group.id in quiet
            for article in self.articles:
                cells.append(self._cell(comparison, group, article, col, row_height, console, wordless))
            self.add_row(*cells, height=row_height, key=str(group.id))
        if keep_group is not None:
            self.select_group(keep_group)

    def show_mark(self, group: Group, marked: bool) -> None:
        """Mark or unmark one group's badge without redrawing the grid."""
        self.marked = self.marked | {group.id} if marked else self.marked - {group.id}
        if str(group.id) in self.rows:
            _, row_height = self._geometry()
            self.replace_cells(str(group.id), {"badge": self._badge(group, row_height)})

    def action_outlets(self, step: int) -> None:
        """Scroll the non-anchor outlets by whole columns."""
        col, _ = self._geometry()
        stride = col + 2 * self.cell_padding
        column = round(self.scroll_x / stride) + step
        self.scroll_to(x=max(0, column * stride), animate=False)

    # -- cells --------------------------------------------------------------

    def _badge(self, group: Group, height: int) -> LazyCell:
        """The group's badge cell, the same object while the group and its mark are (its render is kept)."""
        marked, changed = group.id in self.marked, group.id in self.changed
        key = ("badge", id(group), marked, changed, height)
        drawn = self._drawn.get(key)
        if drawn is not None and drawn[0] is group:
            return drawn[1]
        cell = LazyCell(lambda: self._draw_badge(group, marked, changed), BADGE_WIDTH)
        self._drawn[key] = (group, cell)
        return cell

    def _draw_badge(self, group: Group, marked: bool, changed: bool = False) -> Text:
        item = view.strongest(group)
        text = Text(end="")
        flag = " ⚑" if marked else ""  # a finding the reader marked
        if item is None:
            text.append("  ·   ", style="dim")
            text.append(f"{flag}\n", style=f"bold {palette.MARK}")
            text.append("      \n", style="dim")
        else:
            colour = view.kind_style(item.kind)
            text.append(f" {view.kind_badge(item.kind):<5}", style=palette.badge(colour))
            text.append(f"{flag}\n", style=f"bold {palette.MARK}")
            filled = round(item.strength * 5)
            text.append("▰" * filled + "▱" * (5 - filled), style=colour)
            more = len(group.divergence.kinds) - 1
            text.append(f"+{more}" if more > 0 else "", style="dim")
            text.append("\n")
        text.append(f"#{group.id}", style="dim")
        if group.corrected_by:
            text.append("✎", style=f"bold {palette.MARK}")  # corrected by the reader
        if group.provisional:
            text.append("⧗", style="dim")  # a paragraph of it is still being translated
        if changed:
            text.append("↻", style=f"bold {palette.MARK}")  # regrouped as the English arrived
        if len(group.articles) == 1:
            text.append(" 1", style="dim italic")
        return text

    def _cell(self, comparison, group, article, width, height, console, wordless: bool) -> LazyCell:
        """The cell of `article` in `group`'s row, drawn when first shown (a row off screen costs nothing)."""
        key = (id(group), article.id, width, height, self.translated, self.query_text, wordless)
        drawn = self._drawn.get(key)
        if drawn is not None and drawn[0] is group:
            return drawn[1]
        if len(self._drawn) > 20_000:
            self._drawn.clear()
        translated, query = self.translated, self.query_text  # as they are now, whenever it is drawn
        cell = LazyCell(lambda: self._draw_cell(comparison, group, article, width, height, console, wordless,
                                                translated, query), width)
        self._drawn[key] = (group, cell)
        return cell

    def _draw_cell(self, comparison, group, article, width, height, console, wordless: bool,
                   translated: bool, query: str) -> Text:
        paragraphs = view.paragraphs_of(comparison, group, article.id)
        if not paragraphs and wordless:
            return Text("", end="")  # a link or a figure: nothing to omit
        if not paragraphs:
            # "possibly ¶6?" where the outlet has a paragraph that comes close: the detail pane shows it.
            near = comes_close(group, article.id)
            doubt = near is not None
            label = f"╶ possibly {pilcrow(near.paragraph)}? ╴" if doubt else "╶ omitted ╴"
            pad = max(0, (width - len(label)) // 2)
            colour = palette.MAYBE_OMITTED if doubt else palette.OMITTED
            return Text(" " * pad + label, style=f"italic {colour}", end="")
        text = Text(end="")
        for i, paragraph in enumerate(paragraphs):
            if i:
                text.append(" ¶ ", style="dim")
            if translated and paragraph.translation.flagged:
                text.append("⚠ ", style=f"bold {palette.WARNING}")
            if translated and paragraph.translation.pending:
                text.append("⧗ ", style="dim")  # as written: its English is on the way
            if paragraph.cut:
                text.append("✂ ", style="dim")  # a passage Parallax cut from a longer block
            text.append(one_line(view.paragraph_text(paragraph, translated)))
        self._highlight(text, group, article.id, paragraphs, query)
        lines, more = wrap_cell(text, console, width, height)
        if more:
            last = lines[-1]
            last.rstrip()
            if last.cell_len >= width:
                last.right_crop(last.cell_len - width + 1)
                last.rstrip()
            last.append("…", style="dim")
        result = Text("\n", end="").join(lines)
        result.no_wrap = True  # already wrapped above: spare the table a second wrap
        result.overflow = "crop"
        return result

    def _highlight(self, text: Text, group: Group, article_id: str, paragraphs, query: str) -> None:
        indices = {p.index for p in paragraphs}
        item = view.strongest(group)
        if item is not None:
            for evidence in item.evidence:
                if evidence.article == article_id and evidence.paragraph in indices and evidence.span:
                    highlight(text, one_line(evidence.span), f"bold underline {view.kind_style(item.kind)}")
        if query.strip():
            highlight(text, clean(query.strip()), palette.MATCH)
