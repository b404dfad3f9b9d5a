"""Emphasis: the share of an article's words, its position and repetition, compared across outlets."""

from __future__ import annotations

import math
import re
from typing import Mapping, Sequence

from compare.diverge.sides import DivergeParams, Side, snippet
from compare.text.scripts import word_count
from compare.text.words import STOPWORDS
from compare.types import Divergence, Evidence


def emphasis_score(side: Side, article_words: int) -> tuple[float, list[str]]:
    """How much an article stresses this content, in [0, 1], with the reasons."""
    share = sum(word_count(t) for t in side.english) / max(1, article_words)
    notes = [f"{share:.0%} of its words"]
    score = min(1.0, share * 2.0)  # half the article = maximal
    first = min(side.indices) if side.indices else 0
    if side.title and _mentions(side.title, side.text):
        score += 0.2
        notes.append("in the headline")
    if first == 0:
        score += 0.25
        notes.append("leads with it")
    elif first <= 1:
        score += 0.15
        notes.append("in its second paragraph")
    elif side.n_paragraphs >= 3 and first >= math.ceil(side.n_paragraphs * 2 / 3):
        score -= 0.15
        notes.append("buried in the last third")
    if len(side.indices) >= 2:
        score += 0.1 * min(3, len(side.indices) - 1)
        notes.append(f"over {len(side.indices)} paragraphs")
    return max(0.0, min(1.0, score)), notes


def _mentions(title: str, text: str) -> bool:
    """The headline shares at least two content words (or half of them) with the text."""
    head = _content_words(title)
    body = _content_words(text)
    shared = head & body
    return bool(head) and (len(shared) >= 2 or len(shared) >= max(1, len(head) // 2))


def _content_words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in STOPWORDS}


def emphasis_items(sides: Sequence[Side], words: Mapping[str, int], params: DivergeParams) -> list[Divergence]:
    if len(sides) < 2:
        return []
    scored = [(emphasis_score(s, words[s.article]), s) for s in sides]
    (hi_score, hi_notes), hi = max(scored, key=lambda x: (x[0][0], x[1].article))
    (lo_score, lo_notes), lo = min(scored, key=lambda x: (x[0][0], x[1].article))
    gap = hi_score - lo_score
    if gap < params.emphasis_gap:
        return []
    reason = f"{hi.article} stresses this ({', '.join(hi_notes)}); {lo.article} less ({', '.join(lo_notes)})."
    evidence = (
        Evidence(hi.article, hi.indices[0], snippet(hi.english[0], 8)),
        Evidence(lo.article, lo.indices[0], snippet(lo.english[0], 8)),
    )
    return [Divergence("emphasis", round(min(1.0, gap), 3), reason, evidence, (hi.article, lo.article))]
