"""A DataTable whose rows can be replaced one at a time, and whose cells are drawn when first shown.

`DataTable.update_cell`, `add_row` and `clear` each count as a change of the
whole table: every cell on screen is rendered again, so changing the two rows
of a correction costs as much as drawing the grid anew. `RowTable` keeps the
render of each cell by the cell itself (the object) and where it is drawn, so
a cell that is still the same object at the same place is never rendered
twice, whatever else changed; `replace_cells` changes one row in place.

`LazyCell` is a cell whose text is made on first render. The table measures
every cell of a new row; a lazy cell answers with its fixed width, so a grid
of hundreds of rows draws only the rows on screen.

Both lean on the render caches of the pinned Textual (8.2.x):
tests/tui/test_row_table.py checks that a replaced row shows its new text and
that the other rows keep their renders.
"""

from __future__ import annotations

from itertools import islice
from typing import Callable, Mapping

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._segment_tools import line_crop
from textual.cache import LRUCache
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

CellLines = list[list[Segment]]


class LazyCell:
    """A cell of a fixed width whose text is drawn when first needed."""

    __slots__ = ("_draw", "_text", "width", "_lines")

    def __init__(self, draw: Callable[[], Text], width: int):
        self._draw: Callable[[], Text] | None = draw
        self._text: Text | None = None
        self.width = width
        self._lines: tuple[int, int, CellLines] | None = None  # (width, height, lines): the last rendered

    @property
    def text(self) -> Text:
        if self._text is None:
            assert self._draw is not None
            self._text = self._draw()
            self._draw = None
        return self._text

    @property
    def drawn(self) -> bool:
        return self._text is not None

    @property
    def plain(self) -> str:
        return self.text.plain

    def lines(self, console: Console, options: ConsoleOptions, width: int, height: int) -> CellLines:
        """The text rendered into `height` lines of `width` cells, unstyled by the table (kept: the
        same cell is drawn again with the cursor on it, or zebra-striped otherwise)."""
        kept = self._lines
        if kept is not None and kept[0] == width and kept[1] == height:
            return kept[2]
        text = self.text
        if text.no_wrap and text.overflow == "crop" and not (text.justify or options.justify) \
                and "\t" not in text.plain:
            # Already cut into lines (the grid's cells are): rendered whole and cut at its line ends,
            # each line cropped and padded as `console.render_lines` would, without wrapping it again.
            lines = list(islice(Segment.split_and_crop_lines(text.render(console), width, style=_NO_STYLE,
                                                             include_new_lines=False), height))
            lines += [[Segment(" " * width, _NO_STYLE)]] * (height - len(lines))
        else:
            lines = console.render_lines(text, options.update_dimensions(width, height), style=_NO_STYLE)
        self._lines = (width, height, lines)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.text

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


_NO_STYLE = Style.null()


