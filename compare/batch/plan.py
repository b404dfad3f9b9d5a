"""Per set, on the driver: load it, detect its languages, and list what is left to translate.

The jobs are the calls the pipeline's translate stage would make (one per
article and language, in its order), left out where the cache already holds
every paragraph. A paragraph whose translation is stored is never sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from compare import detect
from compare.batch.sets import SetSource
from compare.batch.spec import Backends, Job, SetWork
from compare.cache import Cache
from compare.corpus import SetError, load_article_set
from compare.pipeline import KEPT_AS_IS, RunOptions, by_language, load_cached, translation_work
from compare.translate.base import Translator, TranslatorUnavailable
from compare.types import ArticleSet, Comparison, Translation


class RecordingCache:
    """The driver's cache, noting each stored translation a translator looks up and finds.

    What it noted travels with the set's work, so the worker's translator
    finds the same paragraphs stored as the driver's did.
    """

    def __init__(self, cache: Cache):
        self.cache = cache
        self.found: dict[tuple[str, str, str], Translation] = {}

    def get_translations(self, model: str, src_lang: str, texts: Sequence[str]) -> dict[int, Translation]:
        found = self.cache.get_translations(model, src_lang, texts)
        for i, translation in found.items():
            self.found[(model, src_lang, texts[i])] = translation
        return found

    def put_translations(self, src_lang, pairs) -> None:
        raise RuntimeError("planning only reads the cache")


@dataclass(frozen=True)
class Planned:
    """A set as the batch found it: unreadable (`error`), compared before (`comparison`), or with work."""

    source: SetSource
    article_set: ArticleSet | None = None
    error: str | None = None
    comparison: Comparison | None = None
    work: SetWork | None = None


def plan(source: SetSource, backends: Backends, cache: Cache, options: RunOptions) -> Planned:
    try:
        article_set = load_article_set(source.path)
    except SetError as exc:
        return Planned(source, error=str(exc))
    comparison = load_cached(article_set, options)
    if comparison is not None:
        return Planned(source, article_set, comparison=comparison)
    return Planned(source, article_set, work=work_left(source.id, article_set, backends, cache))


def work_left(set_id: str, article_set: ArticleSet, backends: Backends, cache: Cache) -> SetWork:
    """What of this set the cache does not hold yet, as translation jobs in the pipeline's order."""
    recorder = RecordingCache(cache)
    translators: dict[str, Translator | None] = {}
    jobs: list[Job] = []
    for article in article_set.articles:
        _, paragraph_guesses = detect.detect_article(article)
        for lang, indices in by_language([g.lang for g in paragraph_guesses]):
            if lang in KEPT_AS_IS:
                continue
            if lang not in translators:
                try:
                    translators[lang] = backends.stack(lang, recorder)
                except TranslatorUnavailable:
                    translators[lang] = None  # the pipeline marks these paragraphs untranslated, saying why
            translator = translators[lang]
            if translator is None:
                continue
            texts = tuple(article.paragraphs[i].text for i in indices)
            stored = translator.cached(list(texts), lang)
            left = [text for k, text in enumerate(texts) if k not in stored]
            if left:
                jobs.append(Job(article.id, lang, texts, article.title,
                                work=sum(translation_work(text, lang) for text in left), left=len(left)))
    return SetWork(set_id, dict(article_set.glossary), tuple(jobs), dict(recorder.found))
