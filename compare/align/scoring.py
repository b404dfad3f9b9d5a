"""Margin scoring: articles laid out as one padded array, their cosines block by block, neighbourhoods and margins.

The margin of paragraph x in article A with y in article B is their cosine
minus the mean of x's k best cosines in B and y's k best in A
(Bertalign / Vecalign / LASER style): a "hub" paragraph that resembles
everything has a high neighbourhood mean and so a low margin with all of
them. Views are combined as a weighted mean of their cosines, one dot
product of the concatenated, sqrt(weight)-scaled vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np


@dataclass(frozen=True)
class Layout:
    """Articles padded to P paragraphs: paragraph i of article a is node a*P + i."""

    ids: list[str]
    lengths: np.ndarray  # (n,) paragraphs per article
    vectors: np.ndarray  # (n, P, D) combined vectors, zero padding
    valid: np.ndarray  # (n, P) bool

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def pad(self) -> int:
        return self.valid.shape[1]


def layout_of(views: Sequence[Mapping[str, np.ndarray]], weights: Sequence[float]) -> Layout:
    """All views' vectors in one padded array, each scaled by the square root of its share of `weights`."""
    if not views:
        raise ValueError("align needs at least one view")
    ids = list(views[0].keys())
    for number, view in enumerate(views[1:], start=1):
        if set(view.keys()) != set(ids):
            raise ValueError(f"view {number} covers different articles than view 0")
    w = _view_weights(weights, len(views))
    lengths = np.array([len(as_matrix(views[0][i])) for i in ids], dtype=np.int64)
    pad = int(lengths.max()) if len(ids) else 0
    parts = []
    for number, (weight, view) in enumerate(zip(w, views)):
        matrices = {i: as_matrix(view[i]) for i in ids}
        dim = max((m.shape[1] for m in matrices.values() if m.size), default=1)
        out = np.zeros((len(ids), pad, dim), dtype=np.float32)
        for a, article in enumerate(ids):
            if len(matrices[article]) != lengths[a]:
                raise ValueError(
                    f"view {number}: article {article!r} has {len(matrices[article])} "
                    f"vectors, view 0 has {lengths[a]}"
                )
            if lengths[a]:
                out[a, : lengths[a]] = matrices[article]
        parts.append(out * np.float32(np.sqrt(weight)))
    vectors = np.concatenate(parts, axis=2) if parts else np.zeros((len(ids), pad, 1), np.float32)
    valid = np.arange(pad)[None, :] < lengths[:, None]
    return Layout(ids=ids, lengths=lengths, vectors=vectors, valid=valid)


def _view_weights(weights: Sequence[float], n_views: int) -> np.ndarray:
    chosen = list(weights)[:n_views]
    chosen += [1.0] * (n_views - len(chosen))
    w = np.asarray(chosen, dtype=np.float64)
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError(f"view weights must be >= 0 and not all 0: {list(weights)}")
    return w / w.sum()


def as_matrix(vectors: np.ndarray) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    if array.size == 0:
        return np.zeros((0, array.shape[-1] if array.ndim == 2 else 1), np.float32)
    return array.reshape(1, -1) if array.ndim == 1 else array


BLOCK_ROWS = 512  # paragraphs per similarity block: bounded memory, efficient BLAS


def cosine_blocks(layout: Layout, kept: list | None = None):
    """Yield (a, (P, n, P) combined cosines of article a's paragraphs; invalid = -inf)."""
    if kept is not None:
        yield from kept
        return
    for a, _, block in article_blocks(layout, later_only=False):
        yield a, block


_KEEP_BLOCKS_BYTES = 256 * 2**20


def kept_blocks(layout: Layout) -> list | None:
    """The paragraph cosine blocks, computed once for both passes when they fit in 256 MB."""
    if layout.n * layout.pad * layout.n * layout.pad * 4 > _KEEP_BLOCKS_BYTES:
        return None
    return list(cosine_blocks(layout))


def article_blocks(layout: Layout, *, later_only: bool):
    """Yield (a, first, cosines of article a against articles first..n-1; invalid = -inf).

    Several articles share one matrix product (about BLOCK_ROWS rows), so
    memory stays at a block of rows times all paragraphs. With `later_only`
    a block of articles is multiplied only with itself and the articles
    after it (`first` is the block's first article), for callers that read
    both directions of each product; otherwise `first` is 0. Padding and the
    article's own columns are set to -inf in place. The yielded array is a
    view into the block: read it, do not keep or change it.
    """
    n, pad = layout.n, layout.pad
    flat = layout.vectors.reshape(n * pad, -1)
    padding = ~layout.valid.reshape(-1)
    # -inf on padding columns by one addition (boolean column indexing is slow)
    bias = np.where(padding, -np.inf, 0.0).astype(np.float32) if padding.any() else None
    step = max(1, BLOCK_ROWS // max(pad, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        first = start if later_only else 0
        chunk = flat[start * pad : stop * pad] @ flat[first * pad :].T
        if bias is not None:
            chunk += bias[first * pad :]
        chunk = chunk.reshape(stop - start, pad, n - first, pad)
        for a in range(start, stop):
            block = chunk[a - start]
            block[:, a - first, :] = -np.inf
            block[~layout.valid[a]] = -np.inf
            yield a, first, block


def neighbourhoods(layout: Layout, k: int, kept: list | None = None) -> np.ndarray:
    """knn[a, i, b]: mean of paragraph (a, i)'s k best cosines in article b (0 for b == a)."""
    knn = np.zeros((layout.n, layout.pad, layout.n), dtype=np.float32)
    kk = np.minimum(k, layout.lengths).clip(min=1)  # per target article
    top_k = min(k, layout.pad)
    for a, block in cosine_blocks(layout, kept):
        # The k largest per (row, article), unordered; an article shorter than
        # k contributes all its (finite) cosines and pads with -inf.
        top = block if top_k == layout.pad else -np.partition(-block, top_k - 1, axis=2)[:, :, :top_k]
        knn[a] = np.where(np.isfinite(top), top, 0.0).sum(axis=2) / kk[None, :]
    return knn


def margins(knn: np.ndarray, a: int, block: np.ndarray) -> np.ndarray:
    """(P, n, P) margins of article a's paragraphs (cosines `block`) with every paragraph."""
    row_mean = knn[a][:, :, None]  # x's neighbourhood in article b
    col_mean = knn[:, :, a][None, :, :]  # y's neighbourhood in article a
    return block - (row_mean + col_mean) / 2.0


def top_cosines(cos: np.ndarray, top: int, *, in_place: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Where and what the `top` largest values along the last axis are, largest first.

    Repeated argmax: on rows as short as an article's sentences this is
    several times faster than argpartition. With `in_place` the top values
    of `cos` itself are overwritten with -inf.
    """
    work = cos if in_place else np.array(cos, dtype=np.float32, order="C")
    where = np.empty(cos.shape[:-1] + (top,), dtype=np.int32)
    value = np.empty(cos.shape[:-1] + (top,), dtype=np.float32)
    for t in range(top):
        j = np.argmax(work, axis=-1)[..., None]
        where[..., t] = j[..., 0]
        value[..., t] = np.take_along_axis(work, j, axis=-1)[..., 0]
        np.put_along_axis(work, j, -np.inf, axis=-1)
    return where, value