class RowTable(DataTable):
    """A DataTable that renders a cell again only when the cell, its place or its style changed."""

    def __init__(self, *args, **kwargs) -> None:
        # (row key, column key, id(cell), place, style, size, cursor state) -> (cell, its lines); the
        # cell is kept with its lines so its id cannot be reused by another object while cached.
        # Set first: the table's watchers clear caches while it is made.
        self._renders: LRUCache[tuple, tuple[object, CellLines]] = LRUCache(4000)
        # The same for whole lines of the table, with the cells of their row.
        self._lines: LRUCache[tuple, tuple[tuple, Strip]] = LRUCache(2000)
        self._keep_renders = False
        self._frame_styles: dict[str, Style] = {}
        super().__init__(*args, **kwargs)

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> CellLines:
        header = row_index == -1
        row_key = self._header_row_key if header else self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if header:
            cell, height = (self.columns[column_key].label if column_key in self.columns else None), \
                self.header_height
        elif row_key in self._data and column_index >= 0:
            cell, height = self._data[row_key].get(column_key), self.rows[row_key].height
        else:  # a row label, or a row being removed: as the table does it
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # Fixed rows and columns, zebra stripes, the cursor shown: changing any clears the caches.
        key = (row_key, column_key, id(cell), row_index, column_index, base_style, width, height, cursor, hover,
               self._show_hover_cursor, self._pseudo_class_state)
        kept = self._renders.get(key)
        if kept is not None and kept[0] is cell:
            return kept[1]
        if isinstance(cell, LazyCell) and height > 0 and width > 2 * self.cell_padding and not header:
            lines = self._render_lazy_cell(cell, row_index, column_index, base_style, width, height, cursor, hover)
        else:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        self._renders[key] = (cell, lines)
        return lines

    def _render_lazy_cell(self, cell: LazyCell, row_index: int, column_index: int, base_style: Style, width: int,
                          height: int, cursor: bool, hover: bool) -> CellLines:
        """The lines `DataTable._render_cell` makes of a cell of a fixed height, made directly.

        The table renders a cell as `Styled(Padding(cell, (0, padding)), pre_style, post_style)` through
        Rich; this pads and styles the cell's rendered lines (kept with the cell) the same way
        (docs/performance.md). tests/tui/test_row_table.py compares the two.
        """
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) + component_style
        padding = self.cell_padding
        pad = [Segment(" " * padding, _NO_STYLE)] if padding else []
        lines = cell.lines(self.app.console, self.app.console_options, width - 2 * padding, height)
        return [list(Segment.apply_style([*pad, *line, *pad], pre_style, post_style)) for line in lines]

    def render_lines(self, crop):
        self._frame_styles = {}  # component styles, looked up once a frame (nothing restyles mid-frame)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if self.fixed_rows:
            return super().render_line(y)
        # DataTable.render_line with the widget's style (an ancestor walk) looked up once a frame.
        base_style = self._frame_style("", lambda: self.rich_style)
        scroll_x, scroll_y = self.scroll_offset
        if y >= (self.header_height if self.show_header else 0):
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + self.size.width, base_style)

    def _frame_style(self, key: str, make: Callable[[], Style]) -> Style:
        """`make()`, made once a frame (the styles it reads walk the ancestors at every call)."""
        style = self._frame_styles.get(key)
        if style is None:
            style = self._frame_styles[key] = make()
        return style

    def _component_style(self, name: str) -> Style:
        """`get_component_styles(name).rich_style`, once a frame."""
        return self._frame_style(name, lambda: self.get_component_styles(name).rich_style)

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        if row_index == -1:
            return self._component_style("datatable--header")
        if row_index < self.fixed_rows:
            return self._component_style("datatable--fixed")
        if self.zebra_stripes:
            return self._component_style("datatable--odd-row" if row_index % 2 else "datatable--even-row")
        return base_style

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        if self.cursor_type != "row" or (self._labelled_row_exists and self.show_row_labels):
            return super()._render_line(y, x1, x2, base_style)
        try:
            row_key, line = self._get_offsets(y)
        except LookupError:
            return super()._render_line(y, x1, x2, base_style)
        columns = self.ordered_columns
        if row_key is self._header_row_key:
            row_index, cells = -1, tuple(column.label for column in columns)
        else:
            row_index = self._row_locations.get(row_key)
            data = self._data.get(row_key, {})
            cells = tuple(data.get(column.key) for column in columns)
        widths = tuple(column.get_render_width(self) for column in columns)
        key = (row_key, line, row_index, x1, x2, self.size.width, base_style, self.cursor_row == row_index,
               self.hover_row == row_index, self._show_hover_cursor, self._pseudo_class_state,
               tuple(map(id, cells)), widths)
        kept = self._lines.get(key)
        if kept is not None and all(a is b for a, b in zip(kept[0], cells)):
            return kept[1]
        strip = self._assemble_line(row_key, line, x1, x2, base_style, widths)
        self._lines[key] = (cells, strip)
        return strip

    def _assemble_line(self, row_key: RowKey, line: int, x1: int, x2: int, base_style: Style,
                       widths: tuple[int, ...]) -> Strip:
        """The line `DataTable._render_line` makes with a row cursor, made with fewer renders.

        The table renders every column of the row for the scrolling part, fixed ones included, and
        crops the fixed ones off again; and every column to the right edge of the table, however far
        past the widget's. Here the fixed columns are rendered once, and a scrolling cell wholly
        outside the visible part stands as blanks of its width, cropped as the table crops it.
        tests/tui/test_row_table.py compares the screens with a plain DataTable's, scrolled too.
        """
        width = self.size.width
        row_index = self._row_locations.get(row_key) if row_key in self._row_locations else -1
        cursor = self.cursor_coordinate.row == row_index
        hover = self.hover_coordinate.row == row_index
        render_cell = self._render_cell
        fixed_count = self.fixed_columns
        segments: list[Segment] = []
        if fixed_count:
            if row_index == -1:
                fixed_style = self._component_style("datatable--header")
            else:
                fixed_style = self._frame_style("fixed", lambda: self._component_style("datatable--fixed")
                                                + Style.from_meta({"fixed": True}))
            for column_index in range(min(fixed_count, len(widths))):
                segments += render_cell(row_index, column_index, fixed_style, widths[column_index],
                                        cursor=cursor, hover=hover)[line]
        fixed_width = sum(widths[:fixed_count])
        row_style = self._get_row_style(row_index, base_style)
        scrolling: list[Segment] = []
        start, end = x1, x1 + width - fixed_width  # the part of the scrolling columns shown
        position = 0
        for column_index in range(fixed_count, len(widths)):
            cell_width = widths[column_index]
            if position + cell_width <= start or position >= end:
                scrolling.append(Segment(" " * cell_width))  # cropped off below
            else:
                scrolling += render_cell(row_index, column_index, row_style, cell_width,
                                         cursor=cursor, hover=hover)[line]
            position += cell_width
        remaining = max(0, width - (position + self._row_label_column_width))
        extend_style, _ = self._get_styles_to_render_cell(
            row_index == -1, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor, False, False)
        extend_style = row_style + extend_style + Style.from_meta({"row": row_index, "column": 0,
                                                                   "out_of_bounds": True})
        scrolling.append(Segment(" " * remaining, extend_style))
        segments += line_crop(scrolling, x1, x2 - fixed_width, width - fixed_width)
        return Strip(segments).adjust_cell_length(width, base_style).simplify()

    def clear(self, columns: bool = False):
        """Empty the table, keeping the renders of cells: rows added again with the same cells reuse them."""
        self._keep_renders = True
        try:
            return super().clear(columns)
        finally:
            self._keep_renders = False

    def _clear_caches(self) -> None:
        super()._clear_caches()
        if not self._keep_renders:
            self._renders.clear()
            self._lines.clear()

    def notify_style_update(self) -> None:
        self._renders.clear()  # a new theme or CSS: every cell looks different
        self._lines.clear()
        super().notify_style_update()

    def replace_cells(self, row_key: str, values: Mapping[str, object]) -> None:
        """Put `values` (column key -> cell) into the row `row_key` and render that row alone again."""
        row = RowKey(row_key)
        if row not in self._row_locations:
            return
        data = self._data[row]
        for column_key, value in values.items():
            column = ColumnKey(column_key)
            if column in self._column_locations:
                data[column] = value
        self._forget_row(row)
        self.refresh()

    def _forget_row(self, row: RowKey) -> None:
        """The table's own caches of `row`: its cells (new objects now miss `_renders` by themselves)."""
        index = self._row_locations.get(row)
        for key in [k for k in self._row_renderable_cache.keys() if k[1] == index]:
            self._row_renderable_cache.discard(key)
        for key in [k for k in self._cell_render_cache.keys() if k[0] == row]:
            self._cell_render_cache.discard(key)
        for key in [k for k in self._row_render_cache.keys() if k[0] == row]:
            self._row_render_cache.discard(key)
        self._line_cache.clear()  # lines are put together from the rows' renders: cheap to redo
