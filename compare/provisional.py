"""A comparison from the original texts, before every paragraph has its English.

Groups come from multilingual USE over the originals alone (paragraph
vectors and the sentences of the originals), which needs no translation.
Each paragraph shows its English once it has one and its original text
until then. Omission, emphasis and position are scored at once; framing,
facts and tone read English, so a group gets them once all its paragraphs
have English. A group still waiting is `provisional`, and so is the whole
comparison until the last paragraph lands and the pipeline's own stages
(`compare.pipeline.compare_translated`) replace it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np

from compare.align import AlignParams
from compare.types import (
    ArticleSet, Comparison, Group, GroupDivergence, LanguageGuess, ParagraphRef, ProcessedArticle, Translation,
)

log = logging.getLogger(__name__)

# The aligner's parameters for the one view over the originals, fitted on the WMT24 dev documents
# (`bench/align.py --calibrate --translations none`, key "use"; docs/calibration.md); the thresholds of
# the sentence view over the originals are the pipeline's (`AlignParams` defaults).
USE_ONLY = AlignParams(k=4, threshold=0.0, multi_threshold=0.04, multi_ratio=0.8, multi_gain=0.06,
                       multi_floor=0.02, guard=-1.0, min_cos=0.5, attach=0.02, view_weights=(1.0,),
                       conf_center=0.0212, conf_scale=0.035)

# What a divergence detector reads: these three compare the English of two sides.
NEEDS_ENGLISH = frozenset({"framing", "facts", "tone"})
PENDING_MODEL = "pending"


def pending(text: str) -> Translation:
    """The stand-in for a paragraph's English while it is being translated: its own text, marked."""
    return Translation(text=text, model=PENDING_MODEL, pending=True)


@dataclass(frozen=True)
class OriginalViews:
    """USE over the original texts: one paragraph view and, when the set is small enough, its sentences."""

    paragraphs: Mapping[str, np.ndarray]
    sentences: Mapping[str, Sequence[np.ndarray]] | None = None


def original_views(article_set: ArticleSet, embedder, *, sentences: bool = True) -> OriginalViews:
    """Embed the originals with `embedder` (multilingual USE, behind the cache in a run)."""
    from compare.align import sentence_views_within_budget
    from compare.embed import paragraph_sentences, sentence_vectors, view

    originals = {a.id: [p.text for p in a.paragraphs] for a in article_set.articles}
    paragraphs = view(originals, embedder)
    if not sentences:
        return OriginalViews(paragraphs)
    split = paragraph_sentences(originals)
    if sentence_views_within_budget({a: sum(map(len, ps)) for a, ps in split.items()}) < 1:
        return OriginalViews(paragraphs)
    return OriginalViews(paragraphs, sentence_vectors(originals, embedder, split=split))


def provisional_groups(views: OriginalViews) -> tuple[Group, ...]:
    """Groups from the originals alone, every paragraph in exactly one."""
    from compare.align import align, closest_outside

    groups = align([views.paragraphs], params=USE_ONLY, original_sentences=views.sentences)
    return closest_outside(groups, [views.paragraphs], params=USE_ONLY)


def articles_so_far(article_set: ArticleSet, guesses: Sequence[tuple[LanguageGuess, Sequence[LanguageGuess]]],
                    english: Mapping[ParagraphRef, Translation]) -> list[ProcessedArticle]:
    """The set's articles with the English there is; a paragraph without any carries `pending`."""
    from compare.pipeline import processed_article

    out = []
    for article, (guess, paragraph_guesses) in zip(article_set.articles, guesses):
        translations = [english.get(ParagraphRef(article.id, p.index)) or pending(p.text)
                        for p in article.paragraphs]
        out.append(processed_article(article, guess, paragraph_guesses, translations))
    return out


def provisional_comparison(article_set: ArticleSet, articles: Sequence[ProcessedArticle], groups: Sequence[Group],
                           models: Mapping[str, str], timings: Mapping[str, float]) -> Comparison:
    """The comparison to show now: `groups` diverged over what has English, waiting groups marked."""
    from compare.diverge import diverge

    waiting = {ParagraphRef(a.id, p.index) for a in articles for p in a.paragraphs if p.translation.pending}
    diverged, per_article = diverge(groups, articles)
    shown = tuple(_marked(group, waiting) for group in diverged)
    return Comparison(set=article_set, articles=tuple(articles), groups=shown, models=dict(models),
                      timings=dict(timings), article_divergences=per_article, provisional=True)


def _marked(group: Group, waiting: set[ParagraphRef]) -> Group:
    """The group, marked provisional and without what needs English while a paragraph of it waits."""
    if not any(ParagraphRef(article, i) in waiting for article, indices in group.members for i in indices):
        return group
    items = tuple(d for d in group.divergence.items if d.kind not in NEEDS_ENGLISH)
    score = round(max((d.strength for d in items), default=0.0), 3)
    return replace(group, divergence=GroupDivergence(score, items), provisional=True)


def waiting_groups(comparison: Comparison) -> list[int]:
    """The ids of the groups still waiting for English."""
    return [g.id for g in comparison.groups if g.provisional]
