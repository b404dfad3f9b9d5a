"""Paragraphs translated per second: a loop of `parallax report` against `parallax batch` on Ray.

    .venv/bin/python -m bench.batch                        # fixed-cost translator (0.5 s a paragraph)
    .venv/bin/python -m bench.batch --translator llm --runs 1 --sets 2 --per-language 1
    .venv/bin/python -m bench.batch --sets 8 --per-language 4   # bigger

Three ways over the same generated sets, each on an empty cache, median of
--runs:

  loop      pipeline.run on each set in turn, in this process (what
            `parallax report` does per set)
  batch     run_batch with a Ray it starts on this machine (all CPUs, one
            translation worker per --cpus-per-worker)
  2 nodes   run_batch on Ray's simulated cluster: two nodes of one CPU each
            on this machine, one worker per node

The embedders are loaded once before timing and shared by every way, so
what differs is translating and scheduling. `fake-slow` sleeps a fixed time
per paragraph (--cost): the work is known exactly, so what a way adds over
it is its overhead, per paragraph. The LLM is the real cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from compare.batch import cluster  # noqa: E402

cluster.local_env()  # before anything imports Ray: loopback only

from bench import _batch_sets  # noqa: E402
from compare import pipeline, settings  # noqa: E402
from compare.batch import BatchOptions, run_batch  # noqa: E402
from compare.batch.spec import Backends  # noqa: E402
from compare.corpus import load_article_set  # noqa: E402


def _embedders():
    from compare.embed import MultilingualUseEmbedder, SentenceTransformerEmbedder

    st, use = SentenceTransformerEmbedder(), MultilingualUseEmbedder()
    st.embed(["warm up"]), use.embed(["warm up"])
    return st, use


def loop(sets, backends: Backends, embedders, cache: Path) -> dict:
    t0 = time.perf_counter()
    translated = 0
    for root in sets:
        options = pipeline.RunOptions(translator=backends.kind, cache_path=str(cache),
                                      translators=backends.for_pipeline(), embedder=embedders[0],
                                      cross_embedder=embedders[1])
        comparison = pipeline.run(load_article_set(root), options=options)
        translated += sum(1 for a in comparison.articles for p in a.paragraphs if p.translation.model != "identity")
    return {"seconds": time.perf_counter() - t0, "paragraphs": translated, "per_node": {}}


def batch(sets, backends: Backends, embedders, cache: Path, out: Path, cpus_per_worker: int | None) -> dict:
    options = BatchOptions(translator=backends.kind, backends=backends, cache_path=str(cache),
                           embedder=embedders[0], cross_embedder=embedders[1], cpus_per_worker=cpus_per_worker)
    t0 = time.perf_counter()
    result = run_batch(sets, out, options)
    seconds = time.perf_counter() - t0
    assert all(r.status == "done" for r in result.rows), [(r.id, r.error) for r in result.rows]
    return {"seconds": seconds, "paragraphs": result.translated, "per_node": result.per_node,
            "start": result.timings.get("start", 0.0), "translate": result.timings.get("translate"),
            "workers": sum(1 for w in result.workers if not w[2])}


def two_nodes(sets, backends, embedders, cache, out) -> dict:
    import ray
    from ray.cluster_utils import Cluster

    t0 = time.perf_counter()
    sim = Cluster(initialize_head=True, head_node_args=dict(num_cpus=1, include_dashboard=False,
                                                            node_ip_address="127.0.0.1"))
    sim.add_node(num_cpus=1, node_ip_address="127.0.0.1")
    ray.init(address=sim.address, log_to_driver=False, logging_level="warning")
    started = time.perf_counter() - t0
    try:
        measured = batch(sets, backends, embedders, cache, out, cpus_per_worker=1)
    finally:
        ray.shutdown()
        sim.shutdown()
    measured["start"] += started
    measured["seconds"] += started
    return measured


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--translator", choices=("fake-slow", "llm"), default="fake-slow")
    parser.add_argument("--cost", type=float, default=0.5, help="fake-slow: seconds per paragraph")
    parser.add_argument("--sets", type=int, default=4)
    parser.add_argument("--per-language", type=int, default=3, help="paragraphs per article (ru and zh)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ways", default="loop,batch,2nodes")
    args = parser.parse_args(argv)
    settings.go_offline()
    os.environ[_batch_sets.COST] = str(args.cost)  # read by the workers, which inherit it
    backends = Backends(make=_batch_sets.fake_slow) if args.translator == "fake-slow" else Backends("llm")
    embedders = _embedders()
    ways = args.ways.split(",")
    measured: dict[str, list[dict]] = {w: [] for w in ways}
    with tempfile.TemporaryDirectory() as tmp:
        sets = _batch_sets.write_sets(Path(tmp) / "sets", args.sets, args.per_language)
        for run in range(args.runs):
            for way in ways:
                cache, out = Path(tmp) / f"{way}-{run}.sqlite", Path(tmp) / f"out-{way}-{run}"
                if way == "loop":
                    m = loop(sets, backends, embedders, cache)
                elif way == "batch":
                    m = batch(sets, backends, embedders, cache, out, cpus_per_worker=None)
                else:
                    m = two_nodes(sets, backends, embedders, cache, out)
                measured[way].append(m)
                print(f"run {run + 1} {way}: {m['paragraphs']} paragraphs in {m['seconds']:.2f} s", file=sys.stderr)
    _table(measured, args)


def _table(measured: dict[str, list[dict]], args) -> None:
    base = None
    print(f"\ntranslator {args.translator}" + (f" ({args.cost} s/paragraph)" if args.translator == "fake-slow" else "")
          + f", {args.sets} sets, {args.runs} run(s), median")
    print(f"{'way':8} {'paragraphs':>10} {'seconds':>8} {'par/s':>7} {'x loop':>7} {'start s':>8} "
          f"{'par/s w/o start':>16} {'other/par':>13} {'sched/par':>10}  paragraphs per node")
    for way, runs in measured.items():
        seconds = statistics.median(m["seconds"] for m in runs)
        start = statistics.median(m.get("start", 0.0) for m in runs)
        paragraphs = runs[0]["paragraphs"]
        rate = paragraphs / seconds
        base = base or rate
        workers = runs[0].get("workers", 1) or 1
        overhead = scheduling = ""
        if args.translator == "fake-slow" and paragraphs:
            # Seconds beyond the fixed cost, per paragraph, startup excluded; workers translate in parallel.
            overhead = f"{((seconds - start) * workers / paragraphs - args.cost) * 1000:.0f} ms"
            if runs[0].get("translate"):
                # The translate phase alone (first set sent .. last translation stored): Ray's and the driver's part.
                phase = statistics.median(m["translate"] for m in runs)
                scheduling = f"{(phase * workers / paragraphs - args.cost) * 1000:.0f} ms"
        # Paragraphs each node translated (node ids change between runs: by rank), median over runs.
        ranked = [sorted(m["per_node"].values(), reverse=True) for m in runs]
        nodes = " + ".join(f"{statistics.median(r[k] if k < len(r) else 0 for r in ranked):.0f}"
                           for k in range(max(map(len, ranked))))
        print(f"{way:8} {paragraphs:>10} {seconds:>8.2f} {rate:>7.3f} {rate / base:>7.2f} {start:>8.2f} "
              f"{paragraphs / (seconds - start):>16.3f} {overhead:>13} {scheduling:>10}  {nodes}")


if __name__ == "__main__":
    main()
