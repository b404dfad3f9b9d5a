"""A comparison from the original texts, before every paragraph has its English.

Groups come from multilingual USE over the originals alone (paragraph
vectors), which needs no translation.
Each paragraph shows its English once it has one and its original text
until then. Omission, emphasis and position are scored at once; framing,
facts and tone read English, so a group gets them once all its paragraphs
have English. A group still waiting is `provisional`, and so is the whole
comparison until the last paragraph lands and the pipeline's own stages
(`compare.pipeline.compare_translated`) replace it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Sequence

import numpy as np

from compare.align import AlignParams
from compare.types import (
    ArticleSet, Comparison, Group, GroupDivergence, LanguageGuess, ParagraphRef, ProcessedArticle, Translation,
)


# The aligner's parameters for the one view over the originals: the pipeline's, with that view alone
# and no sentence links. On the sample set's gold, links P 0.98 R 0.65 (F1 0.78; the pipeline's final
# groups 0.92); the parameters fitted for USE alone on WMT24 (bench/_calibrate.py, "use") and sentence
# links over the originals both scored lower there (docs/provisional.md).
USE_ONLY = AlignParams(view_weights=(1.0,))

# What a divergence detector reads: these three compare the English of two sides.
NEEDS_ENGLISH = frozenset({"framing", "facts", "tone"})
PENDING_MODEL = "pending"


def pending(text: str) -> Translation:
    """The stand-in for a paragraph's English while it is being translated: its own text, marked."""
    return Translation(text=text, model=PENDING_MODEL, pending=True)


def original_view(article_set: ArticleSet, embedder) -> dict[str, np.ndarray]:
    """Paragraph vectors of the original texts by `embedder` (multilingual USE, behind the cache in a run)."""
    from compare.embed import view

    return view({a.id: [p.text for p in a.paragraphs] for a in article_set.articles}, embedder)


def provisional_groups(view: Mapping[str, np.ndarray]) -> tuple[Group, ...]:
    """Groups from the originals alone, every paragraph in exactly one."""
    from compare.align import align, closest_outside

    groups = align([view], params=USE_ONLY)
    return closest_outside(groups, [view], params=USE_ONLY)


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
