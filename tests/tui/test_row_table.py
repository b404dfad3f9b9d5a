"""RowTable keeps renders a plain DataTable would redo: the screen must be the same, only cheaper."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from tui.widgets.row_table import LazyCell, RowTable

COLUMNS = ("badge", "a", "b", "c")


def cell(text: str, width: int = 12) -> LazyCell:
    return LazyCell(lambda: Text(text, style="bold" if text.startswith("!") else ""), width)


def wide_cell(column: str) -> LazyCell:
    """Wide characters, styled spans, lines short and too long, cut into lines as the grid's cells are."""
    def draw() -> Text:
        text = Text(end="")
        text.append("习近平 ", style="bold red")
        text.append(f"{column}\n", style="italic")  # a short line, then one too long; the third is blank
        text.append("Путин и Си обсудили ", style="italic")
        text.append("сотрудничество", style="underline on blue")
        if column == "c":  # a third line whose cut falls inside a wide character
            text.append("\n 北京", style="bold")
            text.append("会晤习近平", style="italic on red")
        text.highlight_words(["Си"], "reverse")
        text.no_wrap, text.overflow = True, "crop"
        return text
    return LazyCell(draw, 12)


def row(name: str) -> dict[str, LazyCell]:
    if name == "s":
        return {column: wide_cell(column) for column in COLUMNS}
    return {column: cell(f"{name}{column} " * 3) for column in COLUMNS}


class TableApp(App[None]):
    def __init__(self, table_class: type[DataTable]):
        super().__init__()
        self.table_class = table_class

    def compose(self) -> ComposeResult:
        yield self.table_class(cursor_type="row", zebra_stripes=True, id="table")

    @property
    def table(self) -> DataTable:
        return self.query_one("#table", DataTable)

    def fill(self, rows: list[tuple[str, dict[str, LazyCell]]]) -> None:
        table = self.table
        table.clear(columns=True)
        table.fixed_columns = 1
        for column in COLUMNS:
            table.add_column(Text(column), width=12, key=column)
        for key, cells in rows:
            table.add_row(*(cells[c] for c in COLUMNS), height=3, key=key)

    def replace(self, key: str, cells: dict[str, LazyCell]) -> None:
        table = self.table
        if isinstance(table, RowTable):
            table.replace_cells(key, cells)
        else:
            for column, value in cells.items():
                table.update_cell(key, column, value)


async def screens(table_class: type[DataTable]) -> list[str]:
    """The same changes made to a table of `table_class`; the screen after each."""
    rows = {name: row(name) for name in "pqrstuvwxyz"}
    shots = []
    app = TableApp(table_class)
    async with app.run_test(size=(60, 20)) as pilot:
        order = list("pqrstuvwxyz")
        app.fill([(n, rows[n]) for n in order])
        await pilot.pause()
        shots.append(app.export_screenshot())
        for _ in range(3):
            app.table.action_cursor_down()
        await pilot.pause()
        shots.append(app.export_screenshot())
        rows["r"] = {**rows["r"], "b": cell("!changed b"), "badge": cell("!r")}
        app.replace("r", {"b": rows["r"]["b"], "badge": rows["r"]["badge"]})
        await pilot.pause()
        shots.append(app.export_screenshot())
        order.remove("q")  # a row leaves: the rows below move up; a new one comes in below them
        order.insert(6, "new")
        rows["new"] = row("new")
        app.fill([(n, rows[n]) for n in order])
        app.table.move_cursor(row=2)
        await pilot.pause()
        shots.append(app.export_screenshot())
        app.table.action_cursor_up()
        await pilot.pause()
        shots.append(app.export_screenshot())
        app.table.focus()
        await pilot.pause()
        shots.append(app.export_screenshot())
        await pilot.click("#table", offset=(20, 1 + 3 * 3 + 1))  # the fourth row, moved up by one
        await pilot.pause()
        shots.append(f"cursor on row {app.table.cursor_row}")
    return shots


