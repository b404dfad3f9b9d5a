"""What the driver sends a translation worker: which translator to build, and the work."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator, Mapping

from compare.translate.base import Translator, TranslatorUnavailable
from compare.types import Translation


@dataclass(frozen=True)
class Backends:
    """The translator the driver and every worker build for a language.

    `kind` is `--translator` (auto, llm, argos). `make(lang)` replaces the
    installed models (tests, benchmarks): a module-level function, so Ray
    sends it to workers by name. `threads`: the LLM's threads per worker
    (None: its default).
    """

    kind: str = "auto"
    make: Callable[[str], Translator] | None = None
    threads: int | None = None

    def backend(self, lang: str) -> Translator:
        """The bare backend for `lang`; raises TranslatorUnavailable saying what is missing."""
        if self.make is not None:
            return self.make(lang)
        from compare.translate import factory

        backend = factory.choose_backend(self.kind, lang)
        if self.threads and getattr(backend, "settings", {}).get("n_threads", self.threads) != self.threads:
            from compare.translate.llm import LlmTranslator

            backend = LlmTranslator(n_threads=self.threads)
        return backend

    def stack(self, lang: str, cache) -> Translator:
        """The whole translator for `lang` as the pipeline builds it, over `cache`."""
        from compare.translate import factory

        return factory.build(self.kind, lang, cache, backend=self.backend(lang))

    def for_pipeline(self) -> Mapping[str, Translator] | None:
        """`RunOptions.translators` that make `pipeline.run` use these backends (None: the installed ones)."""
        return None if self.make is None else _Made(self.make)


class _Made(Mapping[str, Translator]):
    """A backend per language, built when the pipeline asks (None where none can be built)."""

    def __init__(self, make: Callable[[str], Translator]):
        self._make = make
        self._built: dict[str, Translator | None] = {}

    def get(self, lang, default=None):
        if lang not in self._built:
            try:
                self._built[lang] = self._make(lang)
            except TranslatorUnavailable:
                self._built[lang] = None
        return self._built[lang] if self._built[lang] is not None else default

    def __getitem__(self, lang: str) -> Translator:
        found = self.get(lang)
        if found is None:
            raise KeyError(lang)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._built.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for v in self._built.values() if v is not None)


@dataclass(frozen=True)
class Job:
    """One article's paragraphs in one language, as the pipeline hands them to a translator in one call."""

    article: str
    lang: str
    texts: tuple[str, ...]
    title: str
    work: float  # `pipeline.translation_work` of the paragraphs not yet translated
    left: int  # how many of them are not yet translated


@dataclass(frozen=True)
class SetWork:
    """A set's translation work: its jobs in the pipeline's order, and what the cache already holds.

    `known` maps (model, language, text) to the stored translation of every
    paragraph or piece the jobs will look up and find, so the worker's
    translator skips the same paragraphs the pipeline's would.
    """

    set_id: str
    glossary: Mapping[str, str]
    jobs: tuple[Job, ...]
    known: Mapping[tuple[str, str, str], Translation] = field(default_factory=dict)

    @property
    def paragraphs(self) -> int:
        return sum(job.left for job in self.jobs)

    @property
    def work(self) -> float:
        return sum(job.work for job in self.jobs)

    @property
    def langs(self) -> set[str]:
        return {job.lang for job in self.jobs}
