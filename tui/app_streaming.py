"""The app's side of a streamed translation: the first provisional comparison opens the main screen,
later ones replace it in place, the reader's order goes to the translating thread, Escape stops it."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from tui.messages import TranslationUpdate

# How often the paragraphs the reader needs first are handed to the translating thread (seconds).
ORDER_EVERY = 0.5


class StreamingApp:
    """A mixin of `ParallaxApp`: needs its `cancel_event`, `comparison`, `timings`, `started` and `_present`."""

    streaming = False  # the shown comparison is provisional and its translation is running
    _live: Any = None  # the main screen showing it
    _order: Any = None  # the paragraphs the reader needs first (`compare.stream.ReadingOrder`)
    _order_timer: Any = None

    def on_translation_update(self, message: TranslationUpdate) -> None:
        """The first provisional comparison opens the main screen; later ones replace it in place."""
        from tui.screens.main import MainScreen
        from tui.screens.streaming import Translating

        if message.run is not self.cancel_event or message.run.is_set():
            return  # a run the reader left behind
        update = message.update
        self.comparison = update.comparison
        state = Translating(left=update.left, total=update.total, eta=update.eta)
        if self._live is None or not self.streaming:
            self.streaming = True
            self._live = MainScreen(update.comparison, cached=False)
            self._live.set_translating(state)
            self._present(self._live)
            self.call_after_refresh(
                lambda: self.timings.setdefault("first_groups", time.perf_counter() - self.started))
            self._order_timer = self.set_interval(ORDER_EVERY, self._hand_order)
            return
        self._live.replace_comparison(update.comparison)
        self._live.set_translating(state)

    def _hand_order(self) -> None:
        if self.streaming and self._live is not None and self._order is not None and self._live.is_mounted:
            urgent, rest = self._live.reading_order()
            self._order.set(rest, urgent=urgent)

    def stop_translation(self) -> None:
        """Escape on the main screen: stop translating, keep what is done (reopening the set goes on)."""
        if self.streaming:
            self.cancel_event.set()

    def _end_streaming(self, stopped: bool = False) -> None:
        timer = getattr(self, "_order_timer", None)
        if timer is not None:
            timer.stop()
            self._order_timer = None
        if self._live is not None and stopped and self.streaming:
            state = self._live.translating
            if state is not None:
                self._live.set_translating(replace(state, stopped=True, eta=None))
        elif self._live is not None:
            self._live.set_translating(None)
        self.streaming = False
