"""Paragraphs longer than a model's context: translated in pieces, rejoined.

A 40,000-character paragraph would overflow the LLM's context window (and
make an argos batch huge). `SplittingTranslator` cuts such paragraphs at
sentence boundaries into pieces of at most `max_chars`, sends the pieces
through the wrapped translator like ordinary paragraphs (so each piece is
cached on its own) and joins the English pieces back into one paragraph.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Sequence

from compare.sentences import split_sentences
from compare.translate.base import Translator, prepare_backend
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
        joiner = "" if not current or _cjk(current[-1]) else " "
        if current and len(current) + len(joiner) + len(sentence) > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current}{joiner}{sentence}" if current else sentence
    if current:
        pieces.append(current)
    return pieces


def _cjk(char: str) -> bool:
    return "\u3000" <= char <= "\u9fff"


class SplittingTranslator:
    def __init__(self, inner: Translator, max_chars: int | None = None):
        self.inner = inner
        self.max_chars = max_chars or getattr(inner, "max_chars", None) or DEFAULT_MAX_CHARS
        self.model_id = inner.model_id

    def supports(self, src: str) -> bool:
        return self.inner.supports(src)

    def prepare(self, src: str) -> None:
        prepare_backend(self.inner, src)

    def cached(self, paragraphs: Sequence[str], src: str) -> dict:
        """The paragraphs the cache behind this holds (a split paragraph counts once all its pieces are)."""
        lookup = getattr(self.inner, "cached", None)
        if lookup is None:
            return {}
        pieces = [split_long(p, self.max_chars) for p in paragraphs]
        flat = [piece for parts in pieces for piece in parts]
        found = lookup(flat, src)
        out, start = {}, 0
        for i, parts in enumerate(pieces):
            got = [found.get(start + k) for k in range(len(parts))]
            if all(t is not None for t in got):
                out[i] = self._join(got)
            start += len(parts)
        return out

    def translate(self, paragraphs: Sequence[str], src: str, *, context=None, on_step=None, cancel=None):
        pieces: list[str] = []
        owner: list[int] = []
        for i, paragraph in enumerate(paragraphs):
            for piece in split_long(paragraph, self.max_chars):
                pieces.append(piece)
                owner.append(i)
        if len(pieces) == len(paragraphs):
            return self.inner.translate(paragraphs, src, context=context, on_step=on_step, cancel=cancel)

        # Position of each paragraph's last piece: a paragraph is done once it is.
        last_piece = [max(j for j, o in enumerate(owner) if o == i) for i in range(len(paragraphs))]

        def step(done: int, _total: int) -> None:
            if on_step:
                on_step(bisect.bisect_left(last_piece, done), len(paragraphs))

        translated = self.inner.translate(pieces, src, context=context, on_step=step, cancel=cancel)
        return [self._join([t for t, o in zip(translated, owner) if o == i]) for i in range(len(paragraphs))]

    @staticmethod
    def _join(parts: list[Translation]) -> Translation:
        if len(parts) == 1:
            return parts[0]
        notes = [t.note for t in parts if t.note] + [f"translated in {len(parts)} pieces"]
        return replace(
            parts[0],
            text=" ".join(t.text for t in parts),
            flagged=any(t.flagged for t in parts),
            note="; ".join(notes),
            sentences=tuple(s for t in parts for s in t.sentences),
        )


def for_documents(translator: Translator, cache=None) -> "SplittingTranslator":
    """The translator as runs use it: behind the cache, with long paragraphs split.

    Splitting sits outside the cache so the pieces of a very long paragraph
    are cached one by one.
    """
    if cache is not None:
        from compare.translate.cached import CachedTranslator

        translator = CachedTranslator(translator, cache)
    return SplittingTranslator(translator)
