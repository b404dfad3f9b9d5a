"""From candidate links to groups: union-find with a cohesion guard, then passes for paragraphs left alone.

Links are merged strongest first across all articles. A paragraph link is
refused when the mean margin between the two components it would join
falls below `guard`, which stops chains of individually plausible links
from gluing unrelated content together; a sentence link is direct
evidence and is not held to it. A paragraph still alone then joins a group
its mutual best matches in `consensus` other articles agree on
(`_consensus`), or, when `attach` is on, the group it fits on average
(`_attach`).
"""

from __future__ import annotations

import logging

import numpy as np

from compare.align.links import Candidates, concat, no_candidates
from compare.align.params import PARAGRAPH, AlignParams, confidence
from compare.align.scoring import BLOCK_ROWS, Layout
from compare.types import Group, Link, ParagraphRef

log = logging.getLogger(__name__)


class _Components:
    """Union-find whose components keep what the cohesion guard needs.

    For a component: the sum of its vectors, the sum per article, the
    paragraph count per article and the sum of its members' neighbourhood
    means. With these the mean margin between two components is a few dot
    products, however large they grow.
    """

    def __init__(self, layout: Layout, knn: np.ndarray) -> None:
        self.layout = layout
        self.knn = knn.reshape(layout.n * layout.pad, layout.n)
        self.parent = list(range(layout.n * layout.pad))
        self.size = [1] * len(self.parent)
        self.state: dict[int, tuple[np.ndarray, dict[int, np.ndarray], np.ndarray, np.ndarray]] = {}

    def _vector(self, node: int) -> np.ndarray:
        return self.layout.vectors[node // self.layout.pad, node % self.layout.pad]

    def _state(self, root: int):
        if root not in self.state:
            a = root // self.layout.pad
            vector = self._vector(root).astype(np.float64)
            counts = np.zeros(self.layout.n)
            counts[a] = 1
            self.state[root] = (vector, {a: vector}, counts, self.knn[root].astype(np.float64))
        return self.state[root]

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def cohesion(self, r1: int, r2: int) -> float:
        """Mean margin over the cross-article pairs of two components."""
        t1, per1, c1, k1 = self._state(r1)
        t2, per2, c2, k2 = self._state(r2)
        same = float(c1 @ c2)
        pairs = self.size[r1] * self.size[r2] - same
        if pairs <= 0:
            return -np.inf
        cos = float(t1 @ t2) - sum(float(v @ per2[a]) for a, v in per1.items() if a in per2)
        neighbourhood = float(k1 @ c2 + k2 @ c1)  # knn[p, art(p)] is 0
        return (cos - neighbourhood / 2.0) / pairs

    def union(self, r1: int, r2: int) -> None:
        keep, drop = (r1, r2) if self.size[r1] >= self.size[r2] else (r2, r1)
        t1, per1, c1, k1 = self._state(keep)
        t2, per2, c2, k2 = self._state(drop)
        del self.state[drop]
        merged = dict(per1)
        for a, v in per2.items():
            merged[a] = merged[a] + v if a in merged else v
        self.state[keep] = (t1 + t2, merged, c1 + c2, k1 + k2)
        self.parent[drop] = keep
        self.size[keep] += self.size[drop]


def merge(layout: Layout, knn: np.ndarray, cands: Candidates, params: AlignParams,
          agreements: Candidates | None = None):
    """Union-find over the candidate links, strongest first, with the guard; then the passes
    for paragraphs left alone (`_consensus`, then `_attach`)."""
    comps = _Components(layout, knn)
    merged = np.zeros(len(cands.p), dtype=bool)
    for index, (p, q) in enumerate(zip(cands.p.tolist(), cands.q.tolist())):
        r1, r2 = comps.find(p), comps.find(q)
        if r1 == r2:
            continue
        if (cands.kind[index] == PARAGRAPH and comps.size[r1] + comps.size[r2] > 2
                and comps.cohesion(r1, r2) < params.guard):
            log.debug("guard refused link %d-%d (margin %.3f)", p, q, cands.margin[index])
            continue
        comps.union(r1, r2)
        merged[index] = True
    roots = np.array([comps.find(node) for node in range(len(comps.parent))], dtype=np.int64)
    # `_attach` sees the groups `_consensus` grew: `_add_links` updates `roots` in place.
    cands, merged = _add_links(roots, cands, merged, _consensus(layout, roots, agreements, params.consensus))
    cands, merged = _add_links(roots, cands, merged, _attach(layout, knn, roots, params))
    return roots, merged, cands


def _add_links(roots: np.ndarray, cands: Candidates, merged: np.ndarray,
               extra: Candidates) -> tuple[Candidates, np.ndarray]:
    """Join the groups of each extra link (in `roots`, in place) and keep the links as merged ones."""
    if not len(extra.p):
        return cands, merged
    for p, q in zip(extra.p.tolist(), extra.q.tolist()):
        roots[roots == roots[p]] = roots[q]
    return concat(cands, extra), np.concatenate([merged, np.ones(len(extra.p), dtype=bool)])


def _consensus(layout: Layout, roots: np.ndarray, agreements: Candidates | None, needed: int) -> Candidates:
    """Agreement pass: a paragraph left alone joins the group its mutual best matches agree on.

    `agreements` holds every mutual best match between two articles whose
    margin clears the threshold, whatever its cosine. A paragraph alone in
    its group, whose mutual best matches in at least `needed` other articles
    all lie in one group (of two or more paragraphs), joins that group through
    the strongest of those matches. Each article has at most one mutual best
    match with the paragraph, so `needed` votes come from `needed` outlets.
    """
    if needed <= 0 or agreements is None or not len(agreements.p):
        return no_candidates()
    valid = layout.valid.reshape(-1)
    sizes = np.bincount(roots[valid], minlength=len(roots))
    x = np.concatenate([agreements.p, agreements.q])  # both directions
    y = np.concatenate([agreements.q, agreements.p])
    m = np.concatenate([agreements.margin, agreements.margin])
    usable = (sizes[roots[x]] == 1) & (sizes[roots[y]] >= 2)
    x, y, m = x[usable], y[usable], m[usable]
    if not len(x):
        return no_candidates()
    vote = x * len(roots) + roots[y]  # (paragraph, group it points to)
    keys, counts = np.unique(vote, return_counts=True)
    chosen: dict[int, tuple[int, float, int]] = {}  # paragraph -> (votes, margin, partner)
    for key, count in zip(keys.tolist(), counts.tolist()):
        if count < needed:
            continue
        at = np.flatnonzero(vote == key)
        best = int(at[np.argmax(m[at])])
        node = key // len(roots)
        # two groups with enough votes each: the one with more, then the stronger match
        chosen[node] = max(chosen.get(node, (0, -np.inf, -1)), (count, float(m[best]), int(y[best])))
    if not chosen:
        return no_candidates()
    ps = list(chosen)
    qs = [chosen[node][2] for node in ps]
    ms = [chosen[node][1] for node in ps]
    p, q = np.array(ps, np.int64), np.array(qs, np.int64)
    return Candidates(np.minimum(p, q), np.maximum(p, q), np.array(ms, np.float32),
                       np.ones(len(ps), bool), np.full(len(ps), PARAGRAPH, np.int8))


def _attach(layout: Layout, knn: np.ndarray, roots: np.ndarray, params: AlignParams) -> Candidates:
    """Second pass: a paragraph left alone joins the group it fits on average.

    A fragment (one half of a split paragraph, a short sentence) rarely wins a
    best-match contest but resembles every member of its group a little. A
    singleton joins the group of one of its 3 best-margin neighbours when its
    mean margin to that group's members in other articles is >= `attach` and
    its best cosine in that group is >= `min_cos`. Groups do not grow from
    attached paragraphs, so attachments cannot chain.
    """
    empty = no_candidates()
    if params.attach >= 1.0:
        return empty
    pad = layout.pad
    valid = layout.valid.reshape(-1)
    sizes = np.bincount(roots[valid], minlength=len(roots)) if valid.any() else np.zeros(len(roots), int)
    singles = [node for node in np.flatnonzero(valid).tolist() if sizes[roots[node]] == 1]
    if not singles:
        return empty
    flat = layout.vectors.reshape(len(roots), -1)
    art = np.arange(len(roots)) // pad
    knn_flat = knn.reshape(len(roots), layout.n)
    ps, qs, ms = [], [], []
    for start in range(0, len(singles), BLOCK_ROWS):
        chunk = np.array(singles[start : start + BLOCK_ROWS])
        cos = flat[chunk] @ flat.T  # (s, N)
        margin = cos - (knn_flat[chunk][:, art] + knn_flat[:, art[chunk]].T) / 2.0
        usable = valid[None, :] & (art[None, :] != art[chunk][:, None]) & (sizes[roots][None, :] >= 2)
        margin = np.where(usable, margin, -np.inf)
        for row, y in enumerate(chunk.tolist()):
            best = None
            for node in np.argsort(-margin[row], kind="stable")[:3].tolist():
                if not np.isfinite(margin[row, node]):
                    break
                members = usable[row] & (roots == roots[node])
                score = float(margin[row, members].mean())
                top = int(np.flatnonzero(members)[np.argmax(cos[row, members])])
                if cos[row, top] >= params.min_cos and (best is None or score > best[0]):
                    best = (score, top)
            if best is not None and best[0] >= params.attach:
                ps.append(min(y, best[1]))
                qs.append(max(y, best[1]))
                ms.append(best[0])
    return Candidates(np.array(ps, np.int64), np.array(qs, np.int64), np.array(ms, np.float32),
                       np.zeros(len(ps), bool), np.full(len(ps), PARAGRAPH, np.int8))


def final_groups(
    layout: Layout, roots: np.ndarray, cands: Candidates, merged: np.ndarray, params: AlignParams
) -> tuple[Group, ...]:
    """The groups in reading order, each with its mean link confidence and the links it shows."""
    pad, ids = layout.pad, layout.ids
    nodes = np.flatnonzero(layout.valid.reshape(-1))  # ascending: article order, then index
    inside = roots[cands.p] == roots[cands.q]
    conf = confidence(cands.margin, params, kind=cands.kind)
    # Mean confidence over every candidate link inside each group.
    link_sum = np.bincount(roots[cands.p][inside], weights=conf[inside], minlength=len(roots))
    link_count = np.bincount(roots[cands.p][inside], minlength=len(roots))
    kept = _links_to_keep(roots, cands, inside, merged, params.max_links_per_group)
    by_root: dict[int, list[Link]] = {}
    for index in kept:
        p, q = int(cands.p[index]), int(cands.q[index])
        link = Link(
            ParagraphRef(ids[p // pad], p % pad),
            ParagraphRef(ids[q // pad], q % pad),
            round(float(conf[index]), 4),
        )
        by_root.setdefault(int(roots[p]), []).append(link)
    members: dict[int, dict[int, list[int]]] = {}
    for node in nodes.tolist():
        members.setdefault(int(roots[node]), {}).setdefault(node // pad, []).append(node % pad)
    ordered = sorted(members, key=lambda root: min(a * pad + i[0] for a, i in members[root].items()))
    groups = []
    for number, root in enumerate(ordered):
        count = int(link_count[root])
        groups.append(
            Group(
                id=number,
                members=tuple((ids[a], tuple(indices)) for a, indices in members[root].items()),
                similarity=round(float(link_sum[root] / count), 4) if count else 0.0,
                links=tuple(sorted(by_root.get(root, []), key=lambda l: (l.a, l.b))),
            )
        )
    return tuple(groups)


def _links_to_keep(roots, cands: Candidates, inside, merged, cap: int) -> list[int]:
    """Indices of the links each group shows: its merge links, then the strongest others."""
    kept: list[int] = []
    shown: dict[int, int] = {}
    for index in np.flatnonzero(merged).tolist() + np.flatnonzero(inside & ~merged).tolist():
        root = int(roots[cands.p[index]])
        if merged[index] or shown.get(root, 0) < cap:
            shown[root] = shown.get(root, 0) + 1
            kept.append(index)
    return kept
