"""The scale figure: time and peak memory of align() on 100 synthetic articles x 30 paragraphs."""

from __future__ import annotations

import statistics
from dataclasses import replace
import sys
import time
import tracemalloc

import numpy as np

from bench._calibrate import current_default_for
from compare.align import align, closest_outside
from compare.align import budget as sentence_budget
from compare.types import Group


def run_scale(repeat: int) -> None:
    """100 articles x 30 paragraphs (x 3 sentences each): time and peak memory of align()."""
    rng = np.random.default_rng(7)
    topics = rng.normal(size=(45, 384)).astype(np.float32)

    def unit(m):
        return (m / np.linalg.norm(m, axis=-1, keepdims=True)).astype(np.float32)

    use_topics = rng.normal(size=(45, 512)).astype(np.float32)
    views, use_view, sentences, originals = {}, {}, {}, {}
    for a in range(100):
        chosen = rng.choice(45, 30, replace=False)
        views[f"article-{a:03d}"] = unit(topics[chosen] + 0.6 * rng.normal(size=(30, 384)))
        use_view[f"article-{a:03d}"] = unit(use_topics[chosen] + 0.8 * rng.normal(size=(30, 512)))
        sentences[f"article-{a:03d}"] = [unit(topics[t] + 0.8 * rng.normal(size=(3, 384))) for t in chosen]
        originals[f"article-{a:03d}"] = [unit(use_topics[t] + 0.8 * rng.normal(size=(3, 512))) for t in chosen]
    params = current_default_for("st+use+sents")
    print("scale data: MiniLM 384-d and USE 512-d synthetic vectors, 45 topics + noise, each topic in ~67 articles",
          file=sys.stderr)
    both = {"sentences": sentences, "original_sentences": originals}
    budget = sentence_budget.MAX_SENTENCE_PAIRS
    try:
        for label, kwargs, pairs in (
            ("2 paragraph views", {}, budget),
            ("2 paragraph views + 3 sentences each", {"sentences": sentences}, budget),
            ("the default: both sentence views given, the 2nd left out over the budget", both, budget),
            ("both sentence views, budget lifted", both, 10**12),
        ):
            sentence_budget.MAX_SENTENCE_PAIRS = pairs
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                groups = align([views, use_view], params=params, **kwargs)
                times.append(time.perf_counter() - start)
            tracemalloc.start()
            align([views, use_view], params=params, **kwargs)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            sizes = sorted((sum(len(ix) for _, ix in g.members) for g in groups), reverse=True)
            if kwargs is both and pairs == budget:
                default_median, default_groups = statistics.median(times), groups
            print(f"scale: 100 articles x 30 paragraphs, {label}: "
                  f"median {statistics.median(times):.2f} s over {repeat} runs "
                  f"(min {min(times):.2f}, max {max(times):.2f}); peak traced memory {peak / 1e6:.1f} MB; "
                  f"{len(groups)} groups, largest {sizes[:3]}")
    finally:
        sentence_budget.MAX_SENTENCE_PAIRS = budget  # the budget is a module setting: put it back
    # What the links below the least cosine cost (two views agreeing, near in the English view): the default
    # again without them.
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        align([views, use_view], params=replace(params, agree_min_cos=1.0, near_min_cos=1.0), **both)
        times.append(time.perf_counter() - start)
    print(f"scale: the default without links below the least cosine (agree_ and near_min_cos 1.0): median "
          f"{statistics.median(times):.2f} s over {repeat} runs; the default's ratio to it "
          f"{default_median / statistics.median(times):.2f}")
    # What the pipeline adds after align: each group's closest paragraph in every article it lacks, on
    # the default's groups and on its worst case (nothing aligned, every paragraph a group of its own).
    alone = [Group(n, ((a, (i,)),), 0.0) for n, (a, i) in enumerate((a, i) for a in views for i in range(30))]
    for label, groups in ((f"the default's {len(default_groups)} groups", default_groups),
                          (f"{len(alone)} one-paragraph groups", alone)):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            near = closest_outside(groups, [views, use_view], params=params)
            times.append(time.perf_counter() - start)
        print(f"scale: closest_outside on {label} ({sum(len(g.closest) for g in near)} article-group pairs kept, "
              f"at most 8 per group): median {statistics.median(times):.2f} s over {repeat} runs; "
              f"ratio to the default align above {statistics.median(times) / default_median:.2f}")
