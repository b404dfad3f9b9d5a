"""Handing sets to translation workers as they free up, and bringing back what they return.

One driver thread per worker pulls the next set from a queue, streams the
worker's translations (a Ray streaming generator) and puts each event on
the driver's event queue, where the main thread writes it to the cache.
A worker that dies mid-set (its process killed, its node gone) is reported
as "lost": the driver plans the set again from the cache, so what came back
is kept and the rest is sent again; Ray restarts the actor once
(`max_restarts=1`), and its thread goes on with it.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Sequence

from compare.batch.cluster import Worker, check
from compare.batch.spec import SetWork

log = logging.getLogger(__name__)

# Events on the driver's queue, from these threads:
#   ("event", worker, set id, worker event)   see compare.batch.relay
#   ("translated", worker, set id)            the set's translations are all back
#   ("lost", worker, set id, message)         the worker died; the set is to be sent again
#   ("failed", worker, set id, message)       translating the set raised an error
#   ("gone", worker, None)                    the thread ended (no more work, or its worker is dead)


class Feeder:
    def __init__(self, workers: Sequence[Worker], events: queue.Queue, langs: set[str]):
        self.workers = [w for w in workers if w.problem is None]
        self.events = events
        self.langs = langs
        self._todo: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []

    def start(self) -> None:
        for worker in self.workers:
            thread = threading.Thread(target=self._serve, args=(worker,), name=f"feed-{worker.pid}", daemon=True)
            thread.start()
            self._threads.append(thread)

    @property
    def serving(self) -> int:
        return sum(t.is_alive() for t in self._threads)

    def submit(self, work: SetWork) -> None:
        self._todo.put(work)

    def close(self) -> None:
        """No more sets: each thread ends once the queue is empty."""
        for _ in self._threads:
            self._todo.put(None)

    def _serve(self, worker: Worker) -> None:
        import ray
        from ray.exceptions import RayActorError, RayError

        while True:
            work = self._todo.get()
            if work is None:
                break
            try:
                stream = worker.actor.translate.options(num_returns="streaming").remote(work)
                for ref in stream:
                    self.events.put(("event", worker, work.set_id, ray.get(ref)))
                self.events.put(("translated", worker, work.set_id))
            except RayActorError as exc:
                log.warning("translation worker %d on node %s died during %s: %s", worker.pid, worker.node[:8],
                            work.set_id, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
                self.events.put(("lost", worker, work.set_id, str(exc)))
                again = check(worker.actor, self.langs, timeout=600.0)  # restarted by Ray, or gone for good
                if again.problem is not None:
                    break
                worker.pid, worker.node = again.pid, again.node
            except RayError as exc:
                self.events.put(("failed", worker, work.set_id, _message(exc)))
        self.events.put(("gone", worker, None))


def _message(exc: Exception) -> str:
    """The worker's own error, without Ray's traceback around it."""
    cause = getattr(exc, "cause", None)
    if cause is not None:
        return f"{type(cause).__name__}: {cause}"
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__
