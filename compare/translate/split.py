"""Paragraphs translated in pieces, rejoined: very long ones, and a headline run into its text.

A 40,000-character paragraph would overflow the LLM's context window (and
make an argos batch huge). `SplittingTranslator` cuts such paragraphs at
sentence boundaries into pieces of at most `max_chars`, sends the pieces
through the wrapped translator like ordinary paragraphs (so each piece is
cached on its own) and joins the English pieces back into one paragraph.

It also cuts a paragraph where a headline or subhead runs into the text
without punctuation ("... в Палате представителей Сегодня в Палате ...", as
`compare.text.sentences` finds it): the small LLM, given both at once, tends to
fuse the headline into the first sentence ("... in the House of
Representatives today.") or drop it. The headline is translated on its own,
and its English ends with a full stop when rejoined, so the English, too,
reads as two sentences.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import replace
from typing import Callable, Sequence

from compare.text.scripts import is_unspaced
from compare.text.sentences import is_punctuated, split_sentences
from compare.translate.base import Translator, Wrapper
from compare.types import Translation

DEFAULT_MAX_CHARS = 1500


def split_long(text: str, max_chars: int) -> list[str]:
    """Pieces of at most `max_chars` (a single longer sentence is cut hard)."""
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in split_sentences(text):
        while len(sentence) > max_chars:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if current and len(_append(current, sentence)) > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current = _append(current, sentence)
    if current:
        pieces.append(current)
    return pieces


def split_run_in(text: str) -> list[str]:
    """The paragraph cut after each headline run into the text (one piece when there is none)."""
    sentences = split_sentences(text)
    pieces: list[str] = []
    current = ""
    for k, sentence in enumerate(sentences):
        current = _append(current, sentence)
        if k + 1 < len(sentences) and not is_punctuated(sentence):
            pieces.append(current)
            current = ""
    if not pieces:
        return [text]
    return pieces + [current]


def _append(text: str, sentence: str) -> str:
    """`text` and the next sentence, a space between them unless `text` ends in CJK."""
    if not text:
        return sentence
    return f"{text}{'' if is_unspaced(text[-1]) else ' '}{sentence}"


def _pieces(text: str, max_chars: int) -> list[tuple[str, bool]]:
    """(piece, whether it is a run-in headline) for one paragraph, in order."""
    out: list[tuple[str, bool]] = []
    parts = split_run_in(text)
    for k, part in enumerate(parts):
        long = split_long(part, max_chars)
        out += [(piece, False) for piece in long[:-1]] + [(long[-1], k + 1 < len(parts))]
    return out


class SplittingTranslator(Wrapper):
    def __init__(self, inner: Translator, max_chars: int | None = None):
        super().__init__(inner)
        self.max_chars = max_chars or inner.max_chars or DEFAULT_MAX_CHARS

    def cached(self, paragraphs: Sequence[str], src: str) -> dict:
        """The paragraphs the cache behind this holds (a split paragraph counts once all its pieces are)."""
        parts = [_pieces(p, self.max_chars) for p in paragraphs]
        found = self.inner.cached([piece for pieces in parts for piece, _ in pieces], src)
        return _rejoin(parts, found.get)

    def translate(self, paragraphs: Sequence[str], src: str, *, context=None, on_step=None, cancel=None):
        parts = [_pieces(p, self.max_chars) for p in paragraphs]
        if all(len(pieces) == 1 for pieces in parts):
            return self.inner.translate(paragraphs, src, context=context, on_step=on_step, cancel=cancel)

        # Pieces done once each paragraph is: a paragraph is done once its last piece is.
        ends = list(itertools.accumulate(len(pieces) for pieces in parts))

        def step(done: int, _total: int) -> None:
            if on_step:
                on_step(bisect.bisect_right(ends, done), len(paragraphs))

        flat = [piece for pieces in parts for piece, _ in pieces]
        translated = self.inner.translate(flat, src, context=context, on_step=step, cancel=cancel)
        joined = _rejoin(parts, translated.__getitem__)
        return [joined[i] for i in range(len(paragraphs))]

    # The backend's state is built piece by piece, as it translates them.

    def _flat(self, paragraphs: Sequence[str]) -> tuple[list[list[tuple[str, bool]]], list[str]]:
        parts = [_pieces(p, self.max_chars) for p in paragraphs]
        return parts, [piece for pieces in parts for piece, _ in pieces]

    def depends_on(self, paragraph: str, earlier: str, src: str) -> bool:
        return any(self.inner.depends_on(piece, before, src) for piece, _ in _pieces(paragraph, self.max_chars)
                   for before, _ in _pieces(earlier, self.max_chars))

    def recall(self, paragraphs, src, translations=None) -> None:
        """(`translations` of whole paragraphs cannot be cut into the pieces': the layer below gives them.)"""
        self.inner.recall(self._flat(paragraphs)[1], src)

    def forget(self, paragraphs, src) -> None:
        self.inner.forget(self._flat(paragraphs)[1], src)

    def settle(self, paragraphs, src, contexts, cancel=None, only=None) -> dict[int, Translation]:
        parts, flat = self._flat(paragraphs)
        owner = [i for i, pieces in enumerate(parts) for _ in pieces]
        pieces = None if only is None else [k for k, i in enumerate(owner) if i in set(only)]
        again = self.inner.settle(flat, src, [contexts[i] for i in owner], cancel, pieces)
        if not again:
            return {}
        joined = _rejoin(parts, {**self.inner.cached(flat, src), **again}.get)
        return {i: joined[i] for i in sorted({owner[k] for k in again}) if i in joined}


def _rejoin(parts: list[list[tuple[str, bool]]],
            english: Callable[[int], Translation | None]) -> dict[int, Translation]:
    """Each paragraph's translation from its pieces' (`english(k)` of the k-th piece of all), where all are there."""
    out, start = {}, 0
    for i, pieces in enumerate(parts):
        got = [english(start + k) for k in range(len(pieces))]
        if all(t is not None for t in got):
            out[i] = _join(got, [headline for _, headline in pieces])
        start += len(pieces)
    return out


def _join(parts: list[Translation], headline: list[bool]) -> Translation:
    """One paragraph's translation from its pieces; a run-in headline's English ends a sentence."""
    if len(parts) == 1:
        return parts[0]
    notes = [t.note for t in parts if t.note]
    if any(headline):
        notes.append("a headline run into the text was translated on its own")
    if len(parts) > sum(headline) + 1:
        notes.append(f"translated in {len(parts)} pieces")
    texts = [t.text.rstrip() + ("." if h and not is_punctuated(t.text) else "") for t, h in zip(parts, headline)]
    return replace(
        parts[0],
        text=" ".join(texts),
        flagged=any(t.flagged for t in parts),
        note="; ".join(notes),
        sentences=tuple(s for t in parts for s in t.sentences),
    )
