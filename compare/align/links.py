"""Candidate links between paragraphs of different articles, from paragraph and from sentence vectors.

Paragraph links are mutual best matches whose margin clears `threshold`,
plus one-sided links for merges and splits (y's best in A is x, but x
prefers another y'). Sentence links are the same margin scoring one level
down: a mutual best sentence match links the two paragraphs that hold the
sentences, which is what finds a split paragraph's half and the whole it
came from even when their paragraph vectors differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping, Sequence

import numpy as np

from compare.align.params import PARAGRAPH, AlignParams, SentenceRule
from compare.align.scoring import (
    Layout, article_blocks, as_matrix, cosine_blocks, layout_of, margins, top_cosines,
)


@dataclass(frozen=True)
class Candidates:
    """Candidate links as parallel arrays, strongest first."""

    p: np.ndarray  # node ids (int64)
    q: np.ndarray
    margin: np.ndarray  # float32
    mutual: np.ndarray  # bool
    kind: np.ndarray  # int8: PARAGRAPH, SENTENCE or ORIGINAL_SENTENCE (which margin this is)


def candidate_links(layout: Layout, knn: np.ndarray, params: AlignParams,
                    kept: list | None = None) -> tuple[Candidates, Candidates]:
    """Mutual best matches and one-sided (1-to-many) links between articles.

    In article a's block, every column y (a paragraph of article b) names its
    best row x in a. The pair is mutual when y is also x's best in b (kept
    once, from the block with a < b); otherwise x covers y besides its own
    best, a merge/split candidate that must pass the stricter tests.

    Also returns every mutual best match whose margin clears `threshold`,
    whatever its cosine: the votes of the agreement pass (`_consensus`).
    """
    ps, qs, ms, mutuals = [], [], [], []
    agree_p, agree_q, agree_m = [], [], []
    pad = layout.pad
    for a, block in cosine_blocks(layout, kept):
        rows = int(layout.lengths[a])
        if rows == 0:
            continue
        margin = margins(knn, a, block)[:rows]  # (rows, n, P)
        block = block[:rows]
        row_best = np.argmax(margin, axis=2)  # (rows, n): x's best y in b
        row_best_val = np.max(margin, axis=2)
        col_best = np.argmax(margin, axis=0)  # (n, P): y's best x in a
        col_val = np.max(margin, axis=0)  # -inf for padding and for b == a
        mutual = np.take_along_axis(row_best.T, col_best, axis=1) == np.arange(pad)[None, :]
        later = (np.arange(layout.n) > a)[:, None]
        col_cos = np.take_along_axis(block, col_best[None, :, :], axis=0)[0]  # (n, P)
        agreeing = mutual & later & (col_val >= params.threshold)
        keep_mutual = agreeing & (col_cos >= params.min_cos)
        b, j = np.nonzero(agreeing)
        agree_p.append(a * pad + col_best[b, j])
        agree_q.append(b * pad + j)
        agree_m.append(col_val[b, j])
        keep_multi = _one_sided(layout, a, block, row_best, row_best_val, col_best, col_val, mutual, params)
        b, j = np.nonzero(keep_mutual | keep_multi)
        ps.append(a * pad + col_best[b, j])
        qs.append(b * pad + j)
        ms.append(col_val[b, j])
        mutuals.append(mutual[b, j])
    if not ps:
        return no_candidates(), no_candidates()
    p, q = np.concatenate(ps).astype(np.int64), np.concatenate(qs).astype(np.int64)
    lo, hi = np.minimum(p, q), np.maximum(p, q)
    m, mu = np.concatenate(ms), np.concatenate(mutuals)
    links = strongest_first(Candidates(lo, hi, m, mu, np.full(len(m), PARAGRAPH, np.int8)))
    m = np.concatenate(agree_m)
    agreements = Candidates(np.concatenate(agree_p).astype(np.int64), np.concatenate(agree_q).astype(np.int64),
                             m, np.ones(len(m), bool), np.full(len(m), PARAGRAPH, np.int8))
    return links, agreements


def no_candidates() -> Candidates:
    empty = np.zeros(0, dtype=np.int64)
    return Candidates(empty, empty, np.zeros(0, np.float32), np.zeros(0, bool), np.zeros(0, np.int8))


def concat(*parts: Candidates) -> Candidates:
    return Candidates(*(np.concatenate(arrays) for arrays in zip(
        *((c.p, c.q, c.margin, c.mutual, c.kind) for c in parts))))


def first_per_pair(c: Candidates) -> Candidates:
    """The first link of each (p, q) pair, in the order given."""
    if not len(c.p):
        return c
    _, first = np.unique(c.p * (int(max(c.p.max(), c.q.max())) + 1) + c.q, return_index=True)
    first.sort()
    return Candidates(c.p[first], c.q[first], c.margin[first], c.mutual[first], c.kind[first])


def strongest_first(c: Candidates) -> Candidates:
    order = np.lexsort((c.q, c.p, -c.margin))  # ties by node ids
    return Candidates(c.p[order], c.q[order], c.margin[order], c.mutual[order], c.kind[order])


def union(paragraph: Candidates, sentence: Candidates) -> Candidates:
    """Both kinds of links, strongest first; a pair found by both keeps its sentence link, the stronger
    evidence, which is not held to the cohesion guard a paragraph link must pass."""
    if not len(sentence.p):
        return paragraph
    return strongest_first(first_per_pair(concat(sentence, paragraph)))


def sentence_candidates(layout: Layout, sentences: Mapping[str, Sequence[np.ndarray]],
                        rule: SentenceRule, skip: Collection[str] = ()) -> Candidates:
    """Paragraph links from mutual best sentence matches between every pair of articles.

    Sentences are laid out like paragraphs (articles padded to the longest)
    and scored with the same margin, block by block; `owner` maps a sentence
    back to its paragraph. A paragraph pair linked by several sentences keeps
    its best sentence margin.
    """
    flat, owners = {}, []
    for a, article in enumerate(layout.ids):
        if article not in sentences:
            raise ValueError(f"sentences: article {article!r} is missing")
        matrices = [as_matrix(m) for m in sentences[article]]
        if len(matrices) != layout.lengths[a]:
            raise ValueError(f"sentences: article {article!r} has {len(matrices)} paragraphs, "
                             f"the views have {layout.lengths[a]}")
        if any(len(m) == 0 for m in matrices):
            raise ValueError(f"sentences: a paragraph of {article!r} has no sentence vector")
        flat[article] = np.concatenate(matrices) if matrices else np.zeros((0, 1), np.float32)
        owners.append(np.repeat(np.arange(len(matrices)), [len(m) for m in matrices]))
    slayout = layout_of([flat], [1.0])
    if slayout.pad == 0:
        return no_candidates()
    n, spad, pad = slayout.n, slayout.pad, layout.pad
    owner = np.zeros((n, spad), dtype=np.int64)
    for a, own in enumerate(owners):
        owner[a, : len(own)] = own
    # One pass over the sentence cosines keeps, per sentence and other
    # article, its `top` best cosines and where they are; the neighbourhood
    # means come from them, and the best margin is looked for among them (a
    # best margin outside a sentence's few nearest is not a link worth
    # having). Each product of a block of articles with the articles after
    # it serves both directions, so every pair is multiplied once.
    top = min(max(3, rule.k), spad)
    k = min(rule.k, top)
    kk = np.minimum(rule.k, slayout.lengths).clip(min=1)
    top_j = np.zeros((n, spad, n, top), dtype=np.int32)
    top_cos = np.full((n, spad, n, top), -np.inf, dtype=np.float32)
    for a, first, block in article_blocks(slayout, later_only=True):
        # The best of a's sentences for every sentence of the articles
        # after a (from a transposed copy, taken first: the search over the
        # rows below works in place) ...
        if a + 1 < n:
            later = block[:, a - first + 1 :, :].transpose(1, 2, 0)  # (articles, their sentences, a's)
            top_j[a + 1 :, :, a], top_cos[a + 1 :, :, a] = top_cosines(later, top)
        # ... and, from the same cosines, a's best sentences in every article
        # from `first` on (earlier ones were filled when their block looked at a).
        top_j[a, :, first:], top_cos[a, :, first:] = top_cosines(block, top, in_place=True)
    # top_cos is sorted descending along its last axis
    sknn = np.where(np.isfinite(top_cos[..., :k]), top_cos[..., :k], 0.0).sum(axis=3) / kk[None, None, :]
    # margin of (a, i) with (b, top_j) = cos - (knn of (a, i) in b + knn of (b, j) in a) / 2
    b_index = np.arange(n)[None, None, :, None]
    a_index = np.arange(n)[:, None, None, None]
    margin = top_cos - (sknn[:, :, :, None] + sknn[b_index, top_j, a_index]) / 2.0
    t = np.argmax(margin, axis=3)[..., None]
    best_j = np.take_along_axis(top_j, t, axis=3)[..., 0]  # (n, spad, n): (a, i)'s best sentence in b
    best_m = np.take_along_axis(margin, t, axis=3)[..., 0]
    best_c = np.take_along_axis(top_cos, t, axis=3)[..., 0]
    # (a, i) has a match in b: its best sentence there clears the rule, b != a
    # article pairs this view links: not an article with itself, nor two of `skip`
    skipped = np.array([article in skip for article in layout.ids])
    pairs = (np.arange(n)[:, None] != np.arange(n)[None, :]) & ~(skipped[:, None] & skipped[None, :])
    matched = (best_m >= rule.threshold) & (best_c >= rule.min_cos) & pairs[:, None, :]
    a, i, b = np.nonzero(matched & (np.arange(n)[:, None, None] < np.arange(n)[None, None, :]))
    j = best_j[a, i, b]
    mutual = best_j[b, j, a] == i
    a, i, b, j = a[mutual], i[mutual], b[mutual], j[mutual]
    if rule.gain < 1.0:
        more = _covering_sentences(slayout, best_j, matched, rule)
        a, i, b, j = (np.concatenate([x, y]) for x, y in zip((a, i, b, j), more))
    if rule.cover > 0.0 and len(a):
        covered = _coverage(slayout, owner, pad, best_j, matched, a, i, b, j) >= rule.cover
        a, i, b, j = a[covered], i[covered], b[covered], j[covered]
    if not len(a):
        return no_candidates()
    p, q = a * pad + owner[a, i], b * pad + owner[b, j]
    links = Candidates(np.minimum(p, q), np.maximum(p, q), best_m[a, i, b].astype(np.float32),
                        np.ones(len(a), bool), np.full(len(a), rule.kind, np.int8))
    return first_per_pair(strongest_first(links))  # a pair linked by several sentences: its best


def _coverage(slayout: Layout, owner: np.ndarray, pad: int, best_j: np.ndarray, matched: np.ndarray,
              a: np.ndarray, i: np.ndarray, b: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For sentence links (a, i) ~ (b, j): how much of one paragraph the other holds.

    The share of paragraph P's sentences (P holds sentence i) whose best
    match in article b lies in paragraph Q (which holds j), and the same
    from Q's side; the larger of the two. A split piece, or each part of a
    merge, is wholly held by the other paragraph (1.0); two paragraphs that
    merely share one sentence of several on different subjects are not.
    """
    n = slayout.n
    sa, ss, sb = np.nonzero(matched & slayout.valid[:, :, None])
    if not len(sa):
        return np.zeros(len(a))
    keys = ((sa * pad + owner[sa, ss]) * n + sb) * pad + owner[sb, best_j[sa, ss, sb]]
    found, counts = np.unique(keys, return_counts=True)
    sizes = np.zeros((n, pad), dtype=np.int64)
    va, vs = np.nonzero(slayout.valid)
    np.add.at(sizes, (va, owner[va, vs]), 1)

    def share(x, px, y, py):
        key = ((x * pad + px) * n + y) * pad + py
        at = np.minimum(np.searchsorted(found, key), len(found) - 1)
        hits = np.where(found[at] == key, counts[at], 0)
        return hits / np.maximum(sizes[x, px], 1)

    p, q = owner[a, i], owner[b, j]
    return np.maximum(share(a, p, b, q), share(b, q, a, p))


