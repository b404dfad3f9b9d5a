"""How soon a new set is readable: first provisional groups, the final comparison, and today's pipeline.

Each measurement is a fresh `python` process with a fresh, empty cache (a
temporary PARALLAX_DATA_DIR; the models are the installed ones) that opens
the set in the app, headless (`App.run_test`), and reports seconds from the
process start:

- `stream`: the app as `parallax SET` runs it now: seconds until the first
  provisional groups are on screen (`first_groups`) and until the final
  comparison replaces them (`ready`);
- `pipeline`: the app with today's pipeline behind the loading screen
  (`ready`): the baseline.

Each run does one of each (in turns, stream first on odd runs), and checks
that the stream's final comparison has the pipeline's groups and
divergences (members, kinds, strengths, reasons). Beside the seconds it
reports each process's CPU time, which another job on the machine moves
less than the wall clock, and how many turns the LLM was given.

    .venv/bin/python bench/first_screen.py [SET] [--runs 3] [--summit] [--first-only] [--paragraphs N]

`--first-only` stops each stream run at its first screen (no translation:
minutes saved on the LLM) and skips the pipeline. `--paragraphs N` keeps the
first N paragraphs of every article (a shorter set for the final-time
comparison on the slow LLM). `--summit` adds the real summit coverage
(`bench/_summit.py`, as README's `parallax import` commands build it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._llm_turns import COUNT_TURNS  # noqa: E402

ONE = r"""
import time; t0 = time.perf_counter()
import asyncio, json, sys
from functools import partial
from compare import pipeline, stream
from compare.corpus import load_article_set
from tui.app import make_app

""" + COUNT_TURNS + r"""

mode, path, first_only = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
options = pipeline.RunOptions()
kwargs = {"stream": partial(stream.run, options=options)} if mode == "stream" else {}
app = make_app(path, run_pipeline=partial(pipeline.run, options=options),
               load_cached=partial(pipeline.load_cached, options=options), **kwargs)

async def run():
    async with app.run_test(size=(160, 45)) as pilot:
        while "ready" not in app.timings and not (first_only and "first_groups" in app.timings):
            await pilot.pause(0.05)
        await pilot.pause()
        if first_only:
            app.stop_translation()
            while app.streaming:
                await pilot.pause(0.05)

asyncio.run(run())
offset = app.started - t0
out = {key: app.timings[key] + offset for key in ("first_groups", "ready") if key in app.timings}
comparison = app.comparison
out["provisional"] = comparison.provisional
out["llm_turns"] = turns[0]
out["groups"] = [[[list(map(list, g.members)), g.divergence.score,
                   [[d.kind, d.strength, d.reason] for d in g.divergence.items]] for g in comparison.groups]]
