"""How fast a cached set opens in the UI, measured from process start.

Each run is a fresh `python` process (imports included, as a user sees it)
that opens the set headless (`App.run_test`, 160x45) and reports:
first paint (the app's first frame) and full open (the main view drawn from
the cached comparison). The baseline is a bare Textual app with one label,
run the same way: the least any Textual UI costs on this machine.

    .venv/bin/python bench/tui_open.py [SET] [--runs 7] [--search TEXT]

With `--search`, each process also times one redraw of the grid with every
group (the baseline) and typing TEXT into the search, then Enter: the grid is
redrawn once the keys stop (`SEARCH_DELAY`), not after every key.

The set must have been compared once (e.g. `parallax report SET`) so the
cache holds it; otherwise the run measures a full comparison instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARALLAX = r"""
import time; t0 = time.perf_counter()
import asyncio, json, sys
from tui.__main__ import build_app  # the CLI's own imports and app
from compare.corpus import load_article_set
from compare.pipeline import RunOptions

path, query = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
load_article_set(path)  # as `parallax PATH` checks the set before it starts the UI
app = build_app(path, RunOptions())

async def run():
    extra = {}
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(3000):
            if "full_open" in app.timings:
                break
            await pilot.pause(0.01)
        if query:
            screen = app.screen
            t = time.perf_counter()
            screen.refresh_view()  # one redraw of every group: the baseline
            extra["redraw"] = time.perf_counter() - t
            await pilot.press("slash")
            t = time.perf_counter()
            await pilot.press(*query, "enter")  # typed as fast as keys come, then Enter
            extra["search"] = time.perf_counter() - t
            extra["shown"] = len(screen.grid.groups)
    offset = app.started - t0
    print(json.dumps({"first_paint": app.timings["first_paint"] + offset,
                      "full_open": app.timings.get("full_open", float("nan")) + offset,
                      "cached": app.timings.get("worker", 0) < 0.5, **extra}))

asyncio.run(run())
"""

BASELINE = r"""
import time; t0 = time.perf_counter()
import asyncio, json
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("hello")
    def on_mount(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        self.first = time.perf_counter() - t0

async def run():
    app = Bare()
    async with app.run_test(size=(160, 45)) as pilot:
        while not hasattr(app, "first"):
            await pilot.pause(0.01)
    print(json.dumps({"first_paint": app.first, "full_open": app.first, "cached": True}))

asyncio.run(run())
"""


def measure(code: str, args: list[str], runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        data = json.loads(out.stdout.strip().splitlines()[-1])
        if not data.pop("cached"):
            print("note: the set was not in the cache; this run compared it", file=sys.stderr)
        for key, value in data.items():
            samples.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", nargs="?", default=str(ROOT / "corpora" / "putin-xi-2024"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--search", metavar="TEXT", default="",
                        help="also time typing TEXT into the search and Enter, against one redraw of the grid")
    args = parser.parse_args()
    base = measure(BASELINE, [], args.runs)
    ours = measure(PARALLAX, [args.set] + ([args.search] if args.search else []), args.runs)
    print(f"median of {args.runs} fresh processes each, 160x45 headless; set {args.set}")
    print(f"{'':28}{'first paint':>12}{'full open':>12}")
    print(f"{'bare Textual app (baseline)':28}{base['first_paint']:>11.3f}s{base['full_open']:>11.3f}s")
    print(f"{'parallax, cached set':28}{ours['first_paint']:>11.3f}s{ours['full_open']:>11.3f}s")
    print(f"{'ratio to baseline':28}{ours['first_paint'] / base['first_paint']:>11.2f}x"
          f"{ours['full_open'] / base['full_open']:>11.2f}x")
    if args.search:
        print(f"\nsearch, same processes: {args.search!r} typed and Enter, {ours['shown']:.0f} groups shown")
        print(f"{'one redraw of every group (baseline)':40}{ours['redraw']:>8.3f}s")
        print(f"{'typing the query, then Enter':40}{ours['search']:>8.3f}s")
        print(f"{'ratio to baseline':40}{ours['search'] / ours['redraw']:>8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
