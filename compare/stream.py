"""Compare a set at once from its originals, then translate paragraph by paragraph in the order a reader needs them.

    detect -> USE over the originals -> provisional comparison (shown)
           -> translate one paragraph at a time, the reader's next one first (each shown as it lands)
           -> the pipeline's embed, align and diverge over the finished English (stored, as `pipeline.run`)

`run` returns the comparison `compare.pipeline.run` makes: the last step is
the pipeline's own code (`pipeline.compare_translated`) on articles built as
the pipeline builds them, and each paragraph is translated in the state the
pipeline's order gives the translator there (the LLM's learned names; see
"the pipeline's translations, in the reader's order" below). Every
translation goes through the same cached translator stack, so a stopped run
keeps what it finished and the next one starts from there.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, replace
from threading import Event
from typing import Callable, Sequence

from compare import embed_stage, pipeline, provisional
from compare.cache import Cache
from compare.eta import Eta
from compare.pipeline import KEPT_AS_IS, RunOptions, Stages, Translators, translation_work
from compare.translate.base import TranslationContext
from compare.types import (
    ArticleSet, Cancelled, Comparison, ParagraphRef, Progress, ProgressCallback, Translation,
)

log = logging.getLogger(__name__)

# The provisional comparison is remade at most this often while paragraphs land (seconds):
# diverging the sample set takes about 0.1 s, a paragraph of the LLM 10 s or more.
REFRESH_EVERY = 1.0


@dataclass(frozen=True)
class Update:
    """What the reader can see now."""

    comparison: Comparison  # provisional until `final`
    left: int  # paragraphs still to translate
    total: int  # paragraphs this run translates
    eta: float | None  # seconds until the last one, when known
    landed: tuple[ParagraphRef, ...] = ()  # paragraphs whose English arrived since the last update
    final: bool = False


UpdateCallback = Callable[[Update], None]


class ReadingOrder:
    """The paragraphs the reader needs first: `urgent` (the selected group's), then `refs` (those on screen,
    then the rest in the grid's order). Set by the UI thread, read by the translating thread."""

    def __init__(self, refs: Sequence[ParagraphRef] = (), urgent: Sequence[ParagraphRef] = ()):
        self._lock = threading.Lock()
        self._refs: tuple[ParagraphRef, ...] = tuple(refs)
        self._urgent: tuple[ParagraphRef, ...] = tuple(urgent)

    def set(self, refs: Sequence[ParagraphRef], urgent: Sequence[ParagraphRef] = ()) -> None:
        with self._lock:
            self._refs, self._urgent = tuple(refs), tuple(urgent)

    def get(self) -> tuple[tuple[ParagraphRef, ...], tuple[ParagraphRef, ...]]:
        """(urgent, the rest in order)."""
        with self._lock:
            return self._urgent, self._refs


# Outside the urgent paragraphs, a paragraph in the language the translator is on may jump this many
# waiting paragraphs ahead of one in another language: the LLM evaluates its prompt prefix again at
# every change of language, which alternating Russian and Chinese paragraphs would pay almost every time.
SAME_LANGUAGE_AHEAD = 12

# A selected paragraph that this many waiting paragraphs or fewer could still change waits for them
# (taken first, in the pipeline's order); with more, it is taken at once and checked later (`_check`).
BLOCKERS_FIRST = 2


def run(
    article_set: ArticleSet,
    *,
    options: RunOptions | None = None,
    progress: ProgressCallback | None = None,
    cancel: Event | None = None,
    on_update: UpdateCallback | None = None,
    order: ReadingOrder | None = None,
) -> Comparison:
    """The final comparison; `on_update` sees the provisional ones first (from this thread)."""
    options = options or RunOptions()
    with pipeline.opened_cache(options) as cache:
        return _Stream(article_set, options, Stages(progress, cancel), cache, on_update,
                       order or ReadingOrder()).run()


def first(
    article_set: ArticleSet,
    *,
    options: RunOptions | None = None,
    progress: ProgressCallback | None = None,
    cancel: Event | None = None,
) -> Comparison:
    """The comparison a reader sees first, without translating anything: provisional, unless every
    paragraph already has its English (then the final one, as `pipeline.run` makes it)."""
    options = options or RunOptions()
    shown: list[Comparison] = []
    with pipeline.opened_cache(options) as cache:
        return _Stream(article_set, options, Stages(progress, cancel), cache, lambda u: shown.append(u.comparison),
                       ReadingOrder(), translate=False).run() or shown[-1]


class _Stream:
    def __init__(self, article_set: ArticleSet, options: RunOptions, stages: Stages, cache: Cache | None,
                 on_update: UpdateCallback | None, order: ReadingOrder, translate: bool = True):
        self.set = article_set
        self.options = options
        self.stages = stages
        self.cache = cache
        self.on_update = on_update
        self.order = order
        self.translate = translate  # False: stop after the first screen (`first`)
        self.translators = Translators(options, cache)
        self.english: dict[ParagraphRef, Translation] = {}
        self.todo: dict[ParagraphRef, str] = {}  # paragraph -> its language, still to translate
        self.groups = None  # provisional groups, None when there are none
        self.landed: list[ParagraphRef] = []
        self.unsure: set[ParagraphRef] = set()  # translated before its state was the pipeline's (below)
        self.lang_of: dict[ParagraphRef, str] = {}
        self._shown = 0.0
        self._total = 0
        self._eta_left: float | None = None
        self._default_order: list[ParagraphRef] = []
        # Each language's paragraphs in the order `pipeline.run` gives them to its translator.
        self.runs: dict[str, list[ParagraphRef]] = {}
        self._depends: dict[tuple[ParagraphRef, ParagraphRef], bool] = {}

    def run(self) -> Comparison | None:
        """The final comparison; None when stopped after the first screen."""
        self.guesses = pipeline.detect_stage(self.set, self.stages)
        self._known_english()
        if self.todo:
            self._plan()
            self._first_screen()
            if not self.translate:
                return None
            self._translate_all()
        articles = provisional.articles_so_far(self.set, self.guesses, self.english)
        final = pipeline.compare_translated(self.set, articles, self.translators, self.options, self.stages,
                                            self.cache)
        self._tell(final, final=True)
        return final

    # -- what needs no translating ---------------------------------------------

    def _known_english(self) -> None:
        """English, `und`, paragraphs with no translator and stored translations; the rest goes to `todo`."""
        for article, (_, paragraph_guesses) in zip(self.set.articles, self.guesses):
            texts = [p.text for p in article.paragraphs]
            for lang, indices in pipeline.by_language([g.lang for g in paragraph_guesses]):
                refs = [ParagraphRef(article.id, i) for i in indices]
                translator = self.translators.for_lang(lang)
                if translator is not None and lang not in KEPT_AS_IS:
                    self.runs.setdefault(lang, []).extend(refs)
                    self.lang_of.update(dict.fromkeys(refs, lang))
                if translator is None:
                    note = self.translators.unavailable.get(lang, f"no translation model for {lang}")
                    for ref in refs:
                        self.english[ref] = Translation(text=texts[ref.index], model="none", flagged=True,
                                                        note=f"untranslated: {note}")
                    continue
                group = [texts[i] for i in indices]
                found = (dict(enumerate(translator.translate(group, lang))) if lang in KEPT_AS_IS
                         else translator.cached(group, lang))
                for k, ref in enumerate(refs):
                    if k in found:
                        self.english[ref] = found[k]
                    else:
                        self.todo[ref] = lang

    # -- the first screen ------------------------------------------------------

    def _first_screen(self) -> None:
        """Groups from the originals, shown before anything is translated. A set whose originals cannot be
        embedded (the multilingual model missing) is shown when its translation is done, as before."""
        self.stages.start("provisional", 2, "multilingual USE over the original texts")
        try:
            if self.options.cross_embedder is None:  # one model for this view and the final one's
                from compare.embed import MultilingualUseEmbedder

                self.options = replace(self.options, cross_embedder=MultilingualUseEmbedder())
            view = provisional.original_view(self.set, embed_stage.cross_embedder(self.options, self.cache))
        except Exception as error:  # noqa: BLE001 - the final comparison does not need it
            if isinstance(error, Cancelled) or not self.translate:  # `first` has nothing else to show
                raise
            log.warning("no provisional groups (%s); the comparison comes when translation is done", error)
            return
        self.stages.report(1, 2, "aligning the originals")
        self.stages.check()
        self.groups = provisional.provisional_groups(view)
        self.stages.finish(2)
        self._show(force=True)

    def _show(self, force: bool = False) -> None:
        if self.groups is None or self.on_update is None:
            return
        now = time.perf_counter()
        if not force and now - self._shown < REFRESH_EVERY:
            return
        self._shown = now
        articles = provisional.articles_so_far(self.set, self.guesses, self.english)
        models = {"translator": self.translators.describe(), "embedder": pipeline.MULTILINGUAL_ID,
                  "cross_lingual": pipeline.MULTILINGUAL_ID}
        comparison = provisional.provisional_comparison(self.set, articles, self.groups, models,
                                                        self.stages.timings)
        self._tell(comparison)

    def _tell(self, comparison: Comparison, final: bool = False) -> None:
        if self.on_update is None:
            return
        landed, self.landed = tuple(self.landed), []
        self.on_update(Update(comparison, left=len(self.todo), total=self._total,
                              eta=None if final else self._eta_left, landed=landed, final=final))

    # -- translating, the reader's next paragraph first --------------------------

    def _next(self, current: str | None) -> ParagraphRef:
        """The selected group's next waiting paragraph (or the few it waits for); else the first waiting one in the reader's order
        that is `_settled`, unless one in the `current` language comes within `SAME_LANGUAGE_AHEAD`."""
        urgent, refs = self.order.get()
        for ref in urgent:
            if ref in self.todo:
                return self._blocker_first(ref)
        waiting = [ref for ref in dict.fromkeys([*refs, *self._default_order, *self.todo])
                   if ref in self.todo and self._settled(ref)]
        for ref in waiting[:SAME_LANGUAGE_AHEAD + 1]:
            if self.todo[ref] == current:
                return ref
        return waiting[0]

    # -- the pipeline's translations, in the reader's order --------------------
    #
    # The LLM's translation of a Russian paragraph depends on the names it learned from the Russian
    # paragraphs translated before it. Before each paragraph the translator is given the state the
    # pipeline's order gives it there (`recall`: the paragraphs before it in that order, with the English
    # they have). A paragraph is `_settled` when no paragraph before it that could change that state is
    # still waiting or unsure; outside the selected group only settled paragraphs are taken. A selected
    # paragraph few waiting paragraphs can change waits for those (`_blocker_first`); one of the
    # selected group's taken before it is settled is `unsure`: once it is settled, and before anything
    # it could change is translated, it is translated again if its state was not the pipeline's
    # (`settle`). So every paragraph ends translated in the pipeline's state: the pipeline's English.

    def _text(self, ref: ParagraphRef) -> str:
        return self._texts[ref.article].paragraphs[ref.index].text

    def _before(self, ref: ParagraphRef) -> list[ParagraphRef]:
        run = self.runs[self.lang_of[ref]]
        return run[:run.index(ref)]

    def _settled(self, ref: ParagraphRef) -> bool:
        for earlier in self._before(ref):
            if (earlier in self.todo or earlier in self.unsure) and self._depends_on(ref, earlier):
                return False
        return True

    def _depends_on(self, ref: ParagraphRef, earlier: ParagraphRef) -> bool:
        key = (ref, earlier)
        if key not in self._depends:
            lang = self.lang_of[ref]
            self._depends[key] = self.translators.for_lang(lang).depends_on(self._text(ref), self._text(earlier),
                                                                             lang)
        return self._depends[key]

    def _blockers(self, ref: ParagraphRef) -> set[ParagraphRef]:
        """The waiting or unsure paragraphs whose English may change the state `ref` is translated in,
        directly or through another such paragraph."""
        found: set[ParagraphRef] = set()
        stack = [ref]
        while stack:
            paragraph = stack.pop()
            for earlier in self._before(paragraph):
                if earlier not in found and (earlier in self.todo or earlier in self.unsure) \
                        and self._depends_on(paragraph, earlier):
                    found.add(earlier)
                    stack.append(earlier)
        return found

    def _blocker_first(self, ref: ParagraphRef) -> ParagraphRef:
        """`ref`, or, when at most `BLOCKERS_FIRST` waiting paragraphs stand between it and its pipeline
        state, the first of them: the selected group waits for those few instead of `ref` being
        translated twice."""
        if self._settled(ref):
            return ref
        blockers = self._blockers(ref)
        waiting = [r for r in self.runs[self.lang_of[ref]] if r in blockers and r in self.todo]
        if len(waiting) > BLOCKERS_FIRST:
            return ref
        return next((r for r in waiting if self._settled(r)), ref)

    def _check(self, ref: ParagraphRef) -> None:
        """An unsure paragraph, now settled: translated again if the pipeline's state differs."""
        lang, before = self.lang_of[ref], self._before(ref)
        refs = [*before, ref]
        contexts = [TranslationContext(title=self._texts[r.article].title, glossary=self.set.glossary)
                    for r in refs]
        self._report(f"{ref.article} ¶{ref.index + 1} ({lang}->en): checking it against the paragraphs before it")
        again = self.translators.for_lang(lang).settle([self._text(r) for r in refs], lang, contexts,
                                                      cancel=self.stages.cancel, only=[len(before)])
        self.unsure.discard(ref)
        if again:
            log.info("%s ¶%d translated again: the paragraphs before it give it another prompt now",
                     ref.article, ref.index + 1)
            self.english[ref] = again[len(before)]
            self.landed.append(ref)

    def _plan(self) -> None:
        """How much work is left, and the speed an earlier run measured: the time left from the start."""
        self._texts = {a.id: a for a in self.set.articles}
        self._work = {ref: translation_work(self._texts[ref.article].paragraphs[ref.index].text, lang)
                      for ref, lang in self.todo.items()}
        self._total, self._total_work, self._done_work = len(self.todo), sum(self._work.values()), 0.0
        self._rate_key = self.translators.rate_key(set(self.todo.values()))
        self._eta = Eta(prior=self.translators.rate(self._rate_key))
        self._eta_left = self._eta.update(time.perf_counter(), 0, round(self._total_work))

    def _report(self, message: str) -> None:
        self._eta_left = self._eta.update(time.perf_counter(), round(self._done_work), round(self._total_work))
        if self.stages.progress:
            self.stages.progress(Progress("translate", self._total - len(self.todo), self._total, message,
                                          self._eta_left))

    def _forget_unsure(self) -> None:
        """On a stop: the stored English of paragraphs not yet checked is dropped, so the next run, which
        cannot tell in what state they were translated, translates them again in the pipeline's."""
        if not self.unsure:
            return
        log.info("%d paragraphs translated ahead of their turn are translated again next time", len(self.unsure))
        try:
            for ref in self.unsure:
                self.translators.for_lang(self.lang_of[ref]).forget([self._text(ref)], self.lang_of[ref])
        except Exception:  # noqa: BLE001 - the stop itself is what the caller must see
            log.exception("could not drop the unchecked translations")

    def _translate_all(self) -> None:
        self._default_order = [ParagraphRef(article, i) for g in self.groups or () for article, indices in g.members
                               for i in indices]
        self.stages.start("translate", self._total)
        ready: set[str] = set()  # languages whose model is loaded
        current: str | None = None  # the language translated last
        self._report("")
        try:
            while self.todo or self.unsure:
                self.stages.check()
                due = next((r for refs in self.runs.values() for r in refs if r in self.unsure and self._settled(r)),
                           None)
                if due is not None:
                    self._check(due)
                else:
                    current = self._translate_one(self._next(current), ready)
                if self.todo or self.unsure:  # after the last one, the final comparison is shown
                    self._show()
        except BaseException:
            self._forget_unsure()
            raise
        self.translators.keep_rate(self._rate_key, self._eta.rate)
        self.stages.finish(self._total)

    def _translate_one(self, ref: ParagraphRef, ready: set[str]) -> str:
        """Translate `ref` in the state the pipeline's order gives it; its language."""
        lang, article = self.todo[ref], self._texts[ref.article]
        translator = self.translators.for_lang(lang)
        if lang not in ready:  # loading the model is not translating: the ETA starts after it
            self._report(f"{article.id}: getting the {lang}->en model ready")
            translator.prepare(lang)
            self._eta.update(time.perf_counter(), round(self._done_work), round(self._total_work))
            ready.add(lang)
        self._report(f"{article.id} ¶{ref.index + 1} ({lang}->en)")
        if not self._settled(ref):
            self.unsure.add(ref)
        translator.recall([self._text(earlier) for earlier in self._before(ref)], lang)
        context = TranslationContext(title=article.title, glossary=self.set.glossary)
        [self.english[ref]] = translator.translate([article.paragraphs[ref.index].text], lang,
                                                   context=context, cancel=self.stages.cancel)
        del self.todo[ref]
        self._done_work += self._work[ref]
        self.landed.append(ref)
        self._report(article.id)
        return lang
