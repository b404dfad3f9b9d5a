"""What following the embed stage's progress costs: texts embedded in one call against in chunks;
and what a text costs USE against the English model (the stage's time left weighs them so).

    .venv/bin/python -m bench.embed_chunks              # the sample set, 3 runs each
    .venv/bin/python -m bench.embed_chunks SET --runs 5

With progress followed (the pipeline's embed stage), `compare.embed.view`
calls the embedder `PROGRESS_CHUNK` texts at a time, so the stage can report
and be stopped between calls. This times both ways over the set's paragraphs
and their sentences (the texts as written), with the English model loaded
once, alternating from run to run in one process; no cache. Then both models
over the paragraphs of the set's articles declared English (`lang = "en"`):
USE's time against the English model's is `embed_stage.CROSS_EMBED_WORK`.
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

    from compare.embed_stage import CROSS_EMBED_WORK

    english = [p.text for a in article_set.articles if a.declared_lang == "en" for p in a.paragraphs]
    if not english:
        return 0
    use = embed.MultilingualUseEmbedder()
    use.embed(["the model loads before the clock starts"])
    models = {model.model_id: model, use.model_id: use}
    spent: dict[str, list[float]] = {name: [] for name in models}
    for _ in range(args.runs):
        for name, embedder in models.items():
            t = time.perf_counter()
            embedder.embed(english)
            spent[name].append(time.perf_counter() - t)
    medians = {name: statistics.median(values) for name, values in spent.items()}
    print(f"\n{len(english)} paragraphs of the English articles, {sum(map(len, english))} characters, median of {args.runs}")
    for name, median in medians.items():
        print(f"{name:28} {median:8.2f}s  {median / medians[model.model_id]:6.3f}x")
    print(f"(the pipeline weighs a text of USE's at {CROSS_EMBED_WORK}x one of the English model's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
