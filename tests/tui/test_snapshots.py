"""Snapshot tests (pytest-textual-snapshot) of the main view, the detail pane
and the overview, at the smallest and a wide terminal size.

Update after an intended visual change with:
    .venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tui.screens.main import MainScreen
from tui.screens.overview import OverviewScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


async def _wait_main(pilot) -> None:
    for _ in range(200):
        if isinstance(pilot.app.screen, MainScreen):
            break
        await pilot.pause(0.02)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES)
def test_main_view(snap_compare, make_test_app, size):
    assert snap_compare(make_test_app(), terminal_size=size, run_before=_wait_main)


@pytest.mark.parametrize("size", SIZES)
def test_detail_pane(snap_compare, make_test_app, size):
    async def run_before(pilot) -> None:
        await _wait_main(pilot)
        await pilot.press("down", "enter")  # group #1: an omission, a framing and the hostile paragraph
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_overview(snap_compare, make_test_app, size):
    async def run_before(pilot) -> None:
        await _wait_main(pilot)
        await pilot.press("o")
        for _ in range(100):
            if isinstance(pilot.app.screen, OverviewScreen):
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)
