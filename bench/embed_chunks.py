"""What following the embed stage's progress costs: texts embedded in one call against in chunks.

    .venv/bin/python -m bench.embed_chunks              # the sample set, 3 runs each
    .venv/bin/python -m bench.embed_chunks SET --runs 5

With progress followed (the pipeline's embed stage), `compare.embed.view`
calls the embedder `PROGRESS_CHUNK` texts at a time, so the stage can report
and be stopped between calls. This times both ways over the set's paragraphs
and their sentences (the texts as written), with the English model loaded
once, alternating from run to run in one process; no cache.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", nargs="?", default=str(ROOT / "corpora" / "putin-xi-2024"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from compare import embed
    from compare.corpus import load_article_set

    article_set = load_article_set(args.set)
    texts = {a.id: [p.text for p in a.paragraphs] for a in article_set.articles}
    split = embed.paragraph_sentences(texts)
    sentences = {a: [s for paragraph in paragraphs for s in paragraph] for a, paragraphs in split.items()}
    model = embed.SentenceTransformerEmbedder()
    embed.view({"warm": ["the model loads before the clock starts"]}, model)
    ways = {"one call": None, f"chunks of {embed.PROGRESS_CHUNK}": lambda n: None}
    times: dict[str, list[float]] = {way: [] for way in ways}
    for _ in range(args.runs):
        for way, progress in ways.items():
            t = time.perf_counter()
            embed.view(texts, model, progress=progress)
            embed.view(sentences, model, progress=progress)
            times[way].append(time.perf_counter() - t)
    n = sum(map(len, texts.values())) + sum(map(len, sentences.values()))
    print(f"{model.model_id}: {n} texts ({args.set}), median of {args.runs}")
    base = statistics.median(times["one call"])
    for way, values in times.items():
        median = statistics.median(values)
        print(f"{way:20} {median:8.2f}s  {median / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
