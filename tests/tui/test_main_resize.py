"""The main screen skips the relayout Textual asks for at the size it was just laid out at; a real
resize still lays it out again."""

from __future__ import annotations

from conftest import wait_for

from tui.screens.main import MainScreen


async def test_the_main_view_follows_the_terminal_size(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(160, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause(0.1)
        screen = app.screen
        first = app.export_screenshot()
        grid = screen.grid
        assert grid.size.width == 160 and grid._layout_key[1] == 4  # rows of four lines when tall
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        assert screen.size == (100, 30)
        assert grid.size.width == 100 and grid._layout_key[1] == 3  # the grid laid out again, rows shorter
        assert app.export_screenshot() != first
        await pilot.resize_terminal(160, 45)
        await pilot.pause(0.1)
        assert app.export_screenshot() == first  # back as it was