out["translations"] = {f"{a.id}:{p.index}": p.translation.text for a in comparison.articles for p in a.paragraphs}
print("RESULT " + json.dumps(out))
"""


def shortened(source: Path, paragraphs: int, into: Path) -> Path:
    """A copy of the set with the first `paragraphs` paragraphs of every article (front matter kept)."""
    from compare.corpus import load_article_set

    article_set = load_article_set(source)
    shutil.copytree(source, into)
    for article in article_set.articles:
        path = Path(article.path)
        text = path.read_text(encoding="utf-8")
        head = text[:text.index("+++", 3) + 3] if text.startswith("+++") else ""
        body = "\n\n".join(p.text for p in article.paragraphs[:paragraphs])
        (into / path.relative_to(source)).write_text(f"{head}\n\n{body}\n", encoding="utf-8")
    return into


def summit(into: Path) -> Path:
    """The summit set written into `into` (README's import commands, as bench/_summit.py runs them)."""
    import bench._summit as _summit

    if not _summit.DATA.is_dir():
        _summit.DATA = Path("/work/shared/data/summit_2024") if Path("/work/shared/data/summit_2024").is_dir() \
            else _summit.DATA
    if not _summit.DATA.is_dir():
        raise SystemExit(f"SKIP summit: {_summit.DATA} is absent")
    article_set = _summit.load_summit()
    target = into / "summit_2024"
    (target / "articles").mkdir(parents=True)
    (target / "set.toml").write_text(f'[set]\ntitle = "{article_set.title}"\n', encoding="utf-8")
    for article in article_set.articles:
        body = "\n\n".join(p.text for p in article.paragraphs)
        front = f'+++\noutlet = {json.dumps(article.outlet, ensure_ascii=False)}\n'
        if article.declared_lang:
            front += f'lang = "{article.declared_lang}"\n'
        (target / "articles" / f"{article.id}.md").write_text(f"{front}+++\n\n{body}\n", encoding="utf-8")
    return target


def cpu_seconds() -> float:
    """User and system CPU time of the finished child processes so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(mode: str, path: Path, first_only: bool) -> dict:
    from compare import model_files

    models = model_files.models_dir()  # the installed models, read where they are
    with tempfile.TemporaryDirectory(prefix="parallax-first-") as data:
        (Path(data) / "models").symlink_to(models, target_is_directory=True)
        env = {**os.environ, "PARALLAX_DATA_DIR": data, "PARALLAX_CACHE": str(Path(data) / "cache.sqlite")}
        cpu_before = cpu_seconds()
        done = subprocess.run([sys.executable, "-c", ONE, mode, str(path), "1" if first_only else "0"],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
            result["cpu"] = cpu_seconds() - cpu_before
            return result
    raise SystemExit(f"{mode} run failed:\n{done.stderr[-3000:]}")


def bench_set(label: str, path: Path, runs: int, first_only: bool) -> list[str]:
    firsts, finals, todays, same, same_english = [], [], [], [], []
    cpu, turns = {"stream": [], "pipeline": []}, {"stream": [], "pipeline": []}
    for run in range(runs):
        order = ("stream", "pipeline") if run % 2 == 0 else ("pipeline", "stream")
        results = {}
        for mode in order:
            if mode == "pipeline" and first_only:
                continue
            results[mode] = measure(mode, path, first_only)
            print(f"  {label} run {run + 1} {mode}: " + ", ".join(
                f"{k} {v:.1f} s" for k, v in results[mode].items() if isinstance(v, float))
                + f", LLM turns {results[mode]['llm_turns']}, load {os.getloadavg()[0]:.1f}", flush=True)
        firsts.append(results["stream"]["first_groups"])
        if not first_only:
            finals.append(results["stream"]["ready"])
            todays.append(results["pipeline"]["ready"])
            for mode in order:
                cpu[mode].append(results[mode]["cpu"])
                turns[mode].append(results[mode]["llm_turns"])
            same.append(results["stream"]["groups"] == results["pipeline"]["groups"])
            same_english.append(results["stream"]["translations"] == results["pipeline"]["translations"])
            print(f"  {label} run {run + 1}: groups identical {same[-1]}, same English {same_english[-1]}",
                  flush=True)
            for key, text in results["stream"]["translations"].items():
                if text != results["pipeline"]["translations"].get(key):
                    print(f"    English differs at {key}:\n      stream:   {text}\n"
                          f"      pipeline: {results['pipeline']['translations'].get(key)}", flush=True)
    row = f"| {label} | {runs} | {statistics.median(firsts):.1f} |"
    if first_only:
        return [row + " - | - | - | - | - | - |"]
    ratio = statistics.median(finals) / statistics.median(todays)
    cpu_ratio = statistics.median(cpu["stream"]) / statistics.median(cpu["pipeline"])
    return [row + f" {statistics.median(finals):.1f} | {statistics.median(todays):.1f} | {ratio:.3f} | "
            f"{cpu_ratio:.3f} | {statistics.median(turns['stream']):g} / {statistics.median(turns['pipeline']):g} | "
            f"{sum(same)}/{runs} (same English in {sum(same_english)}/{runs}) |"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", nargs="?", default=str(ROOT / "corpora" / "putin-xi-2024"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--summit", action="store_true", help="also the real summit coverage")
    parser.add_argument("--no-sample", action="store_true", help="only --summit")
    parser.add_argument("--first-only", action="store_true", help="first screen only (no translation)")
    parser.add_argument("--paragraphs", type=int, help="keep the first N paragraphs of each article")
    args = parser.parse_args()
    rows = ["| set | runs | first groups (s) | final (s) | today's pipeline (s) | final / pipeline | "
            "CPU final / pipeline | LLM turns stream / pipeline | groups identical |",
            "|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory(prefix="parallax-sets-") as tmp:
        sets = [] if args.no_sample else [(Path(args.set).name, Path(args.set))]
        if args.summit:
            sets.append(("summit_2024", summit(Path(tmp))))
        for label, path in sets:
            if args.paragraphs:
                path = shortened(path, args.paragraphs, Path(tmp) / f"{label}-{args.paragraphs}")
                label += f" (first {args.paragraphs} ¶ each)"
            rows += bench_set(label, path, args.runs, args.first_only)
    print()
    print("\n".join(rows))
    print("\nmedians; seconds from process start, fresh cache each process; CPU: user and system seconds of "
          "each process; LLM turns: paragraphs or pieces given to the LLM, retries included; "
          "'same English': the two runs' translations are equal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
