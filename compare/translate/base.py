"""The translator interface every backend and wrapper implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from threading import Event
from typing import Callable, Collection, Mapping, Sequence

from compare.text.scripts import CYRILLIC, HAN, HANGUL, KANA, LazyPattern
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


class Translator:
    """Translates paragraphs of one source language into English.

    A backend implements `supports` and `translate` and sets `model_id`; the
    other members have defaults that do nothing, for a backend or wrapper to
    override when it has such a step.
    """

    # The model and its settings; the cache keys on it, so two translators
    # that can give different output must have different ids.
    model_id: str = ""
    # Paragraphs worth sending in one call (the cache translates in chunks of this many).
    batch_size: int = 1
    # The longest paragraph to send whole; None: the splitter's default.
    max_chars: int | None = None
    # True: its output goes through `compare.translate.guards` after it, which flags
    # what fails a check. False for a backend that checks its own output (the LLM).
    guard_output: bool = False

    def supports(self, src: str) -> bool:
        raise NotImplementedError

    def translate(
        self,
        paragraphs: Sequence[str],
        src: str,
        *,
        context: TranslationContext | None = None,
        on_step: StepCallback | None = None,
        cancel: Event | None = None,
    ) -> list[Translation]:
        raise NotImplementedError

    def prepare(self, src: str) -> None:
        """Get ready for `src` now (load a model, evaluate a prompt), so the first paragraph does not wait."""

    def recheck(self, src: str, source: str, translation: Translation) -> list[str]:
        """What is wrong with a stored translation of `source`; non-empty: translate it again."""
        return []

    def cached(self, paragraphs: Sequence[str], src: str) -> dict[int, Translation]:
        """The translations of `paragraphs` a cache behind this already holds, by position."""
        return {}

    # A translator whose output depends on what it translated before in the run (the LLM learns names
    # from earlier paragraphs) answers these, so a run that translates in another order than
    # `pipeline.run` can still end with the pipeline's translations (`compare.stream`). One without
    # such state keeps the defaults.

    def depends_on(self, paragraph: str, earlier: str, src: str) -> bool:
        """Whether translating `earlier` first may change how `paragraph` is translated."""
        return False

    def recall(self, paragraphs: Sequence[str], src: str,
               translations: Mapping[int, Translation] | None = None) -> None:
        """Be in the state a run that translated `paragraphs`, in this order, would be in now (their
        translations by position, where known; else what this translator made of them)."""

    def made_otherwise(self, paragraph: str, src: str) -> bool:
        """Whether, in its state now, this translator would not make what it made of `paragraph` earlier
        in the run (False for a paragraph it has not translated)."""
        return False

    def settle(self, paragraphs: Sequence[str], src: str, contexts: Sequence[TranslationContext],
               cancel: Event | None = None, only: Collection[int] | None = None) -> dict[int, Translation]:
        """Walk `paragraphs` in the order a run translates them and translate again each one (of `only`,
        positions, when given) this translator made in another state than the paragraphs before it in
        that order give it; the new translations by position."""
        return {}

    def forget(self, paragraphs: Sequence[str], src: str) -> None:
        """Drop what a cache behind this holds of `paragraphs`, so a later run translates them again."""


class Wrapper(Translator):
    """A translator around another (cache, guards, splitter): the inner one's id, limits and preparation."""

    def __init__(self, inner: Translator):
        self.inner = inner
        self.model_id = inner.model_id
        self.max_chars = inner.max_chars
        self.batch_size = inner.batch_size

    def supports(self, src: str) -> bool:
        return self.inner.supports(src)

    def prepare(self, src: str) -> None:
        self.inner.prepare(src)

    def depends_on(self, paragraph: str, earlier: str, src: str) -> bool:
        return self.inner.depends_on(paragraph, earlier, src)

    def recall(self, paragraphs, src, translations=None) -> None:
        self.inner.recall(paragraphs, src, translations)

    def settle(self, paragraphs, src, contexts, cancel=None, only=None) -> dict[int, Translation]:
        return self.inner.settle(paragraphs, src, contexts, cancel, only)

    def forget(self, paragraphs, src) -> None:
        self.inner.forget(paragraphs, src)


class TranslatorUnavailable(RuntimeError):
    """The backend's model or library is not installed; the message says how."""


_FOREIGN_SCRIPT = LazyPattern(f"[{CYRILLIC}{HAN}{KANA}{HANGUL}]")


def foreign_script_share(text: str) -> float:
    """Share of letters in Cyrillic, Han, kana or Hangul: untranslated leftovers."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if _FOREIGN_SCRIPT.match(c)) / len(letters)


class IdentityTranslator(Translator):
    """English needs no translation; the text is its own translation."""

    model_id = "identity"

    def supports(self, src: str) -> bool:
        return src == "en"

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        out = [Translation(text=p, model=self.model_id) for p in paragraphs]
        if on_step:
            on_step(len(out), len(out))
        return out
