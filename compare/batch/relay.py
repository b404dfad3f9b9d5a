"""A worker's side of translation: the pipeline's translator stack over a stand-in for the cache.

The worker builds the same stack `pipeline.run` builds (splitter, guards,
cache, backend) over a `RelayCache`: lookups answer from what the driver
found stored, and every translation the stack would store goes back to the
driver instead, which writes it. So a set's paragraphs are cut, chunked,
given context, checked and retried exactly as `parallax report` would, and
one translator per language serves the whole set, as in one pipeline run.
"""

from __future__ import annotations

from threading import Event
from typing import Callable, Iterable, Mapping, Sequence

from compare.batch.spec import Backends, SetWork
from compare.translate.base import TranslationContext, Translator
from compare.types import Translation

# What a worker reports while it translates a set:
#   ("rows", lang, [(source text, Translation), ...])  translations to store
#   ("step", job index, paragraphs of the job done)     progress
Event_ = tuple
Emit = Callable[[Event_], None]


class RelayCache:
    """Stands in for `compare.cache.Cache` where a translator runs away from the driver."""

    def __init__(self, known: Mapping[tuple[str, str, str], Translation], emit: Emit):
        self._known = dict(known)
        self._emit = emit

    def get_translations(self, model: str, src_lang: str, texts: Sequence[str]) -> dict[int, Translation]:
        found = {}
        for i, text in enumerate(texts):
            translation = self._known.get((model, src_lang, text))
            if translation is not None:
                found[i] = translation
        return found

    def put_translations(self, src_lang: str, pairs: Iterable[tuple[str, Translation]]) -> None:
        pairs = list(pairs)
        for text, translation in pairs:
            self._known[(translation.model, src_lang, text)] = translation
        self._emit(("rows", src_lang, pairs))


def translate_set(work: SetWork, backends: Backends, emit: Emit, cancel: Event | None = None) -> None:
    """Translate a set's jobs in order, reporting through `emit`; returns when all are done."""
    cache = RelayCache(work.known, emit)
    translators: dict[str, Translator] = {}
    for index, job in enumerate(work.jobs):
        translator = translators.get(job.lang)
        if translator is None:
            translator = translators[job.lang] = backends.stack(job.lang, cache)
        translator.prepare(job.lang)
        context = TranslationContext(title=job.title, glossary=work.glossary)

        def step(done: int, _total: int, index=index) -> None:
            emit(("step", index, done))

        translator.translate(list(job.texts), job.lang, context=context, on_step=step, cancel=cancel)
