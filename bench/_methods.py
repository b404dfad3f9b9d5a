"""The aligners the benchmark compares, the sets they run on, and how they are scored and shown."""

from __future__ import annotations

import dataclasses
import itertools
import statistics
import time
from typing import Callable, Mapping, Sequence

import numpy as np

from bench import _wmt
from bench._translations import Translations
from compare.align import AlignParams, align
from compare.embed import sentence_vectors
from compare.evaluate import Evaluation, Scores, evaluate

PAIRS = ("en-ru", "en-zh", "ru-zh")


@dataclasses.dataclass
class Prepared:
    sset: _wmt.SynthSet
    st: dict[str, np.ndarray] | None  # view 0: MiniLM over English
    use: dict[str, np.ndarray]  # view 1: USE over originals
    sent: dict[str, list[np.ndarray]] | None  # MiniLM over the English sentences, per paragraph
    xsent: dict[str, list[np.ndarray]]  # USE over the sentences of the originals, per paragraph


def prepare(sets, translations: Translations, st_cache, use_cache) -> list[Prepared]:
    translations.prepare([u for s in sets for units in s.articles.values() for u in units])
    out = []
    for s in sets:
        english = {a: [translations.english(u) for u in units] for a, units in s.articles.items()}
        st = sent = None
        if all(t is not None for texts in english.values() for t in texts):
            st = {a: st_cache.embed(texts) for a, texts in english.items()}
            sent = sentence_vectors(english, st_cache)
        originals = {a: [u.text for u in units] for a, units in s.articles.items()}
        use_view = {a: use_cache.embed(texts) for a, texts in originals.items()}
        out.append(Prepared(s, st, use_view, sent, sentence_vectors(originals, use_cache)))
    st_cache.save()
    use_cache.save()
    return out


def naive_align(views: Sequence[Mapping[str, np.ndarray]]) -> list[dict[str, list[int]]]:
    """Baseline: mutual best cosine match per article pair, union-find, no threshold."""
    view = views[0]
    ids = list(view)
    parent = {(a, i): (a, i) for a in ids for i in range(len(view[a]))}

    def find(n):
        while parent[n] != n:
            n = parent[n]
        return n

    for a, b in itertools.combinations(ids, 2):
        if not len(view[a]) or not len(view[b]):
            continue
        sim = view[a] @ view[b].T
        best_b, best_a = sim.argmax(axis=1), sim.argmax(axis=0)
        for i, j in enumerate(best_b):
            if best_a[j] == i:
                parent[find((a, i))] = find((b, int(j)))
    groups: dict = {}
    for node in parent:
        groups.setdefault(find(node), {}).setdefault(node[0], []).append(node[1])
    return list(groups.values())


Method = Callable[[Prepared], object]


# Configuration key -> (paragraph views, sentence views): "sent" is MiniLM over
# the English sentences, "xsent" USE over the sentences of the originals.
CONFIGS = {
    "st": (("st",), ()),
    "st+use": (("st", "use"), ()),
    "use": (("use",), ()),
    "st+sent": (("st",), ("sent",)),
    "st+use+sent": (("st", "use"), ("sent",)),
    "st+use+sents": (("st", "use"), ("sent", "xsent")),
}
VIEW_LABELS = {"st": "MiniLM", "use": "USE"}
PIPELINE = "st+use+sents"  # the configuration the pipeline runs by default


def views_of(p: Prepared, key: str) -> list[dict[str, np.ndarray]]:
    return [getattr(p, name) for name in CONFIGS[key][0]]


def aligner(key: str, params: AlignParams) -> Method:
    """Prepared set -> groups for one configuration."""
    sentence_views = CONFIGS[key][1]
    return lambda p: align(views_of(p, key), params=params,
                           sentences=p.sent if "sent" in sentence_views else None,
                           original_sentences=p.xsent if "xsent" in sentence_views else None)


def methods(params: Mapping[str, AlignParams]) -> dict[str, tuple[str, Method]]:
    """Row label -> (views label, function from a prepared set to groups)."""
    rows = {
        "naive mutual-best": ("st", None), "margin (ours)": ("st", "st"), "margin+sentences": ("st", "st+sent"),
        "margin+sentences ": ("st+use", "st+use+sent"), "margin+both sentences": ("st+use", "st+use+sents"),
        "margin (ours) ": ("st+use", "st+use"),
        "naive mutual-best ": ("use", None), "margin (ours)  ": ("use", "use"),
    }
    out = {}
    for label, (views, key) in rows.items():
        names = CONFIGS[views][0]
        views_label = "+".join(VIEW_LABELS[n] for n in names)
        if key is None:
            out[label] = (views_label, lambda p, n=names[0]: naive_align([getattr(p, n)]))
        else:
            out[label] = (views_label, aligner(key, params[key]))
    return out


