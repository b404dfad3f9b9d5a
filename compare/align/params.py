"""The aligner's thresholds and weights, the kinds of link it finds, and link confidence.

The defaults are fitted values; how they were fitted and what else was
measured is in docs/calibration.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# What a candidate link was found by.
PARAGRAPH, SENTENCE, ORIGINAL_SENTENCE = 0, 1, 2


@dataclass(frozen=True)
class AlignParams:
    """Thresholds and weights of `align`.

    The defaults are for the pipeline's default setting: two paragraph views
    (all-mpnet-base-v2 over the English, multilingual USE over the originals) and
    sentence links in both (the same two models over sentences).
    `TRANSLATED_VIEW_ONLY` is the same for the English view alone.

    Margins are cosines minus the mean of the k nearest (see `scoring`), so
    they lie in about [-1, 1]; a threshold of 1 or more turns its test off.
    """

    # -- paragraph links
    k: int = 2  # neighbours in the other article for a margin (>= 1)
    threshold: float = 0.0  # margin a mutual best match needs
    multi_threshold: float = 0.12  # margin a one-sided (1-to-many) link needs
    multi_ratio: float = 0.6  # ... and its share of the covering paragraph's best margin (0-1)
    multi_gain: float = 0.08  # ... or: cos(x, y + y') - cos(x, y') a merge must gain
    multi_floor: float = 0.0  # the least margin of any one-sided link
    # -- groups
    guard: float = 0.0  # least mean margin between two components to merge them (-1: off)
    min_cos: float = 0.5  # the least combined cosine of any link (0-1)
    agree_min_cos: float = 0.6  # view-0 cosine of a mutual best match in every view, linked below min_cos (>= 1: off)
    near_min_cos: float = 0.6  # view-0 cosine of a pair each among the other's two best in view 0, linked below min_cos (>= 1: off)
    attach: float = 1.0  # mean margin a left-alone paragraph needs to join a group (>= 1: off)
    consensus: int = 3  # other articles whose mutual best matches must agree on a left-alone paragraph's group (0: off)
    view_weights: tuple[float, ...] = (1.0, 2.0)  # per paragraph view (>= 0), when `align(weights=None)`
    # Link confidence = logistic((margin - conf_center) / conf_scale): the
    # fitted probability that a candidate link with this margin is correct.
    conf_center: float = -0.0221
    conf_scale: float = 0.0225  # > 0
    max_links_per_group: int = 64  # Group.links keeps the strongest (merge links always)
    # -- sentence links over the English sentences (`align(sentences=...)`)
    sent_k: int = 2  # neighbours in the other article for a sentence's margin (>= 1)
    sent_threshold: float = 0.1  # margin a mutual best sentence match needs
    sent_min_cos: float = 0.6  # ... and its least cosine (0-1)
    sent_gain: float = 1.0  # one-sided sentence match: coverage gain it needs (>= 1: off)
    sent_cover: float = 0.6  # least share of one paragraph's sentences the other must hold (0-1, 0: off; both views)
    sent_conf_center: float = 0.0042
    sent_conf_scale: float = 0.0268
    # -- sentence links over the original texts (`align(original_sentences=...)`), as sent_*
    orig_k: int = 4
    orig_threshold: float = 0.1
    orig_min_cos: float = 0.4
    orig_gain: float = 1.0
    orig_conf_center: float = 0.0901
    orig_conf_scale: float = 0.0239


# Fitted for the English view alone (plus sentence links over the English).
TRANSLATED_VIEW_ONLY = AlignParams(
    k=2, threshold=0.0, multi_threshold=0.2, multi_ratio=0.6, multi_gain=0.0, multi_floor=-0.1,
    guard=0.0, min_cos=0.5, attach=-0.02, view_weights=(1.0,), conf_center=-0.024, conf_scale=0.0345,
    sent_k=3, sent_threshold=0.05, sent_min_cos=0.3, sent_cover=0.6, sent_conf_center=0.0193, sent_conf_scale=0.0379,
)


def default_params(n_views: int) -> AlignParams:
    """The calibrated parameters for the pipeline's setting with this many paragraph views."""
    return AlignParams() if n_views > 1 else TRANSLATED_VIEW_ONLY


@dataclass(frozen=True)
class SentenceRule:
    """The thresholds of one sentence view."""

    kind: int
    k: int
    threshold: float
    min_cos: float
    gain: float
    cover: float

    @classmethod
    def of(cls, params: AlignParams, kind: int) -> SentenceRule:
        if kind == SENTENCE:
            return cls(kind, params.sent_k, params.sent_threshold, params.sent_min_cos, params.sent_gain,
                       params.sent_cover)
        return cls(kind, params.orig_k, params.orig_threshold, params.orig_min_cos, params.orig_gain,
                   params.sent_cover)


def confidence(margin: np.ndarray | float, params: AlignParams, *, kind: np.ndarray | int = PARAGRAPH) -> np.ndarray:
    """Calibrated confidence in [0, 1] of a link with this margin (of this kind of match)."""
    kind = np.asarray(kind)
    center = np.choose(kind, (params.conf_center, params.sent_conf_center, params.orig_conf_center))
    scale = np.choose(kind, (params.conf_scale, params.sent_conf_scale, params.orig_conf_scale))
    z = (np.asarray(margin, dtype=np.float64) - center) / scale
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))
