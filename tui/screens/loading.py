"""Shown while the pipeline runs: a progress bar per stage, Escape cancels."""

from __future__ import annotations

import threading

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from compare.types import ArticleSet, Progress

from tui import palette
from tui.sanitize import one_line
from tui.widgets.stage_progress import StageProgress
from tui.widgets.key_footer import KeyFooter

STAGES = ("detect", "translate", "embed", "align", "diverge")


class LoadingScreen(Screen[None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="loading.cancel")]

    def __init__(self, article_set: ArticleSet, cancel: threading.Event) -> None:
        super().__init__()
        self.article_set = article_set
        self.cancel_event = cancel
        self._pending: list[Progress] = []
        self._ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="loading"):
            title = Text("Comparing ", style="bold", end="")
            title.append(one_line(self.article_set.title or self.article_set.path))
            yield Label(title, id="loading-title")
            outlets = ", ".join(one_line(a.outlet or a.id) for a in self.article_set.articles)
            yield Label(Text(f"{len(self.article_set.articles)} articles: {outlets}", style="dim"),
                        id="loading-articles")
            for stage in STAGES:
                yield StageProgress(stage)
            yield Static(Text("Starting…", style="dim"), id="loading-message")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._ready = True
        self._flush()
        if self._pending:
            self.call_after_refresh(self._flush)

    def update_progress(self, progress: Progress) -> None:
        self._pending.append(progress)
        self._flush()

    def _flush(self) -> None:
        """Show the progress kept so far, once the stages are on the screen (a report can come before)."""
        if not self._ready or not self.query(f"#stage-{STAGES[0]}"):
            return
        pending, self._pending = self._pending, []
        for progress in pending:
            self._show(progress)

    def _show(self, progress: Progress) -> None:
        stage = progress.stage
        if stage in STAGES:
            for earlier in STAGES[: STAGES.index(stage)]:
                self.query_one(f"#stage-{earlier}", StageProgress).finish()
            self.query_one(f"#stage-{stage}", StageProgress).update_from(progress)
        if progress.message and not self.cancel_event.is_set():
            self.query_one("#loading-message", Static).update(
                Text(f"{stage}: {one_line(progress.message)}", style="dim"))

    def action_cancel(self) -> None:
        if not self.cancel_event.is_set():
            self.cancel_event.set()
            self.query_one("#loading-message", Static).update(
                Text("Cancelling… finished work is kept in the cache.", style=f"bold {palette.WARNING}"))
