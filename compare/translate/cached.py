"""A translator decorator that never translates the same text twice."""

from __future__ import annotations

import logging
from dataclasses import replace
from threading import Event
from typing import Collection, Sequence

from compare.cache import Cache
from compare.translate.base import StepCallback, TranslationContext, Translator, Wrapper
from compare.types import Cancelled, Translation

log = logging.getLogger(__name__)


class CachedTranslator(Wrapper):
    """Looks every paragraph up in the cache; translates the rest in chunks.

    Each finished chunk is written at once, so a run killed half-way keeps
    what it finished. The chunk size comes from the backend (`batch_size`)
    so a backend that batches still gets whole batches.
    """

    def __init__(self, inner: Translator, cache: Cache):
        super().__init__(inner)
        self.cache = cache

    def cached(self, paragraphs: Sequence[str], src: str) -> dict[int, Translation]:
        """The stored translations that still pass the backend's checks, by position.

        The backend's `recheck` looks at each stored translation again (the
        LLM's: one made before a guard existed and failing it now is left
        out, so it is translated again).
        """
        found = self.cache.get_translations(self.model_id, src, paragraphs)
        stale = {i: problems for i, t in found.items() if (problems := self.inner.recheck(src, paragraphs[i], t))}
        for i, problems in stale.items():
            log.info("stored translation of %s paragraph fails a check (%s); translating it again",
                     src, "; ".join(problems))
            del found[i]
        return found

    def recall(self, paragraphs: Sequence[str], src: str, translations=None) -> None:
        """The state after `paragraphs`, from their stored translations."""
        stored = self.cache.get_translations(self.model_id, src, paragraphs)
        self.inner.recall(paragraphs, src, {**stored, **(translations or {})})

    def settle(self, paragraphs: Sequence[str], src: str, contexts: Sequence[TranslationContext],
               cancel: Event | None = None, only: Collection[int] | None = None) -> dict[int, Translation]:
        """Each stored paragraph in turn, with the state the ones before it give: the backend translates
        again those it made otherwise, and the new translation replaces the stored one (and counts for
        the paragraphs after it)."""
        stored = self.cache.get_translations(self.model_id, src, paragraphs)
        again: dict[int, Translation] = {}
        for i in sorted(range(len(paragraphs)) if only is None else only):
            paragraph = paragraphs[i]
            if i not in stored:
                continue
            self.inner.recall(paragraphs[:i], src, stored)
            if not self.inner.made_otherwise(paragraph, src):
                continue
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            log.info("translating a %s paragraph again: the paragraphs before it give another prompt", src)
            [stored[i]] = self.inner.translate([paragraph], src, context=contexts[i], cancel=cancel)
            again[i] = stored[i]
            self.cache.put_translations(src, [(paragraph, stored[i])])
        return again

    def forget(self, paragraphs: Sequence[str], src: str) -> None:
        self.cache.delete_translations(self.model_id, src, paragraphs)
        self.inner.forget(paragraphs, src)

    def translate(
        self,
        paragraphs: Sequence[str],
        src: str,
        *,
        context: TranslationContext | None = None,
        on_step: StepCallback | None = None,
        cancel: Event | None = None,
    ) -> list[Translation]:
        total = len(paragraphs)
        results = self.cached(paragraphs, src)
        missing = [i for i in range(total) if i not in results]
        done = total - len(missing)
        if on_step:
            on_step(done, total)
        chunk = max(1, int(self.inner.batch_size))
        for start in range(0, len(missing), chunk):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            indices = missing[start:start + chunk]
            texts = [paragraphs[i] for i in indices]

            def step(inner_done: int, _inner_total: int, base=done, size=len(indices)) -> None:
                # The chunk's last paragraph counts once it is stored, below.
                if on_step and inner_done < size:
                    on_step(base + inner_done, total)

            first = indices[0]
            chunk_context = replace(context or TranslationContext(),
                                    previous=paragraphs[first - 1] if first > 0 else "")
            translated = self.inner.translate(texts, src, context=chunk_context, on_step=step, cancel=cancel)
            self.cache.put_translations(src, zip(texts, translated))
            for i, translation in zip(indices, translated):
                results[i] = translation
            done += len(indices)
            if on_step:
                on_step(done, total)
        return [results[i] for i in range(total)]