def score(prepared: Sequence[Prepared], method: Method) -> Evaluation:
    pooled = pool(evaluate(method(p), p.sset.gold, p.sset.langs) for p in prepared)
    return Evaluation(pooled.overall, {pair: pooled.by_pair[pair] for pair in PAIRS if pair in pooled.by_pair})


def document_interval(prepared: Sequence[Prepared], method: Method, resamples: int = 2000,
                      level: float = 0.95) -> tuple[float, float, dict[str, float]]:
    """How much the pooled F1 owes to which documents: a bootstrap over documents.

    A set's links are counted under its document (all seeds together);
    documents are drawn with replacement `resamples` times and the links of
    each draw pooled. Returns the central `level` interval of those F1s and
    each document's own F1. With a handful of documents, most of the
    uncertainty of the table's F1 is which documents happened to be chosen.
    """
    by_doc: dict[str, Scores] = {}
    for p in prepared:
        doc = p.sset.name.split("#")[0]
        by_doc[doc] = by_doc.get(doc, Scores(0, 0, 0)) + evaluate(method(p), p.sset.gold).overall
    counts = np.array([(s.tp, s.fp, s.fn) for s in by_doc.values()], dtype=np.float64)
    draws = np.random.default_rng(0).integers(0, len(counts), size=(resamples, len(counts)))
    tp, fp, fn = counts[draws].sum(axis=1).T
    f1 = 2 * tp / np.maximum(2 * tp + fp + fn, 1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(f1, [tail, 100 - tail])
    return float(low), float(high), {doc: s.f1 for doc, s in by_doc.items()}


def interval_line(label: str, interval: tuple[float, float, dict[str, float]], noun: str = "documents") -> str:
    """The pipeline row's `document_interval`, as printed under a table."""
    low, high, per_doc = interval
    return (f"margin+both sentences, {label}: 95% interval of F1 over a bootstrap of the {len(per_doc)} {noun} "
            f"[{low:.3f}, {high:.3f}]; documents alone {min(per_doc.values()):.3f} to {max(per_doc.values()):.3f}")


def pool(results) -> Evaluation:
    """Several sets' evaluations as one: link counts added, overall and per language pair."""
    total, by_pair = Scores(0, 0, 0), {}
    for result in results:
        total = total + result.overall
        for pair, s in result.by_pair.items():
            by_pair[pair] = by_pair.get(pair, Scores(0, 0, 0)) + s
    return Evaluation(total, by_pair)


def timed(prepared: Sequence[Prepared], method: Method, repeat: int) -> float:
    """Median over `repeat` runs of the mean time to align one set, in ms."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for p in prepared:
            method(p)
        runs.append((time.perf_counter() - start) / max(1, len(prepared)) * 1000)
    return statistics.median(runs)


def table(rows: list[tuple[str, str, str, Evaluation, float | None]], english_view: str = "MiniLM") -> str:
    """The score table; `english_view` names the model of the English view in the views column."""
    head = f"{'translations':<22} {'method':<21} {'views':<11}"
    for pair in PAIRS:
        head += f" {pair + ' P/R/F1':>17}"
    head += f" {'overall P':>9} {'R':>6} {'F1':>6} {'ms/set':>7}"
    lines = [head, "-" * len(head)]
    for source, method, views, ev, ms in rows:
        line = f"{source:<22} {method.strip():<21} {views.replace('MiniLM', english_view):<11}"
        for pair in PAIRS:
            s = ev.by_pair.get(pair)
            cell = f" {s.precision:5.3f}/{s.recall:5.3f}/{s.f1:5.3f}" if s else "-"  # "-": no such pair
            line += cell[:18].rjust(18)
        o = ev.overall
        line += f" {o.precision:9.3f} {o.recall:6.3f} {o.f1:6.3f} " + (f"{ms:7.2f}" if ms is not None else f"{'-':>7}")
        lines.append(line)
    return "\n".join(lines)
