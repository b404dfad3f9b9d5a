"""Paragraphs translated in pieces, rejoined: very long ones, and a headline run into its text.

A 40,000-character paragraph would overflow the LLM's context window (and
make an argos batch huge). `SplittingTranslator` cuts such paragraphs at
sentence boundaries into pieces of at most `max_chars`, sends the pieces
through the wrapped translator like ordinary paragraphs (so each piece is
cached on its own) and joins the English pieces back into one paragraph.

It also cuts a paragraph where a headline or subhead runs into the text
without punctuation ("... в Палате представителей Сегодня в Палате ...", as
`compare.sentences` finds it): the small LLM, given both at once, tends to
fuse the headline into the first sentence ("... in the House of
Representatives today.") or drop it. The headline is translated on its own,
and its English ends with a full stop when rejoined, so the English, too,
reads as two sentences.
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


# A sentence that ends in one of these (before any closing quotes or brackets)
# was ended by punctuation, not cut as a run-in headline.
_SENTENCE_END = tuple(".!?…。！？:：;；")
_CLOSERS = "\"'»”’」』)）]"


def _punctuated(sentence: str) -> bool:
    return sentence.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_END)


def split_run_in(text: str) -> list[str]:
    """The paragraph cut after each headline run into the text (one piece when there is none)."""
    sentences = split_sentences(text)
    pieces: list[str] = []
    current: list[str] = []
    for k, sentence in enumerate(sentences):
        current.append(sentence)
        if k + 1 < len(sentences) and not _punctuated(sentence):
            pieces.append(_join_source(current))
            current = []
    if not pieces:
        return [text]
    pieces.append(_join_source(current))
    return pieces


def _join_source(sentences: list[str]) -> str:
    text = ""
    for sentence in sentences:
        text += ("" if not text or _cjk(text[-1]) else " ") + sentence
    return text


def _pieces(text: str, max_chars: int) -> list[tuple[str, bool]]:
    """(piece, whether it is a run-in headline) for one paragraph, in order."""
    out: list[tuple[str, bool]] = []
    parts = split_run_in(text)
    for k, part in enumerate(parts):
        long = split_long(part, max_chars)
        out += [(piece, False) for piece in long[:-1]] + [(long[-1], k + 1 < len(parts))]
    return out


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
        pieces = [_pieces(p, self.max_chars) for p in paragraphs]
        flat = [piece for parts in pieces for piece, _ in parts]
        found = lookup(flat, src)
        out, start = {}, 0
        for i, parts in enumerate(pieces):
            got = [found.get(start + k) for k in range(len(parts))]
            if all(t is not None for t in got):
                out[i] = self._join(got, [headline for _, headline in parts])
            start += len(parts)
        return out

    def translate(self, paragraphs: Sequence[str], src: str, *, context=None, on_step=None, cancel=None):
        pieces: list[str] = []
        owner: list[int] = []
        headline: list[bool] = []
        for i, paragraph in enumerate(paragraphs):
            for piece, is_headline in _pieces(paragraph, self.max_chars):
                pieces.append(piece)
                owner.append(i)
                headline.append(is_headline)
        if len(pieces) == len(paragraphs):
            return self.inner.translate(paragraphs, src, context=context, on_step=on_step, cancel=cancel)

        # Position of each paragraph's last piece: a paragraph is done once it is.
        last_piece = [max(j for j, o in enumerate(owner) if o == i) for i in range(len(paragraphs))]

        def step(done: int, _total: int) -> None:
            if on_step:
                on_step(bisect.bisect_left(last_piece, done), len(paragraphs))

        translated = self.inner.translate(pieces, src, context=context, on_step=step, cancel=cancel)
        return [self._join([t for t, o in zip(translated, owner) if o == i],
                           [h for h, o in zip(headline, owner) if o == i]) for i in range(len(paragraphs))]

    @staticmethod
    def _join(parts: list[Translation], headline: list[bool]) -> Translation:
        if len(parts) == 1:
            return parts[0]
        notes = [t.note for t in parts if t.note]
        if any(headline):
            notes.append("a headline run into the text was translated on its own")
        if len(parts) > sum(headline) + 1:
            notes.append(f"translated in {len(parts)} pieces")
        texts = [t.text.rstrip() + ("." if h and not _punctuated(t.text) else "")
                 for t, h in zip(parts, headline)]
        return replace(
            parts[0],
            text=" ".join(texts),
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
