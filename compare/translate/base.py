"""The translator interface every backend implements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from threading import Event
from typing import Callable, Mapping, Protocol, Sequence

from compare.text.scripts import CYRILLIC, HAN, HANGUL, KANA
from compare.types import Translation


@dataclass(frozen=True)
class TranslationContext:
    """What a backend may use beyond the paragraph itself (all optional)."""

    title: str = ""
    glossary: Mapping[str, str] = field(default_factory=dict)
    # The source paragraph just before the first one in this call ("" at the
    # start of an article); later paragraphs of the call follow each other.
    previous: str = ""


# Called after each paragraph: (paragraphs done, paragraphs total).
StepCallback = Callable[[int, int], None]


class Translator(Protocol):
    """Translates paragraphs of one source language into English.

    `model_id` names the model and its settings; the cache keys on it, so
    two translators that can give different output must have different ids.
    """

    model_id: str

    def supports(self, src: str) -> bool: ...

    def translate(
        self,
        paragraphs: Sequence[str],
        src: str,
        *,
        context: TranslationContext | None = None,
        on_step: StepCallback | None = None,
        cancel: Event | None = None,
    ) -> list[Translation]: ...


def prepare_backend(translator, src: str) -> None:
    """Get `translator` ready for `src` now (a model loaded, a prompt evaluated), when it has such a
    step (`LlmTranslator.prepare`); wrappers pass it on to the translator they wrap."""
    prepare = getattr(translator, "prepare", None)
    if prepare is not None:
        prepare(src)


class TranslatorUnavailable(RuntimeError):
    """The backend's model or library is not installed; the message says how."""


_FOREIGN_SCRIPT = re.compile(f"[{CYRILLIC}{HAN}{KANA}{HANGUL}]")


def foreign_script_share(text: str) -> float:
    """Share of letters in Cyrillic, Han, kana or Hangul: untranslated leftovers."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _FOREIGN_SCRIPT.match(c)) / len(letters)


class IdentityTranslator:
    """English needs no translation; the text is its own translation."""

    model_id = "identity"

    def supports(self, src: str) -> bool:
        return src == "en"

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        out = [Translation(text=p, model=self.model_id) for p in paragraphs]
        if on_step:
            on_step(len(out), len(out))
        return out
