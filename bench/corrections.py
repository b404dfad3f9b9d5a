"""How fast a correction of the alignment reaches the screen, on the sample set.

The set's stored comparison (it must have been compared once, e.g.
`parallax report corpora/putin-xi-2024`) is opened headless at 160x45, and
each correction is timed: the engine alone (`compare.corrections.apply`,
divergences recomputed for the touched groups), cold (no pair of sides
kept: a first correction before `prepare` is done) and warm, against
diverging every group of the set, and the screen (`MainScreen.correct`:
apply, the marks carried, the file kept, the grid and the status redrawn,
then one frame painted), wall and CPU time, beside the least a frame costs
(the cursor moved) and what any redraw of the grid costs (t, a filter). Median of --runs runs, each correction undone before
the next. Corrections made here go to a temporary folder, never the reader's.

    .venv/bin/python -m bench.corrections [--set corpora/putin-xi-2024] [--runs 9]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "putin-xi-2024"


def corrections_to_time(comparison):
    """(label, correction) for the sample set: 华辰通讯社 ¶10 (Li Qiang meets Putin) out of the Xi-Putin
    talks, back into it, a split and a join of the two largest groups."""
    from compare import corrections
    from compare.types import ParagraphRef

    groups = sorted(comparison.groups, key=lambda g: -sum(len(i) for _, i in g.members))
    big, second = groups[0], groups[1]
    article, indices = big.members[-1]
    where = {(a, i): g for g in comparison.groups for a, ix in g.members for i in ix}
    li = ("05-agency-zh", 9) if ("05-agency-zh", 9) in where else (article, indices[-1])
    home = where[li]
    other = next(g for g in groups if g.id != home.id)
    return [
        (f"move {li[0]} ¶{li[1] + 1} to its own group", corrections.move(*li, None)),
        (f"move {li[0]} ¶{li[1] + 1} to #{other.id}", corrections.move(*li, corrections.first_paragraph(other))),
        (f"split #{big.id} ({article} leaves)", corrections.split((article, i) for i in indices)),
        (f"join #{second.id} into #{big.id}", corrections.join(second, big)),
    ]


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def _timed(clock, samples: dict[str, list[float]], name: str):
    """A context that adds the wall and the CPU time of its body to samples[name] and samples[name + "_cpu"]."""
    class Timer:
        def __enter__(self):
            self.wall, self.cpu = clock(), time.process_time()

        def __exit__(self, *exc):
            samples.setdefault(name, []).append(clock() - self.wall)
            samples.setdefault(name + "_cpu", []).append(time.process_time() - self.cpu)

    return Timer()


async def painted(pilot) -> None:
    """The messages a change posted are handled, then one frame is painted (`pause(0)`: no waiting for
    the process to look idle, which would add tens of ms of polling to every figure)."""
    await pilot.pause(0)


async def measure(comparison, runs: int) -> list[tuple[str, int, dict[str, float]]]:
    """Per correction: touched groups and the median ms of apply (cold: no pair of sides kept; warm: after
    `prepare`), of diverging every group, and of the screen (correct, then one frame), wall and CPU."""
    from compare import corrections
    from compare.diverge import combine, diverge
    from tui.app import make_app
    from tui.screens.main import MainScreen

    def never(*args, **kwargs):
        raise RuntimeError("the stored comparison is enough")

    app = make_app(comparison.set.path, run_pipeline=never, load_cached=lambda article_set, options=None: comparison,
                   load_set=lambda path: comparison.set)
    rows = []
    clock = time.perf_counter
    async with app.run_test(size=(160, 45)) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause(0.02)
        await pilot.pause()
        screen = app.screen
        corrections.prepare(comparison)  # as the UI does while the reader chooses
        base: dict[str, list[float]] = {}
        for _ in range(runs):  # the least a frame costs: the cursor moved down and back
            with _timed(clock, base, "screen"):
                screen.grid.action_cursor_down()
                await painted(pilot)
            screen.grid.action_cursor_up()
            await painted(pilot)
        rows.append(("(no correction: the cursor moves)", 0, {k: median_ms(v) for k, v in base.items()}))
        base = {}
        for _ in range(runs):  # what any update of the grid costs (t, a filter, a search): redrawn, repainted
            with _timed(clock, base, "screen"):
                screen.refresh_view()
                await painted(pilot)
        rows.append(("(no correction: the grid redrawn)", 0, {k: median_ms(v) for k, v in base.items()}))
        for label, correction in corrections_to_time(comparison):
            samples: dict[str, list[float]] = {}
            touched = 0
            for _ in range(runs):
                with combine.PAIRS.set_aside(), _timed(clock, samples, "cold"):
                    corrections.apply(comparison, [correction])
                with _timed(clock, samples, "apply"):
                    after = corrections.apply(comparison, [correction])
                touched = sum(1 for g in after.groups if g.corrected_by)
                with combine.PAIRS.set_aside(), _timed(clock, samples, "all"):
                    diverge(after.groups, comparison.articles)
                with _timed(clock, samples, "screen"):
                    screen.correct(correction)
                    await painted(pilot)
                screen.action_undo_correction()
                await pilot.pause()
            rows.append((label, touched, {k: median_ms(v) for k, v in samples.items()}))
    return rows


COLUMNS = (("cold", "apply cold"), ("apply", "apply"), ("all", "all groups"), ("screen", "screen"),
           ("screen_cpu", "screen cpu"))


def table(rows, groups: int, runs: int) -> str:
    head = f"{'correction':<40} {'touched':>7}" + "".join(f" {title + ' ms':>14}" for _, title in COLUMNS)
    lines = [f"sample set, {groups} groups, median of {runs} runs, 160x45", head, "-" * len(head)]
    for label, touched, ms in rows:
        cells = "".join(f" {ms[key]:>14.1f}" if key in ms else f" {'':>14}" for key, _ in COLUMNS)
        lines.append(f"{label:<40} {touched or '':>7}{cells}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=SAMPLE, help="an article set compared once already")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    os.environ["PARALLAX_MARKS"] = tempfile.mkdtemp(prefix="parallax-bench-marks-")
    from compare import pipeline
    from compare.corpus import load_article_set

    comparison = pipeline.load_cached(load_article_set(args.set))
    if comparison is None:
        print(f"{args.set}: not compared yet; run `parallax report {args.set}` once first", file=sys.stderr)
        return 1
    rows = asyncio.run(measure(comparison, args.runs))
    print(table(rows, len(comparison.groups), args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