def _covering_sentences(slayout: Layout, best_j: np.ndarray, matched: np.ndarray, rule: SentenceRule):
    """One-sided sentence matches: a sentence that two sentences of the other side make up.

    (a, i)'s best sentence in b is j, but j's best in a is another, i'. The
    match is kept when j covers i and i' together better than i' alone
    (Bertalign's coverage test, on sentence vectors): cos(j, i + i') -
    cos(j, i') >= the rule's `gain`. A translation that joins two sentences into
    one, or a headline run into the next sentence, needs this.
    """
    a, i, b = np.nonzero(matched)
    j = best_j[a, i, b]
    other = best_j[b, j, a]
    one_sided = other != i
    a, i, b, j, other = a[one_sided], i[one_sided], b[one_sided], j[one_sided], other[one_sided]
    v = slayout.vectors
    c_ji = np.einsum("kd,kd->k", v[b, j], v[a, i])
    c_jo = np.einsum("kd,kd->k", v[b, j], v[a, other])
    c_io = np.einsum("kd,kd->k", v[a, i], v[a, other])
    together = (c_ji + c_jo) / np.sqrt(np.maximum(2.0 + 2.0 * c_io, 1e-6))
    covers = together - c_jo >= rule.gain
    return a[covers], i[covers], b[covers], j[covers]


