"""Log records shown as notifications while the app runs, instead of written over its screen.

The command line logs to stderr (`compare.cli`); once Textual draws the
terminal, a line written there lands in the middle of the screen. While the
app runs, the root logger's handlers are set aside and its warnings and
errors become notifications; the handlers come back when the app ends.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from textual.app import App

SHOWN_FOR = 12.0  # seconds a logged warning stays on screen


class ToastHandler(logging.Handler):
    """Shows each record at WARNING or above as a notification of the app (as plain text)."""

    def __init__(self, app: App) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            severity = "error" if record.levelno >= logging.ERROR else "warning"
            # notify is safe from the engine's worker threads; markup off: the message may quote article text.
            self.app.notify(self.format(record), severity=severity, timeout=SHOWN_FOR, markup=False)
        except Exception:  # a handler must never raise into the code that logged
            self.handleError(record)


@contextmanager
def logs_as_toasts(app: App) -> Iterator[ToastHandler]:
    """While the block runs, the root logger's records go to `app`'s notifications only."""
    root = logging.getLogger()
    kept = root.handlers[:]
    handler = ToastHandler(app)
    root.handlers = [handler]
    try:
        yield handler
    finally:
        root.handlers = kept
