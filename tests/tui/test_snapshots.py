"""Snapshot tests (pytest-textual-snapshot) of the main view, the detail pane
and the overview, at the smallest and a wide terminal size; and of the loading
screen (with an ETA), the set picker, the export dialog, the filter and the
help, at the smallest size.

What would change between runs is fixed: the loading screen's clock and its
progress (a paused fake pipeline), the paths shown (relative to a working
folder of the test's own), the cursor's blink and the bars' animation.

Update after an intended visual change with:
    .venv/bin/python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import pytest
from textual.widgets import Input

from compare.types import Cancelled, Progress

from tui.screens.export import ExportScreen
from tui.screens.filter import FilterScreen
from tui.screens.help import HelpScreen
from tui.screens.loading import LoadingScreen
from tui.screens.main import MainScreen
from tui.screens.overview import OverviewScreen
from tui.screens.set_picker import SetPickerScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 45), id="160x45")]


async def _wait_for(pilot, predicate) -> None:
    for _ in range(250):
        if predicate():
            break
        await pilot.pause(0.02)
    assert predicate(), "the screen never got there"
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


async def _wait_main(pilot) -> None:
    await _wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))


def _steady_cursors(app) -> None:
    """A blinking cursor is on or off depending on when the picture is taken: keep it on."""
    for field in app.screen.query(Input):
        field.cursor_blink = False


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


class PausedPipeline:
    """A run that reports the detect stage done and translation under way, ETA 1:35, then
    waits (as a long translation would) until the app cancels it on exit."""

    def __call__(self, article_set, *, options=None, progress=None, cancel: threading.Event | None = None):
        for done in range(4):
            progress(Progress("detect", done, 3, message="3 articles" if done == 3 else ""))
        progress(Progress("translate", 12, 40, message="ru: paragraph 12 of 40", eta=95.0))
        assert cancel is not None
        cancel.wait(timeout=60)
        raise Cancelled()


class TickingClock:
    """Stands in for `time` in the stage rows: 1.5 s pass between two readings."""

    def __init__(self) -> None:
        self._ticks = itertools.count(100.0, 1.5)

    def monotonic(self) -> float:
        return next(self._ticks)


def test_loading_screen_with_eta(snap_compare, make_test_app, monkeypatch):
    from tui.widgets import stage_progress

    monkeypatch.setattr(stage_progress, "time", TickingClock())
    app = make_test_app(run_pipeline=PausedPipeline())
    app.animation_level = "none"  # the bars of stages not begun stand still instead of sweeping

    async def run_before(pilot) -> None:
        def translating() -> bool:
            if not isinstance(pilot.app.screen, LoadingScreen):
                return False
            status = pilot.app.screen.query("#stage-translate .stage-status")  # none until composed
            return bool(status) and "12/40" in str(status.first().render())

        await _wait_for(pilot, translating)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_set_picker_with_an_error(snap_compare, make_test_app, tmp_path, monkeypatch):
    """Opened on a folder that is no set: the message above the sets found."""
    monkeypatch.chdir(tmp_path)
    for folder, title, articles in (("putin-xi-2024", "Putin and Xi in Beijing", 5),
                                    ("g7-summit", "G7 summit, [Italy]", 1)):
        (tmp_path / "corpora" / folder / "articles").mkdir(parents=True)
        (tmp_path / "corpora" / folder / "set.toml").write_text(f'[set]\ntitle = "{title}"\n', encoding="utf-8")
        for n in range(articles):
            (tmp_path / "corpora" / folder / "articles" / f"{n:02d}.md").write_text("x", encoding="utf-8")
    app = make_test_app("corpora/missing-set", corpora_dir=Path("corpora"))

    async def run_before(pilot) -> None:
        await _wait_for(pilot, lambda: isinstance(pilot.app.screen, SetPickerScreen))
        _steady_cursors(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_export_dialog(snap_compare, make_test_app):
    app = make_test_app(export_dir=Path("exports"))

    async def run_before(pilot) -> None:
        await _wait_main(pilot)
        await pilot.press("e")
        await _wait_for(pilot, lambda: isinstance(pilot.app.screen, ExportScreen))
        _steady_cursors(pilot.app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_filter_dialog(snap_compare, make_test_app):
    async def run_before(pilot) -> None:
        await _wait_main(pilot)
        await pilot.press("f")
        await _wait_for(pilot, lambda: isinstance(pilot.app.screen, FilterScreen))

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("end", [pytest.param(False, id="keys"), pytest.param(True, id="badges")])
def test_help(snap_compare, make_test_app, end):
    """The top of the list (keys), and its end: the badges and marks in their colours."""
    async def run_before(pilot) -> None:
        await _wait_main(pilot)
        await pilot.press("question_mark")
        await _wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        if end:
            pilot.app.screen.query_one("#help-box").scroll_end(animate=False)
            await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_move_picker(snap_compare, make_test_app, size):
    from tui.screens.move import MovePickerScreen

    async def run_before(pilot) -> None:
        await _wait_main(pilot)
        await pilot.press("down", "g")  # group #1: three paragraphs to choose from, then the groups
        await _wait_for(pilot, lambda: isinstance(pilot.app.screen, MovePickerScreen))
        _steady_cursors(pilot.app)

    assert snap_compare(make_test_app(), terminal_size=size, run_before=run_before)
