"""Passages out of unbroken text: where an article gives no paragraph breaks.

Scraped or pasted articles often arrive as one block, and broadcast
transcripts run several paragraphs' worth of speech together. Such a block
is cut into passages of one to a few sentences, the size of a news
paragraph, at the places where the text changes subject.

Where the subject changes is read from lexical cohesion (as TextTiling
does): the words two neighbouring stretches of text share. Cuts go where
little is shared; each passage should come near a news paragraph's length.
Both wishes are weighed together by dynamic programming over the sentence
boundaries, so a passage is never a fixed number of sentences.

Pure text: no model, no language detection (Han text is weighed by its
characters, which each carry about as much as three Latin letters).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Sequence

from compare.text.scripts import HAN, LazyPattern
from compare.text.sentences import split_sentences

# A block this long (in Latin-letter equivalents) is not a news paragraph:
# as an article's only paragraph it is cut, and among others when it is
# longer than LONG_AMONG_OTHERS.
LONG_ALONE = 600
LONG_AMONG_OTHERS = 1200
# What a passage should come near, and what it may not pass (a single
# sentence longer than that stays whole).
TARGET = 320
MOST = 700
MOST_SENTENCES = 4
# Weight of a cut's cohesion against the length cost of the passages.
COHESION_WEIGHT = 1.0
# Sentences on each side of a boundary whose words are compared.
WINDOW = 2

_HAN = LazyPattern(f"[{HAN}]")
_WORD = re.compile(r"[^\W\d_]{3,}")
HAN_WEIGHT = 3


def weighted_length(text: str) -> int:
    """Length in Latin-letter equivalents: a Han character counts three."""
    han = len(_HAN.findall(text))
    return len(text) - han + HAN_WEIGHT * han


def is_long(text: str, *, alone: bool) -> bool:
    """True when a block is too long for one news paragraph."""
    return weighted_length(text) > (LONG_ALONE if alone else LONG_AMONG_OTHERS)


def _terms(sentence: str) -> Counter:
    """Content terms: word stems (first five letters) of 3+ letter words, Han character pairs."""
    terms: Counter = Counter()
    for word in _WORD.findall(sentence):
        if _HAN.search(word):
            continue
        terms[word.lower()[:5]] += 1
    han = "".join(ch if _HAN.match(ch) else " " for ch in sentence)
    for run in han.split():
        terms.update(run[i:i + 2] for i in range(len(run) - 1))
    return terms


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


def cohesion(sentences: Sequence[str], window: int = WINDOW) -> list[float]:
    """For each boundary k (between sentence k-1 and k, k = 1..n-1): the term cosine of the windows around it.

    Terms that occur in every sentence (the story's subject) are left out:
    they say nothing about where the text turns.
    """
    terms = [_terms(s) for s in sentences]
    everywhere = set.intersection(*(set(t) for t in terms)) if len(terms) > 2 else set()
    if everywhere:
        terms = [Counter({k: v for k, v in t.items() if k not in everywhere}) for t in terms]
    out = []
    for k in range(1, len(sentences)):
        before = sum(terms[max(0, k - window):k], Counter())
        after = sum(terms[k:k + window], Counter())
        out.append(_cosine(before, after))
    return out


def _length_cost(length: int) -> float:
    return ((length - TARGET) / TARGET) ** 2


def cut_points(sentences: Sequence[str]) -> list[int]:
    """Indices of the sentences that open a passage (always 0), chosen by dynamic programming."""
    n = len(sentences)
    if n <= 1:
        return [0]
    lengths = [weighted_length(s) for s in sentences]
    glue = cohesion(sentences)
    best = [0.0] + [math.inf] * n  # best[j]: cost of cutting sentences[:j] into passages
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        length = 0
        for i in range(j - 1, max(-1, j - 1 - MOST_SENTENCES), -1):
            length += lengths[i]
            if i < j - 1 and length > MOST:
                break
            cost = best[i] + _length_cost(length)
            if i > 0:
                cost += COHESION_WEIGHT * glue[i - 1]
            if cost < best[j]:
                best[j], back[j] = cost, i
    starts, j = [], n
    while j > 0:
        starts.append(back[j])
        j = back[j]
    return sorted(starts)


def passages(block: str) -> list[str]:
    """`block` cut into passages at content boundaries; the text itself is unchanged.

    Each passage is the original text from its first sentence to its last
    (spaces between sentences kept as written).
    """
    sentences = split_sentences(block)
    if len(sentences) <= 1:
        return [block.strip()] if block.strip() else []
    spans, position = [], 0
    for sentence in sentences:
        start = block.index(sentence, position)
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    starts = cut_points(sentences)
    ends = starts[1:] + [len(sentences)]
    return [block[spans[a][0]:spans[b - 1][1]] for a, b in zip(starts, ends)]
