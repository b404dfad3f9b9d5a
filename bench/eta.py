"""How good is the "about N s left" of the translate stage?

    .venv/bin/python -m bench.eta                                   # the sample set
    .venv/bin/python -m bench.eta --cluster g7_warns_russia_ukraine --cluster summit_for_democracy
    .venv/bin/python -m bench.eta --save /tmp/traces.json           # keep the recorded runs
    .venv/bin/python -m bench.eta --load /tmp/traces.json           # score them again, no model

Each set is translated for real by the default translator into a fresh,
temporary cache (minutes per set), and every progress report is recorded
with its time. The estimators are then replayed on the same reports, so they
are compared on one run: the error of each estimate against the time the
stage really went on for; "x before" is the median error as a multiple of
the old estimator's on the same reports. Each run is also replayed as if the
first 60% of its paragraphs had been in the cache (they come through at
once, as after a cancelled first attempt).

Estimators:
  paragraphs, last 8 reports   the one used before: paragraphs per second over
                               the last 8 reports
  work, real steps             compare.pipeline.Eta with translation_work
                               weights: characters to translate (Han, kana,
                               hangul three times), English paragraphs nothing;
                               steps quicker than 50 ms do not count
  work + prior (pipeline)      the same, starting from the rate (seconds per
                               unit of work) an earlier run measured, worth
                               Eta.PRIOR_WORK units, as the pipeline does with
                               the rate it keeps in the cache; here the prior
                               of each set is the mean rate of the other sets
                               recorded (needs two sets or more)

`--prior-work N,N,...` replays the last estimator with other weights of the
prior (0: none; a huge number: the prior alone).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _clusters  # noqa: E402
from compare import pipeline  # noqa: E402

SAMPLE = ROOT / "corpora" / "putin-xi-2024"
CACHED_SHARE = 0.6


def load_set(name: str):
    from compare.corpus import load_article_set

    if not name.startswith("cluster:"):
        return load_article_set(Path(name))
    article_set = _clusters.load_cluster(name.split(":", 1)[1])
    if article_set is None:
        raise SystemExit(f"no cluster {name.split(':', 1)[1]!r} in {_clusters.CLUSTERS}")
    return article_set


def record(name: str) -> dict:
    """Run the pipeline on a fresh cache; the translate reports and each paragraph's work, in order."""
    article_set = load_set(name)
    reports = []

    def progress(p) -> None:
        if p.stage == "translate":
            reports.append((time.perf_counter(), p.done, p.total))

    with tempfile.TemporaryDirectory() as tmp:
        comparison = pipeline.run(article_set, options=pipeline.RunOptions(cache_path=str(Path(tmp) / "c.sqlite")),
                                  progress=progress)
    weights = pipeline.translation_weights(([p.text for p in a.paragraphs], [p.lang for p in a.paragraphs])
                                           for a in comparison.articles)
    return {"name": name, "reports": reports, "weights": weights,
            "translator": comparison.models.get("translator", "?")}


def as_if_cached(run: dict, share: float = CACHED_SHARE) -> tuple[list, list[float]]:
    """A run's reports as if the first `share` of its paragraphs had come from the cache, and the
    weights the pipeline then gives them (a cached paragraph is no work)."""
    reports = run["reports"]
    k = int(reports[-1][2] * share)
    start = reports[0][0]
    before = [r for r in reports if r[1] <= k]
    shift = (before[-1][0] - start) if before else 0.0
    replayed = [(start + 0.001 * done, done, n) if done <= k else (t - shift, done, n) for t, done, n in reports]
    return replayed, [0.0 if i < k else w for i, w in enumerate(run["weights"])]


def paragraphs_last_8(reports: list) -> list:
    """The estimator used before: paragraphs per second over the last 8 reports."""
    recent, out = [], []
    for t, done, total in reports:
        recent = (recent + [(t, done)])[-8:]
        t0, d0 = recent[0]
        known = total and 0 < done < total and done > d0
        out.append((t - t0) / (done - d0) * (total - done) if known else None)
    return out


def pipeline_eta(reports: list, weights: Sequence[float], prior: float | None = None,
                 prior_work: float | None = None) -> list:
    eta = pipeline.Eta(weights, prior)
    if prior_work is not None:
        eta.PRIOR_WORK = prior_work
    return [eta.update(t, done, total) for t, done, total in reports]


