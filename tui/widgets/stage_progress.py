"""One row per pipeline stage: name, progress bar, counts and ETA."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from compare.types import Progress

from tui.sanitize import one_line


def format_eta(seconds: float | None) -> str:
    if seconds is None or seconds < 0:
        return ""
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"ETA {seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"ETA {seconds // 60}:{seconds % 60:02d}"


class StageProgress(Horizontal):
    """Progress of one stage; `update_from` takes the engine's Progress."""

    def __init__(self, stage: str) -> None:
        super().__init__(id=f"stage-{stage}", classes="stage pending")
        self.stage = stage
        self.started: float | None = None
        self.finished = False
        self._composed = False
        self._early: list[Progress | None] = []  # reports that came before compose

    def compose(self) -> ComposeResult:
        yield Label(Text(self.stage), classes="stage-name")
        yield ProgressBar(total=None, show_eta=False, show_percentage=True, classes="stage-bar")
        yield Label(Text("waiting"), classes="stage-status")

    def on_mount(self) -> None:
        self._composed = True
        early, self._early = self._early, []
        for progress in early:
            if progress is None:
                self.finish()
            else:
                self.update_from(progress)

    def update_from(self, progress: Progress) -> None:
        if not self._composed:
            self._early.append(progress)
            return
        now = time.monotonic()
        if self.started is None:
            self.started = now
        self.remove_class("pending")
        self.add_class("running")
        bar = self.query_one(ProgressBar)
        if progress.total:
            bar.update(total=progress.total, progress=progress.done)
        eta = progress.eta
        if eta is None and progress.total and progress.done:
            elapsed = now - self.started
            eta = elapsed / progress.done * (progress.total - progress.done)
        parts = []
        if progress.total:
            parts.append(f"{progress.done}/{progress.total}")
        elif progress.done:
            parts.append(str(progress.done))
        if progress.total and progress.done >= progress.total:
            self.finish()
            return
        if eta_text := format_eta(eta):
            parts.append(eta_text)
        if progress.message:
            parts.append(one_line(progress.message))
        self.query_one(".stage-status", Label).update(Text("  ".join(parts)))

    def finish(self) -> None:
        if not self._composed:
            self._early.append(None)
            return
        if self.finished:
            return
        self.finished = True
        self.remove_class("pending", "running")
        self.add_class("done")
        bar = self.query_one(ProgressBar)
        total = bar.total or 1
        bar.update(total=total, progress=total)
        took = "" if self.started is None else f" in {time.monotonic() - self.started:.1f}s"
        self.query_one(".stage-status", Label).update(Text(f"done{took}"))
