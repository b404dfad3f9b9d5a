"""Ray: connecting to a cluster (or starting one on this machine) and the translation actors.

Ray is imported here, in functions, when a batch starts; importing
`compare` or its CLI never imports it.

A local instance runs on loopback only: `_node_ip_address="127.0.0.1"`,
no dashboard, no usage statistics, and `RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`
(Ray's switch for one-machine instances; without it Ray on Linux replaces
127.0.0.1 by the machine's network address). These are set only when no
cluster address is given.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from compare import settings
from compare.batch.relay import translate_set
from compare.batch.spec import Backends, SetWork
from compare.translate.base import TranslatorUnavailable

log = logging.getLogger(__name__)

# The LLM's threads by default: one translation worker per this many CPUs of a node.
CPUS_PER_WORKER = 2


def local_env() -> None:
    """The environment of a one-machine Ray; must be set before `import ray` (Ray reads it at import)."""
    settings.ray_switches(local=True)


@dataclass
class Session:
    started: bool  # this batch started the Ray instance (and stops it)
    address: str | None


def connect(address: str | None = None, num_cpus: int | None = None) -> Session:
    """Join the cluster at `address` (or $RAY_ADDRESS); without one, start Ray on this machine.

    A driver already connected (a test's cluster, a notebook) is used as it is.
    """
    address = address or settings.ray_address()
    had_switch = settings.ray_switches(local=not address)
    if not address and "ray" in sys.modules and not had_switch:
        log.warning("ray was imported before the batch set it to loopback; the local instance may listen on "
                    "this machine's network address")
    import ray

    if ray.is_initialized():
        return Session(False, address)
    common = dict(log_to_driver=False, logging_level=logging.WARNING)
    if address:
        ray.init(address=address, **common)
    else:
        ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False,
                 _node_ip_address="127.0.0.1", **common)
    return Session(True, address)


def disconnect(session: Session) -> None:
    import ray

    if session.started and ray.is_initialized():
        ray.shutdown()


def _root(module_name: str) -> str | None:
    """The folder a module is imported from (None: an installed package, found on every node by itself)."""
    module = sys.modules.get(module_name)
    file = getattr(module, "__file__", None)
    if not file or "site-packages" in file:
        return None
    depth = module_name.count(".") + (1 if Path(file).name == "__init__.py" else 0)
    return str(Path(file).resolve().parents[depth])


def worker_env(backends: Backends) -> dict[str, str]:
    """What a worker process needs beyond its node's environment: offline switches and,
    run from a checkout, where this code is."""
    roots = [_root("compare")]
    if backends.make is not None:
        roots.append(_root(backends.make.__module__))
    return settings.worker_environment(list(dict.fromkeys(r for r in roots if r)))


_END = ("end",)


class TranslationWorker:
    """A Ray actor that translates sets: one per few CPUs of a node, its model loaded once.

    `ready` checks the node's model files (missing, or failing their
    sha256: it says so, and the driver gives it no work) and loads them.
    `translate` yields a set's translations as they are made.
    """

    def __init__(self, backends: Backends):
        self.backends = backends

    def ready(self, langs: Iterable[str]) -> dict:
        import ray

        problem = None
        try:
            for lang in sorted(langs):
                self.backends.backend(lang).prepare(lang)
        except TranslatorUnavailable as exc:
            problem = str(exc)
        return {"node": ray.get_runtime_context().get_node_id(), "pid": os.getpid(), "problem": problem}

    def translate(self, work: SetWork) -> Iterator[tuple]:
        events: queue.Queue = queue.Queue()

        def run() -> None:
            try:
                translate_set(work, self.backends, events.put)
                events.put(_END)
            except BaseException as exc:  # handed to the generator, which raises it to the driver
                events.put(("error", exc))

        threading.Thread(target=run, name="translate", daemon=True).start()
        while True:
            event = events.get()
            if event is _END:
                return
            if event[0] == "error":
                raise event[1]
            yield event


@dataclass
class Worker:
    actor: object
    node: str
    pid: int
    problem: str | None = None


def start_workers(backends: Backends, langs: set[str], cpus_per_worker: int | None = None,
                  timeout: float = 600.0) -> list[Worker]:
    """Translation actors on every alive node, as many as its CPUs hold, each pinned to its node.

    Returns them all, each with its node, process and, when its model is
    missing or broken, the problem (such a worker gets no work).
    """
    import ray
    from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

    per = cpus_per_worker or backends.threads or CPUS_PER_WORKER
    remote = ray.remote(TranslationWorker)
    env = worker_env(backends)
    actors = []
    for node in ray.nodes():
        cpus = node.get("Resources", {}).get("CPU", 0)
        if not node.get("Alive") or cpus <= 0:
            continue
        need = min(per, cpus)
        for _ in range(max(1, int(cpus // need))):
            actors.append(remote.options(
                num_cpus=need, max_restarts=1, max_task_retries=0, runtime_env={"env_vars": env},
                scheduling_strategy=NodeAffinitySchedulingStrategy(node["NodeID"], soft=False),
            ).remote(backends))
    asked = [(actor, actor.ready.remote(sorted(langs))) for actor in actors]  # all load their models at once
    return [_answer(actor, ref, timeout) for actor, ref in asked]


def check(actor, langs: Iterable[str], timeout: float = 600.0) -> Worker:
    """Ask a worker whether it can translate `langs` (and have it load its model)."""
    return _answer(actor, actor.ready.remote(sorted(langs)), timeout)


def _answer(actor, ref, timeout: float) -> Worker:
    import ray
    from ray.exceptions import RayError

    try:
        info = ray.get(ref, timeout=timeout)
    except RayError as exc:
        return Worker(actor, "?", -1, f"the worker did not start: {exc}")
    if info["problem"]:
        log.warning("translation worker on node %s (pid %d) takes no work: %s", info["node"][:8], info["pid"],
                    info["problem"])
    return Worker(actor, info["node"], info["pid"], info["problem"])


def stop_workers(workers: list[Worker]) -> None:
    import ray

    for worker in workers:
        try:
            ray.kill(worker.actor, no_restart=True)
        except Exception as exc:  # already gone
            log.debug("could not stop worker %s: %s", worker.pid, exc)