def _one_sided(layout, a, block, row_best, row_best_val, col_best, col_val, mutual, params) -> np.ndarray:
    """Which non-mutual (x covers y besides its best y') pairs are merges/splits.

    Two tests, either suffices (on top of the `multi_floor` margin):
    - strength: the margin clears `multi_threshold` and `multi_ratio` of x's best;
    - coverage (Bertalign-style, on vectors): x matches y and y' together
      better than y' alone, cos(x, y + y') - cos(x, y') >= `multi_gain`.
    """
    floor = ~mutual & (col_val >= params.multi_floor)
    b, j = np.nonzero(floor)
    keep = np.zeros_like(floor)
    if not len(b):
        return keep
    x = col_best[b, j]
    other = row_best[x, b]  # y', x's own best in b
    best = row_best_val[x, b]
    m = col_val[b, j]
    c_xy, c_xo = block[x, b, j], block[x, b, other]
    c_yo = np.einsum("kd,kd->k", layout.vectors[b, j], layout.vectors[b, other])
    together = (c_xy + c_xo) / np.sqrt(np.maximum(2.0 + 2.0 * c_yo, 1e-6))
    strong = (m >= params.multi_threshold) & (m >= params.multi_ratio * best)
    covers = together - c_xo >= params.multi_gain
    keep[b, j] = (strong | covers) & (c_xy >= params.min_cos)
    return keep


