"""What the link confidences are fitted on: every candidate link of one kind, with its margin.

For the benchmark's calibration (`bench/align.py --calibrate`), which
labels each candidate against gold groups and fits
`AlignParams.conf_center`/`conf_scale` (or the sent_/orig_ pair) to them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence

import numpy as np

from compare.align.links import candidate_links, sentence_candidates
from compare.align.params import PARAGRAPH, AlignParams, SentenceRule
from compare.align.scoring import layout_of, neighbourhoods
from compare.types import ParagraphRef


def candidate_margins(
    views: Sequence[Mapping[str, np.ndarray]],
    params: AlignParams,
    *,
    kind: int = PARAGRAPH,
    sentences: Mapping[str, Sequence[np.ndarray]] | None = None,
) -> list[tuple[ParagraphRef, ParagraphRef, float]]:
    """The candidate links of one kind, strongest first, as (paragraph, paragraph, margin), whatever their margin.

    `kind` PARAGRAPH: the paragraph links with the margin thresholds off
    (`threshold`, `multi_threshold`, `multi_ratio`); the cosine floors stay.
    SENTENCE or ORIGINAL_SENTENCE: the links of that sentence view, from
    `sentences` (as `align` takes them), with its threshold and least cosine
    off. The views are weighted by `params.view_weights`.
    """
    layout = layout_of(views, params.view_weights)
    if kind == PARAGRAPH:
        loose = replace(params, threshold=-1.0, multi_threshold=-1.0, multi_ratio=0.0)
        cands, _ = candidate_links(layout, neighbourhoods(layout, params.k), loose)
    else:
        if sentences is None:
            raise ValueError("candidate_margins: a sentence kind needs `sentences`")
        rule = replace(SentenceRule.of(params, kind), threshold=-1.0, min_cos=-1.0)
        cands = sentence_candidates(layout, sentences, rule)
    ids, pad = layout.ids, layout.pad
    return [(ParagraphRef(ids[a // pad], a % pad), ParagraphRef(ids[b // pad], b % pad), m)
            for a, b, m in zip(cands.p.tolist(), cands.q.tolist(), cands.margin.tolist())]
