"""How many sentences the sentence views may cost before `align` leaves them out.

Module settings: a caller (a test, the scale benchmark) may change them.
"""

from __future__ import annotations

from typing import Mapping

# The sentence pass pads every article to the longest one's sentences: an
# article longer than this (about 300 paragraphs, a 200 KB text) would make it
# cost minutes and gigabytes, so such sets are aligned on paragraphs alone.
MAX_SENTENCES_PER_ARTICLE = 2000
# Every sentence is compared with every other: the sentence views together
# may cost this many pairs (one view of 10,000 sentences, or two of 7,000).
# Past it, the view over the originals is left out (100 articles x 30
# paragraphs x 3 sentences: 3.5 s with both views, 1.9 s with one).
MAX_SENTENCE_PAIRS = 100_000_000


def sentence_views_within_budget(sentences_per_article: Mapping[str, int]) -> int:
    """How many sentence views (0, 1 or 2) `align` will use for a set with these sentence counts:
    a caller need not embed sentences that will not be used."""
    total = sum(sentences_per_article.values())
    return sum(over_budget(sentences_per_article, views * total**2) is None for views in (1, 2))


def over_budget(sentences_per_article: Mapping[str, int], work: int) -> str | None:
    """Why a sentence view costing `work` pairs (with those before it) is left out; None if it is not."""
    longest = max(sentences_per_article.values(), default=0)
    if longest > MAX_SENTENCES_PER_ARTICLE:
        return f"an article has {longest} sentences (more than {MAX_SENTENCES_PER_ARTICLE})"
    if work > MAX_SENTENCE_PAIRS:
        return f"{sum(sentences_per_article.values())} sentences in the set, too many to keep alignment fast"
    return None