def agreement_candidates(layout: Layout, knn: np.ndarray, views: Sequence[Mapping[str, np.ndarray]],
                         params: AlignParams) -> Candidates:
    """Links found below `min_cos` on the English view's own evidence, whatever their combined cosine.

    Two kinds: mutual best matches in view 0 (the English) and in every other
    view whose view-0 cosine reaches `agree_min_cos`; and pairs each among the
    other's two best in view 0 alone whose view-0 cosine reaches
    `near_min_cos`. Outlets that report one fact in their own words can fall
    below `min_cos` in the combined view (the cross-lingual view scores a
    paraphrase lower than a translation), yet two independent encoders naming
    the same partner, or the English naming it closely, is direct evidence;
    the second kind also lets one fact that an outlet spreads over two
    paragraphs reach both. Such a link is held to the cohesion guard like any
    paragraph link; its margin is the combined one.
    """
    if len(views) < 2 or (params.agree_min_cos >= 1.0 and params.near_min_cos >= 1.0):
        return no_candidates()
    single = [layout_of([view], [1.0]) for view in views]
    n, pad = layout.n, layout.pad
    ps, qs, ms = [], [], []
    for a in range(n - 1):  # each pair of articles once, from its first article
        rows = int(layout.lengths[a])
        if rows == 0:
            continue
        later = n - a - 1
        agree = None
        for number, view in enumerate(single):
            cos = (view.vectors[a, :rows] @ view.vectors[a + 1:].reshape(later * pad, -1).T).reshape(rows, later, pad)
            cos = np.where(view.valid[None, a + 1:], cos, -np.inf)
            mutual = _mutual_best(cos)
            if number == 0:
                near = _among_two_best(cos) & (cos >= params.near_min_cos)
                agree = mutual & (cos >= params.agree_min_cos)
            else:
                agree &= mutual
        x, b, y = np.nonzero(agree | near)
        if not len(x):
            continue
        b = b + a + 1
        combined = np.einsum("id,id->i", layout.vectors[a, x], layout.vectors[b, y])
        ps.append(a * pad + x)
        qs.append(b * pad + y)
        ms.append(combined - (knn[a, x, b] + knn[b, y, a]) / 2.0)
    if not ps:
        return no_candidates()
    m = np.concatenate(ms).astype(np.float32)
    return strongest_first(Candidates(np.concatenate(ps).astype(np.int64), np.concatenate(qs).astype(np.int64),
                                      m, np.ones(len(m), bool), np.full(len(m), PARAGRAPH, np.int8)))


def _mutual_best(cos: np.ndarray) -> np.ndarray:
    """(rows, n, P) cosines of one article's rows with every article: True where row i and paragraph j
    of article b are each other's best."""
    row_best = cos.argmax(axis=2)  # (rows, n)
    col_best = cos.argmax(axis=0)  # (n, P)
    rows = np.arange(cos.shape[0])[:, None, None]
    return (np.arange(cos.shape[2])[None, None, :] == row_best[:, :, None]) & (col_best[None] == rows)


def _among_two_best(cos: np.ndarray) -> np.ndarray:
    """(rows, n, P) cosines as in `_mutual_best`: True where paragraph j of article b is among row i's
    two best in b and row i among paragraph j's two best rows."""
    second_in_row = np.sort(cos, axis=2)[:, :, -2:-1] if cos.shape[2] > 1 else np.full(cos.shape[:2] + (1,), -np.inf)
    second_in_col = np.sort(cos, axis=0)[-2:-1] if cos.shape[0] > 1 else np.full((1,) + cos.shape[1:], -np.inf)
    return np.isfinite(cos) & (cos >= second_in_row) & (cos >= second_in_col)
