"""The batch on the driver: plan every set, translate on Ray, compare, write reports and the index.

    plan (detect, what the cache lacks)  ->  Ray workers translate, the driver stores each paragraph
                                         ->  pipeline.run on the driver, everything cached  ->  report

The comparison of a set is `pipeline.run` itself, run on the driver once its
translations are all stored: it finds every translation in the cache, so
the report is the one `parallax report` gives, and it stores the
comparison, so a later `parallax report` or UI reopens it at once. It runs
in a thread of its own, one set after another, while the workers go on
translating the next sets.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event
from typing import Callable, Sequence

from compare.batch.output import IndexRow, as_reported, row_for, write_index, write_reports
from compare.batch.plan import Planned, plan, work_left
from compare.batch.progress import BatchProgress, Tracker
from compare.batch.sets import find_sets
from compare.batch.spec import Backends, SetWork
from compare.cache import Cache
from compare.pipeline import RunOptions
from compare.types import Cancelled

log = logging.getLogger(__name__)


class BatchError(RuntimeError):
    """The batch cannot run at all (no worker can translate, no sets)."""


@dataclass
class BatchOptions:
    translator: str = "auto"  # --translator
    cross_lingual: bool = True
    cache_path: str | None = None
    formats: Sequence[str] = ()  # besides JSON: "markdown", "html"
    address: str | None = None  # a Ray cluster; None: $RAY_ADDRESS, else Ray started on this machine
    num_cpus: int | None = None  # CPUs of the local Ray (default: this machine's)
    cpus_per_worker: int | None = None  # CPUs (and LLM threads) per translation worker (default 2)
    # Injected for tests and benchmarks; the installed models when None.
    backends: Backends | None = None
    embedder: object | None = None
    cross_embedder: object | None = None


@dataclass
class BatchResult:
    rows: list[IndexRow]
    translated: int = 0  # paragraphs translated in this run
    per_node: dict[str, int] = field(default_factory=dict)
    workers: list[tuple[str, int, str | None]] = field(default_factory=list)  # node, pid, problem
    lost: int = 0  # sets sent again after their worker died
    timings: dict[str, float] = field(default_factory=dict)


class _Batch:
    def __init__(self, sources, out: Path, options: BatchOptions, progress, cancel: Event):
        self.out = out
        self.options = options
        self.progress_cb = progress
        self.cancel = cancel
        self.backends = options.backends or Backends(options.translator, threads=options.cpus_per_worker)
        self.sets = find_sets(sources)
        self.rows = {s.id: IndexRow(s.id, str(s.path), "waiting") for s in self.sets}
        self.planned: dict[str, Planned] = {}
        self.works: dict[str, SetWork] = {}
        self.done_in_job: dict[tuple[str, int], int] = {}
        self.tracker = Tracker(len(self.sets))
        self.events: queue.Queue = queue.Queue()
        self.to_compare: queue.Queue = queue.Queue()
        self.result = BatchResult([])
        self.cache = Cache(options.cache_path)
        self.run_options = RunOptions(
            translator=options.translator, cache_path=options.cache_path, cross_lingual=options.cross_lingual,
            translators=self.backends.for_pipeline(), embedder=options.embedder or _embedder(),
            cross_embedder=options.cross_embedder or (_cross_embedder() if options.cross_lingual else None))

    # -- the whole run ------------------------------------------------------------
    def run(self) -> BatchResult:
        t0 = time.perf_counter()
        self.out.mkdir(parents=True, exist_ok=True)
        self._index()
        comparer = threading.Thread(target=self._compare_loop, name="compare", daemon=True)
        comparer.start()
        session = workers = None
        pending = 0
        try:
            for n, source in enumerate(self.sets, 1):
                self._report(f"planning {source.id} ({n}/{len(self.sets)})")
                self._check_cancel()
                planned = self.planned[source.id] = plan(source, self.backends, self.cache, self.run_options)
                if planned.error is not None:
                    self._finish(IndexRow(source.id, str(source.path), "failed", error=planned.error))
                elif planned.work is not None and planned.work.jobs:
                    self.works[source.id] = planned.work
                    self.tracker.add_work(planned.work.paragraphs, planned.work.work)
                else:
                    self.to_compare.put(source.id)
                pending += 1 if planned.error is None else 0
            self.result.timings["plan"] = round(time.perf_counter() - t0, 3)
            feeder = None
            if self.works:
                t1 = time.perf_counter()
                session, workers, feeder = self._start_ray()
                self.result.timings["start"] = round(time.perf_counter() - t1, 3)
            self._loop(pending, feeder)
        except BaseException:  # Ctrl+C, or no worker at all: the comparing thread stops too
            self.cancel.set()
            raise
        finally:
            self.to_compare.put(None)
            if workers:
                from compare.batch.cluster import stop_workers

                stop_workers(workers)
            if session is not None:
                from compare.batch.cluster import disconnect

                disconnect(session)
            comparer.join(timeout=30)
            for row in self.rows.values():
                if row.status == "waiting":
                    row.status = "interrupted"
            self._index()
            self.cache.close()
        self.result.rows = list(self.rows.values())
        self.result.translated = self.tracker.translated
        self.result.per_node = dict(self.tracker.per_node)
        self.result.timings["total"] = round(time.perf_counter() - t0, 3)
        return self.result

    def _start_ray(self):
        from compare.batch.cluster import connect, start_workers
        from compare.batch.feed import Feeder

        self._report("starting Ray")
        session = connect(self.options.address, self.options.num_cpus)
        langs = set().union(*(w.langs for w in self.works.values()))
        self._report("starting translation workers (each loads its model once)")
        workers = start_workers(self.backends, langs, self.options.cpus_per_worker)
        self.result.workers = [(w.node, w.pid, w.problem) for w in workers]
        feeder = Feeder(workers, self.events, langs)
        if not feeder.workers:
            problems = "; ".join(sorted({w.problem or "" for w in workers})) or "the cluster has no CPUs"
            raise BatchError(f"no worker can translate: {problems}")
        self.tracker.workers = tuple((w.node, w.pid) for w in feeder.workers)
        feeder.start()
        for work in self.works.values():
            feeder.submit(work)
        return session, workers, feeder

    # -- the event loop -------------------------------------------------------------
    def _loop(self, pending: int, feeder) -> None:
        translating = set(self.works)
        closed = False
        t_translate = time.perf_counter()
        while pending:
            self._check_cancel()
            if feeder is not None and not translating and not closed:
                feeder.close()
                closed = True
                self.result.timings["translate"] = round(time.perf_counter() - t_translate, 3)
            try:
                event = self.events.get(timeout=0.5)
            except queue.Empty:
                continue
            kind = event[0]
            if kind == "event":
                self._worker_event(event[1], event[2], event[3])
            elif kind == "translated":
                translating.discard(event[2])
                self.to_compare.put(event[2])
            elif kind == "lost":
                self.result.lost += 1
                self._send_again(event[2], feeder, translating)
            elif kind == "failed":
                translating.discard(event[2])
                pending -= 1
                self._finish(IndexRow(event[2], str(self.planned[event[2]].source.path), "failed",
                                      error=f"translation failed: {event[3]}"))
            elif kind == "gone":
                if feeder.serving == 0 and translating and not closed:
                    for set_id in sorted(translating):
                        pending -= 1
                        self._finish(IndexRow(set_id, str(self.planned[set_id].source.path), "failed",
                                              error="every translation worker died"))
                    translating.clear()
            elif kind == "compared":
                pending -= 1
                self._finish(event[2])

    def _worker_event(self, worker, set_id: str, event: tuple) -> None:
        if event[0] == "rows":
            self.cache.put_translations(event[1], event[2])
        elif event[0] == "step":
            work = self.works[set_id]
            job = work.jobs[event[1]]
            new = max(0, event[2] - (len(job.texts) - job.left))
            before = self.done_in_job.get((set_id, event[1]), 0)
            if new > before:
                self.done_in_job[(set_id, event[1])] = new
                self.tracker.translated_some(worker.node, new - before, job.work / job.left * (new - before))
                self._report(f"{set_id}: {job.article} ({job.lang}->en)")

    def _send_again(self, set_id: str, feeder, translating: set[str]) -> None:
        """Plan a set whose worker died again from the cache (what came back is kept) and resubmit it."""
        old = self.works[set_id]
        done = sum(v for (s, _), v in self.done_in_job.items() if s == set_id)
        planned = self.planned[set_id]
        work = work_left(set_id, planned.article_set, self.backends, self.cache)
        self.tracker.add_work(done + work.paragraphs - old.paragraphs, 0.0)
        for key in [k for k in self.done_in_job if k[0] == set_id]:
            del self.done_in_job[key]
        self.works[set_id] = work
        if work.jobs:
            feeder.submit(work)
        else:
            translating.discard(set_id)
            self.to_compare.put(set_id)

    # -- comparing, in its own thread ------------------------------------------------
    def _compare_loop(self) -> None:
        from compare import pipeline

        while True:
            set_id = self.to_compare.get()
            if set_id is None:
                return
            planned = self.planned[set_id]
            try:
                comparison, from_cache = planned.comparison, True
                if comparison is None:
                    comparison = pipeline.run(planned.article_set, options=self.run_options, cancel=self.cancel)
                    from_cache = False
                comparison, warnings = as_reported(comparison)
                reports = write_reports(self.out, set_id, comparison, self.options.formats)
                row = row_for(set_id, comparison, reports, from_cache, warnings)
            except Cancelled:
                return
            except Exception as exc:  # one set's failure never stops the others
                log.warning("comparing %s failed: %s", set_id, exc, exc_info=True)
                row = IndexRow(set_id, str(planned.source.path), "failed", title=planned.article_set.title,
                               error=f"{type(exc).__name__}: {exc}")
            self.events.put(("compared", None, row))

    # -- bookkeeping ----------------------------------------------------------------------
    def _finish(self, row: IndexRow) -> None:
        self.rows[row.id] = row
        self.tracker.set_finished(failed=row.status == "failed")
        self._index()
        self._report(f"{row.id}: {row.status}")

    def _index(self) -> None:
        write_index(self.out, list(self.rows.values()), self.options.formats)

    def _report(self, message: str) -> None:
        if self.progress_cb is not None:
            self.progress_cb(self.tracker.snapshot(message))

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise KeyboardInterrupt


def _embedder():
    from compare.embed import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()  # one for the whole batch: the model loads once


def _cross_embedder():
    from compare.embed import MultilingualUseEmbedder

    return MultilingualUseEmbedder()


def run_batch(sources: Sequence[str | Path], out: str | Path, options: BatchOptions | None = None, *,
              progress: Callable[[BatchProgress], None] | None = None, cancel: Event | None = None) -> BatchResult:
    """Compare every set the sources name into `out`; see the module's docstring."""
    return _Batch(sources, Path(out), options or BatchOptions(), progress, cancel or Event()).run()