async def test_the_screen_is_the_one_a_plain_datatable_draws():
    plain = await screens(DataTable)
    ours = await screens(RowTable)
    assert len(plain) == len(ours) == 7
    assert ours[-1] == "cursor on row 3"
    for step, (a, b) in enumerate(zip(plain, ours)):
        assert a == b, f"step {step} differs"
    assert plain[2] != plain[1]  # the changes did change the screen
    assert "changed" in ours[2] and "changed" not in ours[1]


async def test_replacing_a_row_renders_that_row_alone_again():
    app = TableApp(RowTable)
    rendered: list[object] = []
    async with app.run_test(size=(60, 20)) as pilot:
        app.fill([(n, row(n)) for n in "pqrs"])
        await pilot.pause()
        table = app.table
        # A cell is rendered by the table (a header) or, a LazyCell, by RowTable directly.
        originals = {DataTable: DataTable._render_cell, RowTable: RowTable._render_lazy_cell}

        def spying(original):
            def spy(self, *args, **kwargs):
                row_index = args[1] if original is originals[RowTable] else args[0]
                rendered.append(self._row_locations.get_key(row_index))
                return original(self, *args, **kwargs)
            return spy

        DataTable._render_cell = spying(originals[DataTable])
        RowTable._render_lazy_cell = spying(originals[RowTable])
        try:
            table.replace_cells("r", {"a": cell("!new a")})
            await pilot.pause()
        finally:
            DataTable._render_cell = originals[DataTable]
            RowTable._render_lazy_cell = originals[RowTable]
    assert rendered, "the replaced row was drawn again"
    assert {key.value for key in rendered} == {"r"}


async def test_rows_off_screen_are_never_drawn():
    app = TableApp(RowTable)
    rows = [(f"row{i}", row(f"row{i}")) for i in range(60)]
    async with app.run_test(size=(60, 20)) as pilot:
        app.fill(rows)
        await pilot.pause()
    drawn = [key for key, cells in rows if cells["a"].drawn]
    assert drawn and len(drawn) < 10
    assert drawn == [key for key, _ in rows[:len(drawn)]]


async def settle(pilot) -> None:
    """A table wider than the screen gets its scrollbar a frame or two after it is filled."""
    for _ in range(3):
        await pilot.pause(0.02)


async def scrolled_screens(table_class: type[DataTable]) -> list[str]:
    """A table wider than the screen, scrolled sideways under its fixed column, cursor on and off a row."""
    shots = []
    app = TableApp(table_class)
    async with app.run_test(size=(38, 16)) as pilot:
        app.fill([(n, row(n)) for n in "pstu"])
        await settle(pilot)
        shots.append(app.export_screenshot())
        for x in (5, 14, 100):  # inside a column, on a column's edge, as far as it goes
            app.table.scroll_to(x=x, animate=False)
            await settle(pilot)
            shots.append(app.export_screenshot())
        app.table.action_cursor_down()
        await settle(pilot)
        shots.append(app.export_screenshot())
    return shots


async def test_a_table_scrolled_sideways_is_the_one_a_plain_datatable_draws():
    plain = await scrolled_screens(DataTable)
    ours = await scrolled_screens(RowTable)
    assert len(plain) == len(ours) == 5
    assert len(set(plain)) == 5  # each step changed the screen
    for step, (a, b) in enumerate(zip(plain, ours)):
        assert a == b, f"step {step} differs"


async def test_columns_right_of_the_screen_are_not_drawn():
    app = TableApp(RowTable)
    rows = [(n, row(n)) for n in "pq"]
    async with app.run_test(size=(38, 16)) as pilot:
        app.fill(rows)
        await settle(pilot)
        assert rows[0][1]["a"].drawn and not rows[0][1]["c"].drawn
        app.table.scroll_to(x=100, animate=False)
        await settle(pilot)
        assert rows[0][1]["c"].drawn
