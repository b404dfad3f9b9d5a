"""Seconds left in a stage, from the rate of the work done so far (`pipeline` and `stream` use it)."""

from __future__ import annotations

import itertools
from typing import Sequence


class Eta:
    """Seconds left in a stage, from the rate of the stage's real work so far.

    `weights` says how much work each item is, in the order the items are
    done (for translation, `translation_work` of each paragraph); without
    them every item counts one. Only steps that took time count towards the
    rate: an item that comes through at once (from the cache, or an English
    paragraph) would otherwise make the estimate far too hopeful. Measured
    against a count of paragraphs over the last few reports in
    `bench/eta.py`.

    `prior` is the seconds per unit of work an earlier run on this machine
    measured (see `_translate`). It counts as `PRIOR_WORK` units of work done
    at that rate, so there is an estimate from the start, before the first
    paragraph (which also pays for loading the model) comes back, and the
    rate of this run takes over as its work grows.
    """

    INSTANT = 0.05  # seconds: a step quicker than this did no real work
    PRIOR_WORK = 4000.0  # units (about a third of the sample set); chosen in bench/eta.py
    MIN_RATE_WORK = 1000.0  # units of real work a run needs before its rate is worth keeping

    def __init__(self, weights: Sequence[float] | None = None, prior: float | None = None):
        self._done_work = None if weights is None else list(itertools.accumulate(weights, initial=0.0))
        self._last: tuple[float, float] | None = None
        self._spent = 0.0
        self._did = 0.0
        self._prior = prior if prior is not None and prior > 0 else None

    def _work(self, done: int) -> float:
        if self._done_work is None:
            return float(done)
        return self._done_work[max(0, min(done, len(self._done_work) - 1))]

    @property
    def rate(self) -> float | None:
        """Seconds per unit of work measured in this stage, once there was enough real work to say."""
        return self._spent / self._did if self._did >= self.MIN_RATE_WORK else None

    def update(self, now: float, done: int, total: int) -> float | None:
        """Record that `done` of `total` items are done at time `now`; the seconds left, if known."""
        work = self._work(done)
        if self._last is not None:
            then, before = self._last
            if work > before and now - then >= self.INSTANT:
                self._spent += now - then
                self._did += work - before
        self._last = (now, work)
        left = self._work(total) - work
        if not total or done >= total:
            return None
        if self._prior is not None and self.PRIOR_WORK > 0:
            return (self._spent + self._prior * self.PRIOR_WORK) / (self._did + self.PRIOR_WORK) * left
        if done <= 0 or self._did <= 0:
            return None
        return self._spent / self._did * left
