"""`bench/align.py --real`, last part: how much of two real articles Parallax aligns, against human ratings.

For each SemEval dev pair (`bench._semeval`): the share of the two
articles' words that lie in shared groups, correlated with minus the human
Overall rating, per language pair and overall; beside it, in the same run,
the cosine of whole-document vectors (MiniLM over an English text, USE over
the originals otherwise) as the baseline.

English pairs go through the pipeline itself. A pair with Russian or
Chinese needs the LLM's English, which takes about a minute per article on
2 cores: unless `--semeval-translate`, those pairs are aligned on USE over
the original texts instead, the aligner's setting without translation (the
`use` row of the WMT table), and their rows say so.
"""

from __future__ import annotations

import sys

import numpy as np

from bench import _semeval
from bench._calibrate import CALIBRATED
from bench._embeddings import use
from compare.align import align
from compare.embed import sentence_vectors


def run_semeval(args, st_cache) -> None:
    from compare import pipeline

    if not _semeval.available():
        print(f"\nnote: {_semeval.DATA} is absent; no SemEval rows", file=sys.stderr)
        return
    pairs = _semeval.load_pairs()
    use_cache = use()
    options = pipeline.RunOptions(translator=args.translator or "auto", cross_lingual=not args.no_use)
    rows: dict[str, list[tuple[float, float, float]]] = {}
    how: dict[str, str] = {}
    for n, pair in enumerate(pairs, 1):
        texts = {a.id: [p.text for p in a.paragraphs] for a in pair.article_set.articles}
        english_only = pair.langs == ("en", "en")
        if english_only or args.semeval_translate:
            comparison = pipeline.run(pair.article_set, options=options)
            groups = [dict(g.members) for g in comparison.groups]
            english = {a.id: [p.translation.text for p in a.paragraphs] for a in comparison.articles}
            vectors = st_cache.embed(["\n".join(english[a]) for a in english])
            how[pair.kind] = "pipeline" + ("" if english_only else " (LLM English)")
        else:
            view = {a: use_cache.embed(t) for a, t in texts.items()}
            groups = [dict(g.members) for g in align(
                [view], params=CALIBRATED["use"], original_sentences=sentence_vectors(texts, use_cache))]
            vectors = use_cache.embed(["\n".join(t) for t in texts.values()])
            how[pair.kind] = "USE over the originals, untranslated"
        share = _semeval.shared_share(texts, groups)
        rows.setdefault(pair.kind, []).append((share, float(vectors[0] @ vectors[1]), pair.overall))
        if n % 25 == 0:
            print(f"  semeval {n}/{len(pairs)}", file=sys.stderr, flush=True)
    st_cache.save()
    use_cache.save()
    print(f"\nSemEval-2022 dev pairs ({_semeval.DATA.parent.name}): minus Pearson r with the human Overall rating")
    print(f"{'pairs':<8} {'n':>4} {'aligned share':>14} {'doc cosine':>11}  mean share by rating 1/2/3/4  aligned how")
    everything = []
    for kind in sorted(rows):
        values = rows[kind]
        everything += values
        print(_row(kind, values, how[kind]))
    print(_row("all", everything, "as above"))
    single = sum(1 for pair in pairs for a in pair.article_set.articles
                 if len(a.paragraphs) == 1 and len(a.paragraphs[0].text) > 600)
    print(f"articles of more than 600 characters left as one paragraph: {single}")


def _row(kind: str, values: list[tuple[float, float, float]], how: str) -> str:
    shares, docs, overall = (list(v) for v in zip(*values))
    by_rating = []
    for rating in (1, 2, 3, 4):
        picked = [s for s, o in zip(shares, overall) if round(o) == rating]
        by_rating.append(f"{np.mean(picked):.2f}" if picked else "  - ")
    return (f"{kind:<8} {len(values):>4} {_semeval.minus_r(shares, overall):>14.3f} "
            f"{_semeval.minus_r(docs, overall):>11.3f}  {'/'.join(by_rating):<28} {how}")
