"""The screen a reader lives in: the aligned grid, the detail pane, search."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input

from compare import marks
from compare.types import Comparison, Group

from tui import view
from tui.sanitize import one_line
from tui.screens import correcting, streaming
from tui.widgets.aligned_grid import AlignedGrid
from tui.widgets.detail_pane import DetailPane
from tui.widgets.status_bar import Status, StatusBar
from tui.widgets.key_footer import KeyFooter
from tui.widgets.screen_header import ScreenHeader

# `n`/`p` skip groups whose strongest divergence is weaker than this (or the filter's minimum).
JUMP_MIN = 0.3
# Search as you type redraws the grid this long after the last key, not after
# every key: a redraw of a set with thousands of groups takes about a second.
SEARCH_DELAY = 0.15


class MainScreen(correcting.Correcting, streaming.Streaming, Screen[None]):
    # The grid has focus from the first frame: focused later (the hidden search box would get it
    # first), every cell on screen is drawn twice, unfocused then focused.
    AUTO_FOCUS = "#grid"
    BINDINGS = [
        Binding("t", "toggle_text", "Orig/EN", tooltip="Show the English translations or the original texts", id="main.toggle_text"),
        Binding("a", "next_anchor", "Anchor", tooltip="Order the rows by the next article's reading order", id="main.next_anchor"),
        Binding("d", "toggle_detail", "Detail", tooltip="Open / close the detail pane for the selected group", id="main.detail"),
        Binding("n", "next_divergence", "Next", tooltip="Jump to the next group that diverges", id="main.next_divergence"),
        Binding("N,p", "previous_divergence", "Prev", key_display="N/p",
                tooltip="Jump to the previous group that diverges", id="main.previous_divergence"),
        Binding("slash", "search", "Search", key_display="/", tooltip="Search all texts, original and English", id="main.search"),
        Binding("f", "filter", "Filter", tooltip="Filter by divergence kind and minimum strength", id="main.filter"),
        Binding("k", "cycle_kind", "Kind filter", show=False, tooltip="Cycle the kind filter: all, omission, facts, framing, …", id="main.cycle_kind"),
        Binding("right_square_bracket", "stronger", "Min strength +", show=False,
                tooltip="Raise the minimum divergence strength by 0.1", key_display="]", id="main.stronger"),
        Binding("left_square_bracket", "weaker", "Min strength −", show=False,
                tooltip="Lower the minimum divergence strength by 0.1", key_display="[", id="main.weaker"),
        Binding("o", "overview", "Overview", tooltip="Overview: emphasis per outlet, omissions, unique content", id="main.overview"),
        Binding("m", "toggle_mark", "Mark", tooltip="Mark the selected group as a finding (kept between runs; "
                "export can keep only the marked groups)", id="main.mark"),
        Binding("M", "note", "Note", show=False, tooltip="Write a note on the selected group (marks it)",
                id="main.note"),
        *correcting.BINDINGS,
        Binding("e", "export", "Export", tooltip="Export the comparison as JSON, Markdown or HTML", id="main.export"),
        Binding("s", "open_set", "Sets", show=False, tooltip="Open another article set", id="main.open_set"),
        Binding("escape", "close", "Close", show=False, tooltip="Close the detail pane / clear the search / clear the filter", id="main.close"),
    ]

    def __init__(self, comparison: Comparison, *, cached: bool | None = None) -> None:
        super().__init__()
        self.comparison = self.init_corrections(comparison)  # the aligner's groups as the reader corrected them
        self.cached = cached
        ids = [a.id for a in comparison.articles]
        self.anchor: str | None = ids[0] if ids else None
        self.translated = True
        self.kind: str | None = None
        self.min_strength = 0.0
        self.query_text = ""
        self.detail_open = False
        self._search_timer: Timer | None = None
        self._opening_search = False  # "/" pressed, the search box not focused yet
        self._early_keys = ""  # what was typed meanwhile, and whether Enter was
        self._early_enter = False
        self.marked: dict[int, str] = marks.load(comparison)  # groups marked as findings -> the reader's note
        self.only_marked = False  # show the marked groups alone
        self._unmark_asked: int | None = None  # a group with a note whose unmarking was asked about
        # Set before the header is made: it draws them in its first frame (ScreenHeader).
        self.title = "Parallax"
        self.sub_title = one_line(comparison.set.title or comparison.set.path)

    # -- layout -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ScreenHeader()
        yield StatusBar(id="status")
        yield AlignedGrid(id="grid")  # the search box goes above it when first opened (`search_box`)
        yield DetailPane(id="detail")
        yield KeyFooter()

    _shown = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown the first time, the screen's widgets were styled a moment ago, as they were mounted;
        Textual styles every one of them again when a screen is shown (refresh_styles)."""
        if self._shown:
            return  # Textual's handler, next in line, does what it always does
        self._shown = True
        event.prevent_default()
        super()._on_screen_resume(events.ScreenResume(refresh_styles=False))

    async def _on_resize(self, event: events.Resize) -> None:
        """A Resize to the size of the layout in place (Textual sends one after a screen's first
        layout) leaves it be; a layout asked for meanwhile comes with the next frame, as any does."""
        if event.size == self._compositor.size:
            event.stop()
            event.prevent_default()

    def on_mount(self) -> None:
        self.refresh_view()
        self.warn_corrections()

    @property
    def grid(self) -> AlignedGrid:
        return self.query_one(AlignedGrid)

    def visible_groups(self) -> list[Group]:
        groups = view.ordered_groups(self.comparison, self.anchor)
        return [
            g for g in groups
            if view.group_passes(g, self.kind, self.min_strength)
            and (not self.only_marked or g.id in self.marked)
            and view.group_matches(self.comparison, g, self.query_text)
        ]

    def refresh_view(self, keep_group: int | None = None, touched: frozenset[int] | None = None) -> None:
        """`touched`: the only groups that changed (a correction), when the others need no redraw."""
        groups = self.visible_groups()
        self.grid.set_view(self.comparison, groups, anchor=self.anchor, translated=self.translated,
                           query=self.query_text, keep_group=keep_group, marked=self.marked, touched=touched)
        self.refresh_status()
        self.update_detail()

    def refresh_status(self) -> None:
        anchor_name = self.anchor or ""
        if self.anchor:
            article = self.comparison.article(self.anchor)
            anchor_name = f"{view.outlet_names(self.comparison.articles)[article.id]} ({article.language.lang})"
        self.query_one(StatusBar).show(Status(
            anchor=anchor_name, translated=self.translated, kind=self.kind,
            min_strength=self.min_strength, query=self.query_text,
            shown=len(self.grid.groups), total=len(self.comparison.groups), cached=self.cached,
            marked=len(self.marked), only_marked=self.only_marked,
            corrected=sum(1 for g in self.comparison.groups if g.corrected_by),
            **streaming.status_fields(self.comparison, self.translating),
        ))

    def update_detail(self) -> None:
        detail = self.query_one(DetailPane)
        detail.display = self.detail_open
        self.set_class(self.detail_open, "-detail-open")
        if not self.detail_open:
            return
        group = self.grid.current_group
        if group is None:
            detail.display = False
            return
        detail.show(self.comparison, group, self.grid.articles, translated=self.translated,
                    query=self.query_text, note=self.marked.get(group.id))

    # -- events -------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.detail_open = not self.detail_open if self._last_selected == event.cursor_row else True
        self._last_selected = event.cursor_row
        self.update_detail()

    _last_selected: int | None = None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.detail_open:
            self._last_selected = event.cursor_row
            self.update_detail()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()
            if event.value == self.query_text:  # Esc cleared both already
                return
            self.query_text = event.value
            self._cancel_search()
            self._search_timer = self.set_timer(SEARCH_DELAY, self._search_now)

    def _cancel_search(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    def _search_now(self) -> None:
        self._search_timer = None
        self.refresh_view()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            if self._search_timer is not None:  # Enter shows the result at once
                self._cancel_search()
                self.refresh_view()
            self.grid.focus()
            if self.query_text.strip() and not self.grid.groups:
                self.notify("No paragraph holds that text.", severity="warning")

    # -- actions ------------------------------------------------------------

    def action_toggle_text(self) -> None:
        self.translated = not self.translated
        self.refresh_view()

    def action_next_anchor(self) -> None:
        ids = [a.id for a in self.comparison.articles]
        if not ids:
            return
        index = ids.index(self.anchor) if self.anchor in ids else -1
        self.anchor = ids[(index + 1) % len(ids)]
        self.refresh_view()

    def set_anchor(self, article_id: str) -> None:
        self.anchor = article_id
        self.refresh_view()

    def action_toggle_detail(self) -> None:
        self.detail_open = not self.detail_open
        self._last_selected = self.grid.cursor_row
        self.update_detail()

    def _jump(self, step: int) -> None:
        groups = self.grid.groups
        if not groups:
            self.notify("No groups shown.", severity="warning")
            return
        start = self.grid.cursor_row
        threshold = max(self.min_strength, JUMP_MIN)
        for offset in range(1, len(groups) + 1):
            row = (start + step * offset) % len(groups)
            if view.group_passes(groups[row], self.kind, threshold):
                wrapped = (row < start) if step > 0 else (row > start)
                self.grid.move_cursor(row=row, animate=False, scroll=True)
                if wrapped:
                    self.notify("Wrapped around.", timeout=1.5)
                return
        self.notify(f"No divergence of strength {threshold:.2f} or more among the shown groups.",
                    severity="warning")

    def action_next_divergence(self) -> None:
        self._jump(+1)

    def action_previous_divergence(self) -> None:
        self._jump(-1)

    _search_box: Input | None = None

    def search_box(self) -> Input:
        """The search box, made and mounted above the grid when the search is first opened."""
        if self._search_box is None:
            self._search_box = Input(placeholder="search all texts (original and English) · Enter keeps · Esc clears",
                                     id="search")
            self.mount(self._search_box, before=self.grid)
        return self._search_box

    def action_search(self) -> None:
        made = self._search_box is None
        search = self.search_box()
        self.add_class("-searching")
        self._opening_search = True
        if made:  # focused once mounted and styled as shown
            self.call_after_refresh(search.focus)
        else:
            search.focus()

    def on_key(self, event: events.Key) -> None:
        """Keys typed (or pasted) right after "/" belong to the search.

        The keys reach this screen before the app runs the "/" binding, and
        focus moves to the search box only after that: "/Harbin" arriving at
        once would change the anchor at its "a". So "/" opens the search
        here, and what follows is kept until the box has focus, then typed
        into it (`on_descendant_focus`).
        """
        if self._search_box is not None and self._search_box.has_focus:
            return
        if event.key == "slash" and not self._opening_search:
            self.action_search()
        elif not self._opening_search:
            return
        elif event.is_printable and event.character:
            self._early_keys += event.character
        elif event.key == "enter":
            self._early_enter = True
        else:
            return
        event.stop()
        event.prevent_default()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The search box has focus, and has selected its text: what was typed before
        replaces the selection, as a key typed now would ("/Harbin" after the detail
        pane was open searched for "n": the box had selected "Harbi")."""
        if event.widget.id != "search" or not self._opening_search:
            return
        search = self.search_box()
        self._opening_search = False
        if self._early_keys:
            if search.selection.is_empty:
                search.insert_text_at_cursor(self._early_keys)
            else:
                search.replace(self._early_keys, *search.selection)
        if self._early_enter:
            self.call_after_refresh(search.action_submit)
        self._early_keys, self._early_enter = "", False

    def set_filter(self, kind: str | None, min_strength: float) -> None:
        self.kind = kind
        self.min_strength = min_strength
        self.refresh_view()

    def action_filter(self) -> None:
        from tui.screens.filter import FilterScreen

        def done(result: tuple[str | None, float] | None) -> None:
            if result is not None:
                self.set_filter(*result)

        self.app.push_screen(FilterScreen(self.kind, self.min_strength), done)

    def action_cycle_kind(self) -> None:
        order = (None,) + view.KINDS
        index = order.index(self.kind) if self.kind in order else 0
        self.set_filter(order[(index + 1) % len(order)], self.min_strength)

    def action_stronger(self) -> None:
        self.set_filter(self.kind, min(0.9, round(self.min_strength + 0.1, 2)))

    def action_weaker(self) -> None:
        self.set_filter(self.kind, max(0.0, round(self.min_strength - 0.1, 2)))

    def action_overview(self) -> None:
        from tui.screens.overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.comparison, view.ordered_groups(self.comparison, self.anchor)))

    def action_toggle_mark(self) -> None:
        group = self.grid.current_group
        if group is None:
            return
        if group.id in self.marked:
            if self.marked[group.id] and self._unmark_asked != group.id:
                self._unmark_asked = group.id  # a note is the reader's writing: asked once first
                self.notify("This group has a note. Press m again to unmark it and drop the note.",
                            severity="warning", markup=False)
                return
            del self.marked[group.id]
        else:
            self.marked[group.id] = ""
        self._marks_changed(group)

    def action_note(self) -> None:
        from tui.screens.note import NoteScreen

        group = self.grid.current_group
        if group is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self.marked[group.id] = note
                self._marks_changed(group)

        topic = view.topic_label(self.comparison, group)
        self.app.push_screen(NoteScreen(group.id, topic, self.marked.get(group.id, "")), done)

    def _marks_changed(self, group: Group) -> None:
        self._unmark_asked = None
        try:
            marks.save(self.comparison, self.marked)
        except OSError as error:
            self.notify(f"The mark is shown but could not be kept for next time: {error}",
                        severity="warning", markup=False)
        self.update_detail()
        if self.only_marked:  # an unmarked group leaves the view of the marked ones
            self.only_marked = bool(self.marked)
            self.refresh_view()
            return
        self.grid.show_mark(group, group.id in self.marked)
        self.refresh_status()

    def show_only_marked(self, only: bool = True) -> None:
        if only and not self.marked:
            self.notify("No group is marked yet: select one and press m.", severity="warning")
            return
        self.only_marked = only
        self.refresh_view()

    def action_export(self, fmt: str | None = None) -> None:
        self.app.action_export(fmt, marked=self.marked, comparison=self.comparison)  # type: ignore[attr-defined]

    def action_open_set(self) -> None:
        self.app.action_open_set()  # type: ignore[attr-defined]

    def action_close(self) -> None:
        search = self._search_box
        if search is not None and (search.has_focus or (self.has_class("-searching") and not self.detail_open)):
            search.value = ""
            self.query_text = ""
            self._cancel_search()
            self.remove_class("-searching")
            self.grid.focus()
            self.refresh_view()
        elif self.detail_open:
            self.detail_open = False
            self.update_detail()
            self.grid.focus()
        elif self.kind or self.min_strength or self.only_marked:
            self.only_marked = False
            self.set_filter(None, 0.0)
        elif self.translating is not None and not self.translating.stopped:
            self.app.stop_translation()  # type: ignore[attr-defined]
