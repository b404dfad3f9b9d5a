"""The specific terms of an English text, as vectors: evidence that does not depend on paraphrase.

Two outlets that report the same fact in their own words still share its
specifics: a figure, a date, a name, an uncommon word. Each paragraph
becomes a bag of such terms (numbers, and stems of words that are not
function words), weighted by how rare the term is among the paragraphs of
the set (tf-idf), hashed into a fixed number of dimensions and scaled to
unit length, so that two paragraphs' dot product is their term cosine and
the aligner can treat the result as one more view.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Mapping, Sequence

import numpy as np

DIMENSIONS = 1 << 13
# A figure is rarer evidence than a word: a shared number weighs this much more.
NUMBER_WEIGHT = 1.5

_NUMBER = re.compile(r"\d[\d,.]*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
_FUNCTION_WORDS = frozenset("""
a an the and or but of to in on at by for from with as is are was were be been being this that these those
it its he she they we you his her their our your i me him them us not no nor so than then there here what which
who whom whose when where why how all any both each few more most other some such only own same too very can
will just should now said says say also after before over under about into through during between against again
further once up down out off has have had having do does did doing would could may might must shall one two three
new first last year years mr mrs ms told according while since until because if however still yet
""".split())
_SUFFIXES = ("ing", "ed", "es", "s")


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def specific_terms(text: str) -> Counter:
    """Numbers (as '#1200') and content-word stems of an English text, with their counts."""
    terms: Counter = Counter()
    for match in _NUMBER.finditer(text):
        number = match.group().rstrip(".,").replace(",", "")
        if number:
            terms["#" + number] += 1
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) >= 3 and word.lower() not in _FUNCTION_WORDS:
            terms[_stem(word)] += 1
    return terms


def _bucket(term: str) -> int:
    """A stable hash (FNV-1a) of the term into DIMENSIONS: the same on every run and machine."""
    h = 2166136261
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h % DIMENSIONS


def term_vectors(texts_by_article: Mapping[str, Sequence[str]]) -> dict[str, np.ndarray]:
    """Article id -> (n_paragraphs, DIMENSIONS) unit tf-idf vectors of specific terms (zero for none).

    Rarity is counted over all paragraphs of the set, so what every outlet
    repeats (the summit, the president) weighs little and the one shared
    figure weighs much.
    """
    bags = {article: [specific_terms(t) for t in texts] for article, texts in texts_by_article.items()}
    seen_in: Counter = Counter()
    n = 0
    for article_bags in bags.values():
        for bag in article_bags:
            seen_in.update(bag.keys())
            n += 1
    out = {}
    for article, article_bags in bags.items():
        matrix = np.zeros((len(article_bags), DIMENSIONS), np.float32)
        for i, bag in enumerate(article_bags):
            for term, count in bag.items():
                weight = (1 + math.log(count)) * math.log((n + 1) / (seen_in[term] + 0.5))
                matrix[i, _bucket(term)] += weight * (NUMBER_WEIGHT if term.startswith("#") else 1.0)
            norm = float(np.linalg.norm(matrix[i]))
            if norm:
                matrix[i] /= norm
        out[article] = matrix
    return out
