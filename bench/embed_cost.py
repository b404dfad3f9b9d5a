"""What the English model costs a comparison: the embed stage, all-mpnet-base-v2 against all-MiniLM-L6-v2.

    .venv/bin/python -m bench.embed_cost                 # the sample set, 3 runs
    .venv/bin/python -m bench.embed_cost SET --runs 5

Each run is a fresh process comparing the set with the translations the
user's cache already holds (read, never written: the process works on a
copy without its stored vectors and results), so the only work left is
embedding, aligning and the divergences. The two models alternate from run
to run; the table gives medians and the ratio to MiniLM, measured in the
same run. A set whose translations are not in the cache is translated too,
which the table would then include: run `parallax report SET` once first.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._llm_turns import COUNT_TURNS  # noqa: E402

ONE = r"""
import json, sys, time
t0 = time.perf_counter()
from compare import pipeline
from compare.corpus import load_article_set
from compare.embed import SentenceTransformerEmbedder
""" + COUNT_TURNS + r"""
options = pipeline.RunOptions(embedder=SentenceTransformerEmbedder(sys.argv[2]))
comparison = pipeline.run(load_article_set(sys.argv[1]), options=options)
print("RESULT " + json.dumps({"embed": comparison.timings.get("embed", 0.0), "total": time.perf_counter() - t0,
                              "llm_turns": turns[0], "groups": len(comparison.groups)}))
"""


def cache_without_vectors(into: Path) -> Path:
    """A copy of the user's cache holding its translations, without stored vectors or results."""
    from compare import settings

    source = settings.cache_path()
    target = into / "cache.sqlite"
    if source.is_file():
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
            for table in ("embeddings", "results"):
                dst.execute(f"DELETE FROM {table}")
    return target


def measure(path: Path, model: Path) -> dict:
    from compare import model_files

    with tempfile.TemporaryDirectory(prefix="parallax-embed-") as data:
        (Path(data) / "models").symlink_to(model_files.models_dir(), target_is_directory=True)
        cache = cache_without_vectors(Path(data))
        env = {**os.environ, "PARALLAX_DATA_DIR": data, "PARALLAX_CACHE": str(cache)}
        done = subprocess.run([sys.executable, "-c", ONE, str(path), str(model)],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    raise SystemExit(f"run failed:\n{done.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    from compare import model_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", nargs="?", type=Path, default=ROOT / "corpora" / "putin-xi-2024")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    models = {"all-MiniLM-L6-v2 (baseline)": model_files.minilm_dir(),
              "all-mpnet-base-v2 (the English view)": model_files.mpnet_dir()}
    for label, folder in models.items():
        if not (folder / "model.safetensors").is_file():
            raise SystemExit(f"{label}: not installed at {folder}; run `parallax models install`")
    got: dict[str, list[dict]] = {label: [] for label in models}
    for run in range(args.runs):
        order = list(models) if run % 2 == 0 else list(reversed(models))
        for label in order:
            result = measure(args.set, models[label])
            got[label].append(result)
            print(f"  run {run + 1} {label}: embed {result['embed']:.1f} s, whole process {result['total']:.1f} s, "
                  f"{result['groups']} groups, LLM turns {result['llm_turns']}, load {os.getloadavg()[0]:.1f}",
                  flush=True)
    base = {key: statistics.median(r[key] for r in got[next(iter(models))]) for key in ("embed", "total")}
    print(f"\n{args.set.name}, median of {args.runs} fresh processes (translations from the cache)")
    print(f"{'English model':<38} {'embed stage':>12} {'ratio':>6} {'whole process':>14} {'ratio':>6}")
    for label in models:
        embed = statistics.median(r["embed"] for r in got[label])
        total = statistics.median(r["total"] for r in got[label])
        print(f"{label:<38} {embed:>10.1f} s {embed / base['embed']:>5.2f}x {total:>12.1f} s "
              f"{total / base['total']:>5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
