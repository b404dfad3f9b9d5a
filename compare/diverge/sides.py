"""What the detectors compare: an article's paragraphs in one group (`Side`), in its whole article (`Whole`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from compare.overview import NEAR_OMISSION
from compare.text import cedict
from compare.text.names import recurring_words, same_name, transliteration_of
from compare.text.numbers import NUMBER_TOLERANCE, Number, numbers
from compare.text.scripts import RUSSIAN_LOWER, RUSSIAN_UPPER
from compare.text.translit import transliterate
from compare.text.words import TITLES
from compare.types import Evidence, ProcessedArticle


@dataclass(frozen=True)
class DivergeParams:
    """Thresholds of the detectors (chosen on crafted examples, see tests)."""

    emphasis_gap: float = 0.25  # emphasis score difference worth reporting
    tone_gap: float = 0.35  # tone difference worth reporting (tone in [-1, 1])
    number_tolerance: float = NUMBER_TOLERANCE  # relative difference under which two numbers agree
    max_items_per_kind: int = 4  # per group, strongest first
    near_omission: float = NEAR_OMISSION  # see `compare.overview.NEAR_OMISSION`


@dataclass(frozen=True)
class Whole:
    """A whole article, English and original, title included, and the figures in it."""

    text: str
    numbers: tuple[Number, ...]
    recurring: frozenset[str]  # capitalised in mid-sentence somewhere in the paragraphs (see `names`)
    original: str = ""  # the original texts alone, title included

    @classmethod
    def of(cls, article: ProcessedArticle) -> "Whole":
        originals = [p.text for p in article.paragraphs]
        body = "\n".join([p.translation.text for p in article.paragraphs] + originals)
        text = (article.article.title or "") + "\n" + body
        original = "\n".join([article.article.title or "", *originals])
        return cls(text, tuple(numbers(text)), recurring_words(body), original)

    @cached_property
    def _russian_words(self) -> frozenset[str]:
        """The capitalised Russian words of the original, in Latin letters ("Ливерпуле" -> "liverpule")."""
        return frozenset(transliterate(w) for w in re.findall(rf"(?<![\w-])[{RUSSIAN_UPPER}][{RUSSIAN_LOWER}]+", self.original))

    @cached_property
    def _chinese_names(self) -> tuple[str, ...]:
        """What CC-CEDICT gives in English for the proper nouns of the original ("天安门广场" -> "Tiananmen Square")."""
        runs = cedict.HAN_RUN.findall(self.original)
        if not runs:
            return ()
        if cedict.looks_traditional(self.original):
            runs = cedict.HAN_RUN.findall(cedict.simplified(self.original))
        table = cedict.entries()
        words = dict.fromkeys(word for run in runs for word in cedict.words_in(run, table))
        found: dict[str, None] = {}
        for word in words:
            for choice in (cedict.rendering(word, table, names_only=True) or "").split(" / "):
                if choice:
                    found[choice] = None
        return tuple(found)

    def names_in_original(self, name: str) -> bool:
        """Whether the original names `name` where its English does not: the translation left it
        out or garbled it. A Russian word counts when its transliteration is the name's word with
        an ending ("Ливерпуле" for "Liverpool", "Путина" for "Putin"); a Chinese word when
        CC-CEDICT gives it as the name ("普京" for "Vladimir Putin" or "Putin")."""
        words = [w for w in re.split(r"[- ]", name) if w[:1].isupper() and w.lower() not in TITLES]
        if any(transliteration_of(latin, w.lower()) for w in words if len(w) >= 4 for latin in self._russian_words):
            return True
        return any(same_name(name, choice) for choice in self._chinese_names)


@dataclass(frozen=True)
class Side:
    article: str
    indices: tuple[int, ...]
    english: tuple[str, ...]  # per paragraph
    original: tuple[str, ...]
    n_paragraphs: int
    title: str
    whole: Whole  # the article the paragraphs come from
    outlet: str

    @classmethod
    def of(cls, article_id: str, indices: Sequence[int], article: ProcessedArticle, whole: Whole) -> "Side":
        paragraphs = [article.paragraphs[i] for i in indices if i < len(article.paragraphs)]
        return cls(
            article=article_id,
            indices=tuple(p.index for p in paragraphs),
            english=tuple(p.translation.text for p in paragraphs),
            original=tuple(p.text for p in paragraphs),
            n_paragraphs=len(article.paragraphs),
            title=article.article.title,
            whole=whole,
            outlet=article.article.outlet,
        )

    @property
    def text(self) -> str:
        return "\n".join(self.english)

    def paragraph_with(self, span: str) -> int:
        """The index of the paragraph whose English (or original) contains span."""
        low = span.lower()
        for index, english, original in zip(self.indices, self.english, self.original):
            if low in english.lower() or low in original.lower():
                return index
        return self.indices[0] if self.indices else 0

    def evidence(self, span: str) -> Evidence:
        return Evidence(self.article, self.paragraph_with(span), span)


def snippet(text: str, words: int = 12) -> str:
    tokens = text.split()
    return " ".join(tokens[:words]) + (" ..." if len(tokens) > words else "")


def listing(ids: Sequence[str]) -> str:
    ids = list(ids)
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]
