"""The benchmark on real outlets: a set with gold.toml, the sample set and clusters with gold, a cluster to read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Mapping, Sequence

from bench._embeddings import ROOT, minilm
from bench._methods import naive_align, pool, table
from compare.corpus import written_blocks
from compare.diverge import DivergeParams
from compare.evaluate import evaluate, links_of

SAMPLE_SET = ROOT / "corpora" / "putin-xi-2024"


def run_set(path: Path, args) -> int:
    """The aligner's groups against the set's gold, and, when the reader corrected them in the UI, the
    corrected groups too: how far the aligner was from the reader."""
    from compare.corpus import load_article_set
    from compare.evaluate import load_gold
    from compare import corrections_store, pipeline

    article_set = load_article_set(path)
    gold = load_gold(path)
    options = pipeline.RunOptions(translator=args.translator or "auto", cross_lingual=not args.no_use)
    comparison = pipeline.load_cached(article_set, options) or pipeline.run(article_set, options=options)
    langs = {a.id: a.language.lang for a in comparison.articles}
    result = evaluate(comparison.groups, gold, langs)
    views = "English" if args.no_use else "English+USE"
    translator = comparison.models.get("translator", "?")[:22]
    rows = [(translator, "pipeline", views, result, comparison.timings.get("align", 0.0) * 1000)]
    corrected, loaded = corrections_store.corrected(comparison)
    for warning in loaded.warnings:
        print(f"corrections: {warning}")
    if corrected.corrections:
        rows.append((translator, "reader's corrections", views, evaluate(corrected.groups, gold, langs), None))
    print(f"set {path}: {len(comparison.groups)} groups predicted, {len(gold)} gold groups; "
          + (f"the reader moved {len(corrected.corrections)} paragraph(s) in {len(loaded.corrections)} correction(s)"
             if corrected.corrections else "no corrections made in the UI (g, x, j): the aligner's groups alone"))
    print(table(rows))
    return 0


def run_real(args) -> int:
    """Real outlets: link P/R/F1 on the sample set, the clusters and the summit coverage with gold;
    omission claims right and wrong; the SemEval dev pairs against their human ratings.

    Through the real pipeline (cached translations), against the naive
    mutual-best match on MiniLM vectors of the same English. The summit's
    gold numbers its blocks as written, so groups are scored on those blocks
    (a passage Parallax cut counts as its block).
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
            blocks = {a.id: written_blocks(a.paragraphs) for a in comparison.articles}
            groups = as_blocks(comparison.groups, blocks)
            claims += omission_claims(comparison.groups, gold, blocks)
            langs = {a.id: a.language.lang for a in comparison.articles}
            english = {a.id: st_cache.embed([p.translation.text for p in a.paragraphs]) for a in comparison.articles}
            ours.append(evaluate(groups, gold, langs))
            naive.append(evaluate(as_blocks(naive_align([english]), blocks), gold))
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
    said = [c for c in claims if round(c[0], 2) < near]
    maybe = [c for c in claims if round(c[0], 2) >= near]
    print(f"\nomissions claimed (the outlet's closest paragraph below {near}), all collections: {len(said)}, "
          f"{sum(c[1] for c in said)} right ({sum(c[1] for c in said) / max(1, len(said)):.0%}), "
          f"{sum(not c[1] for c in said)} wrong (the outlet carries it in the gold)")
    print(f"possible matches shown instead (closest paragraph >= {near}): {len(maybe)}, "
          f"{sum(not c[1] for c in maybe)} of them really carried by the outlet")
    if not args.no_semeval:
        from bench._semeval_run import run_semeval

        run_semeval(args, st_cache)
    return 0


def as_blocks(groups, blocks: Mapping[str, Sequence[int]]) -> list[dict[str, list[int]]]:
    """Groups with each paragraph index replaced by the index of its block as written."""
    out = []
    for group in groups:
        members = group.members if hasattr(group, "members") else group.items()
        out.append({a: sorted({blocks[a][i] for i in indices}) for a, indices in members})
    return out


def omission_claims(groups, gold, blocks: Mapping[str, Sequence[int]] | None = None) -> list[tuple[float, bool]]:
    """(closest similarity, the outlet really lacks it) for each outlet missing from a shared group.

    Right when no gold group holding a member of the group holds a paragraph
    of that outlet. Below `DivergeParams.near_omission` the reader is told the
    outlet leaves it out; at or above it, that it possibly carries it.
    """
    component = {(article, i): k for k, g in enumerate(gold) for article, indices in g.items() for i in indices}
    out = []
    for group in groups:
        if len(group.members) < 2:
            continue
        touched = {component[(a, blocks[a][i] if blocks else i)] for a, indices in group.members for i in indices
                   if (a, blocks[a][i] if blocks else i) in component}
        for near in group.closest:
            out.append((near.similarity, not any(near.article in gold[k] for k in touched)))
    return out


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
