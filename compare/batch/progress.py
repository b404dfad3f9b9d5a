"""What a batch has done and how long is left, for the terminal line and the benchmark."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BatchProgress:
    sets: int
    sets_done: int  # compared, or failed
    sets_failed: int
    paragraphs: int  # to translate in this run
    translated: int
    eta: float | None  # seconds, from the translation rate so far
    message: str = ""
    per_node: dict[str, int] = field(default_factory=dict)  # paragraphs translated, by node
    workers: tuple[tuple[str, int], ...] = ()  # (node, pid) of each worker taking work


class Tracker:
    """Counts sets and paragraphs; the time left is the work left at the rate measured so far.

    Work is `pipeline.translation_work` (about characters of English), as
    the pipeline's own estimate weighs paragraphs. The clock starts at the
    first translation back, so starting Ray and loading models are not
    counted as the rate of translating.
    """

    def __init__(self, sets: int):
        self.sets = sets
        self.sets_done = 0
        self.sets_failed = 0
        self.paragraphs = 0
        self.translated = 0
        self.work = 0.0
        self.work_done = 0.0
        self.per_node: dict[str, int] = {}
        self.workers: tuple[tuple[str, int], ...] = ()
        self._first: float | None = None
        self._last: float | None = None
        self._before_first = 0.0  # work done when the clock started (it came back at once)

    def add_work(self, paragraphs: int, work: float) -> None:
        self.paragraphs += paragraphs
        self.work += work

    def translated_some(self, node: str, paragraphs: int, work: float, now: float | None = None) -> None:
        now = time.perf_counter() if now is None else now
        if self._first is None:
            self._first, self._before_first = now, self.work_done + work
        self._last = now
        self.translated += paragraphs
        self.work_done += work
        self.per_node[node] = self.per_node.get(node, 0) + paragraphs

    def set_finished(self, failed: bool = False) -> None:
        self.sets_done += 1
        self.sets_failed += failed

    def eta(self) -> float | None:
        timed = self.work_done - self._before_first
        if self._first is None or self._last is None or self._last <= self._first or timed <= 0:
            return None
        left = self.work - self.work_done
        return left * (self._last - self._first) / timed if left > 0 else None

    def snapshot(self, message: str = "") -> BatchProgress:
        return BatchProgress(self.sets, self.sets_done, self.sets_failed, self.paragraphs, self.translated,
                             self.eta(), message, dict(self.per_node), self.workers)