def measured_rate(run: dict) -> float | None:
    """The seconds per unit of work the pipeline's Eta measured over a whole recorded run."""
    eta = pipeline.Eta(run["weights"])
    for t, done, total in run["reports"]:
        eta.update(t, done, total)
    return eta.rate


def priors(runs: list[dict]) -> list[float | None]:
    """For each run, the mean measured rate of the other runs (what an earlier run would have kept)."""
    rates = [measured_rate(r) for r in runs]
    out = []
    for i in range(len(runs)):
        others = [r for j, r in enumerate(rates) if j != i and r]
        out.append(statistics.mean(others) if others else None)
    return out


def errors(reports: list, estimates: list) -> dict[str, float]:
    end = reports[-1][0]
    pairs = [(est, end - t) for (t, done, total), est in zip(reports, estimates) if est is not None and done < total]
    absolute = sorted(abs(e - left) for e, left in pairs)
    relative = sorted(abs(e - left) / left for e, left in pairs if left > 5)
    p90 = lambda xs: xs[int(0.9 * (len(xs) - 1))] if xs else float("nan")  # noqa: E731
    return {"n": len(pairs), "abs": statistics.median(absolute) if absolute else float("nan"), "abs90": p90(absolute),
            "rel": statistics.median(relative) if relative else float("nan"), "rel90": p90(relative)}


def table(runs: list[dict], prior_works: Sequence[float] = ()) -> str:
    head = (f"{'set':34s} {'stage s':>7s} {'replay':14s} {'estimator':30s} {'n':>4s} {'|err| med':>9s} {'p90':>7s} "
            f"{'rel med':>7s} {'p90':>6s} {'x before':>8s}")
    lines = [head, "-" * len(head)]
    for run, prior in zip(runs, priors(runs)):
        reports = run["reports"]
        stage = reports[-1][0] - reports[0][0]
        for replay, rs, weights in (("as run", reports, run["weights"]),
                                    (f"{CACHED_SHARE:.0%} cached", *as_if_cached(run))):
            before = None
            estimators = [("paragraphs, last 8 reports", paragraphs_last_8(rs)),
                          ("work, real steps", pipeline_eta(rs, weights))]
            if prior is not None:
                estimators.append((f"work + prior{'' if prior_works else ' (pipeline)'}", pipeline_eta(rs, weights, prior)))
                estimators += [(f"work + prior worth {w:g}", pipeline_eta(rs, weights, prior, w)) for w in prior_works]
            for label, estimates in estimators:
                e = errors(rs, estimates)
                if not e["n"]:
                    lines.append(f"{run['name'][-34:]:34s} {stage:7.0f} {replay:14s} {label:30s}    0  "
                                 "(no estimate: nothing slow left to translate)")
                    continue
                before = e["abs"] if before is None else before
                ratio = e["abs"] / before if before else float("nan")
                lines.append(f"{run['name'][-34:]:34s} {stage:7.0f} {replay:14s} {label:30s} {e['n']:4d} "
                             f"{e['abs']:8.1f}s {e['abs90']:6.1f}s {e['rel']:7.2f} {e['rel90']:6.2f} {ratio:8.2f}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], help="an article-set folder (default: the sample set)")
    parser.add_argument("--cluster", action="append", default=[], help="a cross_outlet_dec2021 cluster")
    parser.add_argument("--save", type=Path, help="write the recorded runs here (JSON)")
    parser.add_argument("--load", type=Path, help="score runs recorded with --save instead of translating")
    parser.add_argument("--prior-work", type=lambda v: [float(x) for x in v.split(",")], default=[],
                        help="also replay with the prior worth these units of work (comma-separated)")
    args = parser.parse_args(argv)
    if args.load:
        runs = json.loads(args.load.read_text(encoding="utf-8"))
    else:
        if args.cluster and not _clusters.CLUSTERS.is_file():
            print(f"SKIP: {_clusters.CLUSTERS} is absent")
            return 0
        names = [str(s) for s in args.set] + [f"cluster:{c}" for c in args.cluster] or [str(SAMPLE)]
        runs = []
        for name in names:
            print(f"translating {name} into a fresh cache ...", file=sys.stderr, flush=True)
            runs.append(record(name))
        if args.save:
            args.save.write_text(json.dumps(runs), encoding="utf-8")
    print(f"translator: {', '.join(sorted({r['translator'] for r in runs}))}; error = |estimate - seconds the "
          "stage really went on|, over the reports with an estimate; rel = error / seconds left (> 5 s)")
    print(table(runs, args.prior_work))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
