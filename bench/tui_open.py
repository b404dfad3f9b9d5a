"""How fast a cached set opens in the UI, measured from process start.

Each run is a fresh `python` process (imports included, as a user sees it)
that opens the set headless (`App.run_test`, 160x45) and reports:
first paint (the app's first frame) and full open (the main view drawn from
the cached comparison). The baseline is a bare Textual app with one label,
run the same way: the least any Textual UI costs on this machine.

    .venv/bin/python bench/tui_open.py [SET] [--runs 7] [--search TEXT] [--compare CHECKOUT]

With `--search`, each process also times one redraw of the grid with every
group (the baseline) and typing TEXT into the search, then Enter: the grid is
redrawn once the keys stop (`SEARCH_DELAY`), not after every key.

The subjects run interleaved, one process each per round. With `--compare`,
another checkout of Parallax (e.g. main) opens the same set in the same
rounds: before and after in one run.

With `--floor`, one more subject: Textual's own widgets (a DataTable, a Footer
and three Statics) showing the texts of the cells Parallax draws for the set,
taken from one run of the app and read from a small JSON file, with no
Parallax code in the process: what the same screen costs in stock Textual,
with nothing to read or build.

The set must have been compared once (e.g. `parallax report SET`) so the
cache holds it; otherwise the run measures a full comparison instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PARALLAX = r"""
import time; t0 = time.perf_counter()
import asyncio, json, sys
import tui.__main__ as cli_ui  # the CLI's own imports and app
from compare.pipeline import RunOptions

path, query = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
if hasattr(cli_ui, "ui_app"):
    app = cli_ui.ui_app(path, RunOptions())  # what `parallax PATH` runs
else:  # a checkout from before ui_app (--compare): what its `parallax PATH` did
    from compare.corpus import load_article_set
    load_article_set(path)
    app = cli_ui.build_app(path, RunOptions())

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
                      "cpu": app.timings.get("full_open_cpu", float("nan")),
                      "cached": app.timings.get("worker", 0) < 0.5, **extra}))

asyncio.run(run())
"""

# The start of the processes that time a plain Textual app (the baseline, the floor): from process
# start to the first frame after the app is mounted.
TIMED_APP = r"""
import time; t0 = time.perf_counter()
import asyncio, json, sys
from textual.app import App

class Timed(App):
    def on_mount(self):
        self.call_after_refresh(self.painted)

    def painted(self):
        self.first = time.perf_counter() - t0
        self.cpu = time.process_time()

def timed_run(app):
    async def run():
        async with app.run_test(size=(160, 45)) as pilot:
            while not hasattr(app, "first"):
                await pilot.pause(0.01)
        print(json.dumps({"first_paint": app.first, "full_open": app.first, "cpu": app.cpu, "cached": True}))
    asyncio.run(run())
"""

BASELINE = TIMED_APP + r"""
from textual.widgets import Label

class Bare(Timed):
    def compose(self):
        yield Label("hello")

timed_run(Bare())
"""

# The texts of the grid's cells, once the set is open: what the floor shows.
GRID_TEXTS = r"""
import asyncio, json, sys
import tui.__main__ as cli_ui
from compare.pipeline import RunOptions

app = cli_ui.ui_app(sys.argv[1], RunOptions())

async def run():
    async with app.run_test(size=(160, 45)) as pilot:
        for _ in range(3000):
            if "full_open" in app.timings:
                break
            await pilot.pause(0.01)
        grid = app.screen.grid
        rows = [[cell.plain for cell in grid.get_row_at(r)] for r in range(grid.row_count)]
        columns = [(column.label.plain, column.width) for column in grid.ordered_columns]
        height = grid.ordered_rows[0].height if rows else 1
        json.dump({"columns": columns, "rows": rows, "height": height, "fixed": grid.fixed_columns},
                  open(sys.argv[2], "w"))

asyncio.run(run())
"""

FLOOR = TIMED_APP + r"""
from rich.text import Text
from textual.widgets import DataTable, Footer, Static

grid = json.load(open(sys.argv[1]))

