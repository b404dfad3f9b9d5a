"""Order-free, N-way paragraph alignment: vectors in, groups out.

A pure function of paragraph vectors (as vecalign): no model access. Each
*view* maps article id -> (n_paragraphs, dim) unit vectors; view 0 is the
translated view (the English model over the English translations), an optional view 1
the cross-lingual view (multilingual USE over the original texts). Views are
combined as a weighted mean of their cosines.

The method, for every pair of articles A and B:

1. Margin scoring (`scoring`): the cosine of x in A and y in B minus the
   mean of x's k best cosines in B and y's k best in A.
2. Links (`links`): mutual best matches whose margin clears `threshold`;
   and, for merges and splits, *one-sided* links (y's best in A is x, but x
   prefers another y') when the margin clears `multi_threshold` and comes
   within `multi_ratio` of x's best.
3. Sentence links (`links`, when sentence vectors are given): the same
   margin scoring one level down, between the sentences of two articles. A
   mutual best sentence match links the two paragraphs that hold the
   sentences. This is what finds merges and splits: the half of a split
   paragraph and the whole it came from share a sentence even when their
   paragraph vectors differ, and a merged paragraph shares one with each of
   its parts. Two sentence views can be given, scored apart with their own
   thresholds: the English model over the English sentences, and multilingual USE over
   the sentences of the original texts, which does not depend on how well a
   paragraph was translated. Between two English articles nothing was
   translated, so that view is left out there: its thresholds are looser
   (fitted on pairs across languages, where what a translation hides is
   worth the risk), and same-language cosines run higher.
4. Groups (`groups`): links are merged with union-find, strongest first,
   across all articles. A paragraph-level link is refused when the mean
   margin between the two components it would join (over their
   cross-article pairs) falls below `guard`: this stops chains of
   individually plausible links from gluing unrelated content together. A
   sentence link is direct evidence (the two paragraphs share a sentence)
   and is not held to the guard.
5. Agreement (`groups`): a paragraph still alone joins a group when its
   mutual best matches in `consensus` or more other articles all lie in
   that group, however low their cosines. Outlets that report one thing in
   their own words can each be too far from it for a link (`min_cos`), but
   several independent outlets rarely agree on the same wrong group.

Memory stays bounded: similarities are computed one article (a row block)
against all articles at a time, never as one matrix of all paragraphs.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Collection, Mapping, Sequence

import numpy as np

from compare.align.budget import over_budget
from compare.align.groups import final_groups, merge
from compare.align.links import (
    agreement_candidates, candidate_links, concat, first_per_pair, sentence_candidates, strongest_first, union,
)
from compare.align.params import ORIGINAL_SENTENCE, SENTENCE, AlignParams, SentenceRule
from compare.align.scoring import BLOCK_ROWS, as_matrix, kept_blocks, layout_of, neighbourhoods
from compare.types import Group, Nearest

log = logging.getLogger(__name__)


def align(
    views: Sequence[Mapping[str, np.ndarray]],
    *,
    weights: Sequence[float] | None = None,
    params: AlignParams | None = None,
    sentences: Mapping[str, Sequence[np.ndarray]] | None = None,
    original_sentences: Mapping[str, Sequence[np.ndarray]] | None = None,
    untranslated: Collection[str] = (),
) -> tuple[Group, ...]:
    """Group the paragraphs of all articles by what they report.

    `sentences` (optional) maps article id -> one (n_sentences, dim) matrix
    of unit vectors per paragraph, in the space of view 0 (the English model over the
    English sentences); a paragraph needs at least one sentence vector.
    `original_sentences` (optional) is the same for the sentences of the
    original texts in a cross-lingual space (multilingual USE).
    `untranslated` names the articles whose English is their original text
    (English articles): between two of them the original sentences are the
    English sentences again, so the view over the originals, whose looser
    thresholds are there for what a translation hides, is not used.

    Every paragraph of every article ends up in exactly one group; groups
    come in reading order (the first article's paragraphs, then the
    remaining groups by article order and index).
    """
    params = params or AlignParams()
    layout = layout_of(views, params.view_weights if weights is None else weights)
    if layout.n == 0 or layout.pad == 0:
        return ()
    blocks = kept_blocks(layout)
    knn = neighbourhoods(layout, params.k, blocks)
    cands, agreements = candidate_links(layout, knn, params, blocks)
    agreed = agreement_candidates(layout, knn, views, params)
    if len(agreed.p):
        cands = strongest_first(first_per_pair(concat(cands, agreed)))
    found, work = [], 0
    for kind, given in ((SENTENCE, sentences), (ORIGINAL_SENTENCE, original_sentences)):
        if given is None:
            continue
        counts = {article: sum(len(as_matrix(m)) for m in matrices) for article, matrices in given.items()}
        work += sum(counts.values()) ** 2
        refused = over_budget(counts, work)
        if refused:
            log.warning("%s: %s sentence links skipped", refused,
                        "original" if kind == ORIGINAL_SENTENCE else "translated")
            continue
        skip = set(untranslated) if kind == ORIGINAL_SENTENCE else set()
        found.append(sentence_candidates(layout, given, SentenceRule.of(params, kind), skip))
    if found:
        cands = union(cands, first_per_pair(strongest_first(concat(*found))))
    roots, merged, cands = merge(layout, knn, cands, params, agreements)
    return final_groups(layout, roots, cands, merged, params)


def closest_outside(
    groups: Sequence[Group],
    views: Sequence[Mapping[str, np.ndarray]],
    *,
    weights: Sequence[float] | None = None,
    params: AlignParams | None = None,
    limit: int = 8,
) -> tuple[Group, ...]:
    """The groups with `closest` filled: for the articles a group lacks, their paragraphs nearest the group.

    Nearness is the aligner's own measure, the combined cosine over the views,
    taken to the nearest member of the group. It is there for a reader who
    doubts an omission: an outlet whose closest paragraph sits near
    `min_cos` may well report the content in other words; one far below it
    most likely does not carry it. A group lists at most `limit` articles,
    the nearest (in article order), so a set of a hundred outlets does not
    list ninety-nine per group.

    Cost: every paragraph against every other, once, in blocks of group
    members (bounded memory), and an argmax per article.
    """
    params = params or AlignParams()
    layout = layout_of(views, params.view_weights if weights is None else weights)
    if layout.n < 2 or layout.pad == 0 or not groups:
        return tuple(groups)
    pad, n = layout.pad, layout.n
    flat = layout.vectors.reshape(n * pad, -1)
    where = {article: k for k, article in enumerate(layout.ids)}
    members = [np.array([where[a] * pad + i for a, indices in g.members if a in where for i in indices], np.int64)
               for g in groups]
    best_value = np.full((len(groups), n), -np.inf, np.float32)
    best_index = np.zeros((len(groups), n), np.int64)
    for batch in _batches([len(m) for m in members], BLOCK_ROWS):
        rows = [g for g in batch if len(members[g])]
        if not rows:
            continue
        starts = np.cumsum([0] + [len(members[g]) for g in rows[:-1]])
        sims = np.maximum.reduceat(flat[np.concatenate([members[g] for g in rows])] @ flat.T, starts, axis=0)
        sims = sims.reshape(len(rows), n, pad)
        sims[:, ~layout.valid] = -np.inf
        best_index[rows] = sims.argmax(axis=2)
        best_value[rows] = np.take_along_axis(sims, best_index[rows][:, :, None], axis=2)[:, :, 0]
    out = []
    for g, group in enumerate(groups):
        values = best_value[g]
        values[[where[a] for a, _ in group.members if a in where]] = -np.inf  # the articles that carry it
        nearest = np.sort(np.argsort(-values, kind="stable")[:limit])
        nearest = nearest[np.isfinite(values[nearest])]
        closest = tuple(Nearest(layout.ids[k], int(best_index[g, k]), round(float(values[k]), 4))
                        for k in nearest.tolist())
        out.append(replace(group, closest=closest) if closest else group)
    return tuple(out)


def _batches(sizes: Sequence[int], rows: int) -> list[list[int]]:
    """Consecutive indices whose sizes add up to about `rows` (a larger one alone)."""
    out: list[list[int]] = [[]]
    total = 0
    for index, size in enumerate(sizes):
        if out[-1] and total + size > rows:
            out.append([])
            total = 0
        out[-1].append(index)
        total += size
    return out


# The sentence pass pads every article to the longest one's sentences: an