class Floor(Timed):
    BINDINGS = [("t", "bell", "English"), ("m", "bell", "Mark"), ("e", "bell", "Export"), ("q", "quit", "Quit")]

    def compose(self):
        yield Static("Parallax")
        yield Static("anchor, English, groups")
        table = DataTable(cursor_type="row", zebra_stripes=True)
        table.fixed_columns = grid["fixed"]
        for label, width in grid["columns"]:
            table.add_column(Text(label, style="bold"), width=width)
        for row in grid["rows"]:
            table.add_row(*[Text(cell, no_wrap=True, overflow="crop") for cell in row], height=grid["height"])
        yield table
        yield Static("the selected group's paragraphs " * 12)
        yield Footer()

timed_run(Floor())
"""


def run_once(code: str, args: list[str], cwd: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-2000:])
    data = json.loads(out.stdout.strip().splitlines()[-1])
    if not data.pop("cached"):
        print("note: the set was not in the cache; this run compared it", file=sys.stderr)
    return data


def measure(subjects: list[tuple[str, str, list[str], Path]], runs: int) -> dict[str, dict[str, float]]:
    """Each subject run once per round, rounds repeated `runs` times (interleaved: load that comes
    and goes falls on every subject alike); the median of each figure per subject."""
    samples: dict[str, dict[str, list[float]]] = {name: {} for name, *_ in subjects}
    for _ in range(runs):
        for name, code, args, cwd in subjects:
            for key, value in run_once(code, args, cwd).items():
                samples[name].setdefault(key, []).append(value)
    return {name: {key: statistics.median(values) for key, values in figures.items()}
            for name, figures in samples.items()}


def load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", nargs="?", default=str(ROOT / "corpora" / "putin-xi-2024"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--search", metavar="TEXT", default="",
                        help="also time typing TEXT into the search and Enter, against one redraw of the grid")
    parser.add_argument("--compare", metavar="CHECKOUT", type=Path,
                        help="also open the set from another checkout of Parallax (e.g. main), interleaved")
    parser.add_argument("--floor", action="store_true",
                        help="also time stock Textual widgets showing the same cell texts (see above)")
    args = parser.parse_args()
    ours_args = [args.set] + ([args.search] if args.search else [])
    subjects = [("bare Textual app (baseline)", BASELINE, [], ROOT)]
    if args.compare:
        subjects.append((f"parallax at {args.compare}", PARALLAX, ours_args, args.compare.resolve()))
    subjects.append(("parallax, cached set", PARALLAX, ours_args, ROOT))
    if args.floor:
        texts = Path(tempfile.mkdtemp(prefix="parallax-floor-")) / "grid.json"
        out = subprocess.run([sys.executable, "-c", GRID_TEXTS, args.set, str(texts)], capture_output=True,
                             text=True, cwd=ROOT)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        subjects.insert(1, ("stock Textual, same texts", FLOOR, [str(texts)], ROOT))
    before = load()
    figures = measure(subjects, args.runs)
    base = figures[subjects[0][0]]
    print(f"median of {args.runs} fresh processes each, interleaved, 160x45 headless; set {args.set}")
    print(f"load average (1, 5, 15 min) before: {before}; after: {load()}")
    print(f"{'':32}{'first paint':>18}{'full open':>18}{'CPU at full open':>20}")
    for name, *_ in subjects:
        row = figures[name]
        cells = [f"{row[key]:.3f}s ({row[key] / base[key]:.2f}x)" for key in ("first_paint", "full_open", "cpu")]
        print(f"{name:32}{cells[0]:>18}{cells[1]:>18}{cells[2]:>20}")
    ours = figures[subjects[-1][0]]
    if args.search:
        print(f"\nsearch, same processes: {args.search!r} typed and Enter, {ours['shown']:.0f} groups shown")
        print(f"{'one redraw of every group (baseline)':40}{ours['redraw']:>8.3f}s")
        print(f"{'typing the query, then Enter':40}{ours['search']:>8.3f}s")
        print(f"{'ratio to baseline':40}{ours['search'] / ours['redraw']:>8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
