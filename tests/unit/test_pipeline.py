import threading
from pathlib import Path

import pytest

from compare import pipeline
from compare.cache import Cache
from compare.corpus import load_article_set
from compare.pipeline import RunOptions
from compare.types import Cancelled

from fakes import FakeEmbedder, FakeTranslator

RU = {"путин": "Putin", "прибыл": "arrived", "в": "in", "пекин": "Beijing", "торговля": "trade",
      "выросла": "grew", "газ": "gas", "сибири": "Siberia"}


def make_set(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text('[set]\ntitle = "Tiny"\n', encoding="utf-8")
    (root / "articles" / "01-en.md").write_text(
        '+++\noutlet = "Wire"\n+++\n\nPutin arrived in Beijing for talks with the Chinese leader.\n\n'
        'Trade grew to a record level last year, officials said.\n\nThe weather was fine.\n', encoding="utf-8")
    (root / "articles" / "02-ru.md").write_text(
        '+++\noutlet = "Агентство"\nlang = "ru"\n+++\n\nТорговля выросла до рекордного уровня.\n\n'
        'Путин прибыл в Пекин на переговоры с китайским лидером.\n\nГаз Сибири пойдёт в Китай.\n', encoding="utf-8")
    return root


def options(tmp_path, **kw):
    return RunOptions(translators={"ru": FakeTranslator(RU)}, embedder=FakeEmbedder(), cross_lingual=False,
                      cache_path=str(tmp_path / "cache.sqlite"), **kw)


def test_run_covers_every_paragraph_once_and_reports_stages(tmp_path):
    article_set = load_article_set(make_set(tmp_path / "set"))
    seen = []
    comparison = pipeline.run(article_set, options=options(tmp_path), progress=seen.append)
    covered = sorted((a, i) for g in comparison.groups for a, idx in g.members for i in idx)
    assert covered == [("01-en", 0), ("01-en", 1), ("01-en", 2), ("02-ru", 0), ("02-ru", 1), ("02-ru", 2)]
    assert {p.stage for p in seen} == set(pipeline.STAGES)
    assert set(comparison.timings) == set(pipeline.STAGES)
    ru = comparison.article("02-ru")
    assert ru.language.lang == "ru"
    assert ru.paragraphs[1].translation.text.startswith("Putin arrived in Beijing")
    en = comparison.article("01-en")
    assert en.paragraphs[0].translation.model == "identity"


def test_second_run_translates_nothing_and_result_reopens(tmp_path):
    article_set = load_article_set(make_set(tmp_path / "set"))
    opts = options(tmp_path)
    first = pipeline.run(article_set, options=opts)
    translator = opts.translators["ru"]
    translator.calls.clear()
    second = pipeline.run(article_set, options=opts)
    assert translator.calls == []
    assert second.groups == first.groups
    reopened = pipeline.load_cached(article_set, opts)
    assert reopened is not None and reopened.groups == first.groups


def test_no_cache_option_writes_nothing(tmp_path):
    article_set = load_article_set(make_set(tmp_path / "set"))
    pipeline.run(article_set, options=options(tmp_path, use_cache=False))
    assert not (tmp_path / "cache.sqlite").exists()


def test_language_without_translator_is_kept_and_flagged(tmp_path):
    root = make_set(tmp_path / "set")
    (root / "articles" / "03-ja.md").write_text(
        '+++\noutlet = "東京"\n+++\n\n東京で首脳会談が開かれました。プーチン大統領が北京に到着しました。\n', encoding="utf-8")
    comparison = pipeline.run(load_article_set(root), options=options(tmp_path))
    ja = comparison.article("03-ja")
    assert ja.language.lang == "ja"
    assert ja.paragraphs[0].translation.flagged
    assert "untranslated" in ja.paragraphs[0].translation.note
    assert any(g.paragraphs_of("03-ja") for g in comparison.groups)


def test_cancel_stops_and_keeps_finished_translations(tmp_path):
    article_set = load_article_set(make_set(tmp_path / "set"))
    cancel = threading.Event()
    translator = FakeTranslator(RU, batch_size=1)

    def progress(p):
        if p.stage == "translate" and p.done >= 4:
            cancel.set()

    opts = RunOptions(translators={"ru": translator}, embedder=FakeEmbedder(), cross_lingual=False,
                      cache_path=str(tmp_path / "cache.sqlite"))
    with pytest.raises(Cancelled):
        pipeline.run(article_set, options=opts, progress=progress, cancel=cancel)
    done_before = sum(len(c) for c in translator.calls)
    assert 1 <= done_before < 3
    translator.calls.clear()
    pipeline.run(article_set, options=opts)
    assert sum(len(c) for c in translator.calls) == 3 - done_before


def test_embed_progress_counts_the_texts_and_escape_stops_it_between_chunks(tmp_path, monkeypatch):
    import compare.embed as embed
    from compare.embed import paragraph_sentences

    monkeypatch.setattr(embed, "PROGRESS_CHUNK", 2)
    article_set = load_article_set(make_set(tmp_path / "set"))
    seen = []
    comparison = pipeline.run(article_set, options=options(tmp_path, use_cache=False), progress=seen.append)
    english = {a.id: [p.translation.text for p in a.paragraphs] for a in comparison.articles}
    sentences = sum(len(s) for paragraphs in paragraph_sentences(english).values() for s in paragraphs)
    embed_reports = [p for p in seen if p.stage == "embed"]
    assert {p.total for p in embed_reports} == {6 + sentences}  # six paragraphs and their sentences
    done = [p.done for p in embed_reports]
    assert done == sorted(done) and done[-1] == 6 + sentences and len(set(done)) > 3

    cancel = threading.Event()
    embedder = FakeEmbedder()

    def progress(p):
        if p.stage == "embed" and p.done >= 2:
            cancel.set()

    opts = RunOptions(translators={"ru": FakeTranslator(RU)}, embedder=embedder, cross_lingual=False,
                      use_cache=False)
    with pytest.raises(Cancelled):
        pipeline.run(article_set, options=opts, progress=progress, cancel=cancel)
    assert embedder.calls == 1


class _ClockedEmbedder(FakeEmbedder):
    """Loading the model takes 100 s of the test's clock, and each text 1 s."""

    def __init__(self, clock):
        super().__init__()
        self.clock = clock
        self.loaded = False

    def prepare(self, texts=()):
        if not self.loaded:
            self.clock[0] += 100.0
            self.loaded = True

    def embed(self, texts):
        self.prepare()  # as a real model loads on first use
        self.clock[0] += len(texts)
        return super().embed(texts)


def test_loading_the_embedding_model_is_not_counted_as_embedding(tmp_path, monkeypatch):
    import compare.embed as embed

    monkeypatch.setattr(embed, "PROGRESS_CHUNK", 2)
    clock = [0.0]
    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: clock[0])
    embedder = _ClockedEmbedder(clock)
    opts = RunOptions(translators={"ru": FakeTranslator(RU)}, embedder=embedder, cross_lingual=False,
                      use_cache=False)
    seen = []
    pipeline.run(load_article_set(make_set(tmp_path / "set")), options=opts, progress=seen.append)
    first = next(p for p in seen if p.stage == "embed" and p.done == 2)
    left = first.total - first.done
    assert embedder.loaded and first.eta is not None
    assert first.eta < 3 * left  # about a second a text, not the 100 s the model took to load


def test_cached_result_made_with_another_translator_is_not_reopened(tmp_path, monkeypatch):
    import compare.translate.factory as factory

    article_set = load_article_set(make_set(tmp_path / "set"))
    first = FakeTranslator(RU, model_id="fake:1")
    opts = RunOptions(embedder=FakeEmbedder(), cross_lingual=False, cache_path=str(tmp_path / "cache.sqlite"))
    monkeypatch.setattr(factory, "choose_backend", lambda kind, src: first)
    pipeline.run(article_set, options=opts)
    assert pipeline.load_cached(article_set, opts) is not None
    monkeypatch.setattr(factory, "choose_backend", lambda kind, src: FakeTranslator(RU, model_id="fake:2"))
    assert pipeline.load_cached(article_set, opts) is None


def test_halves_of_a_split_paragraph_join_the_whole_through_their_sentences(tmp_path):
    """Two English outlets: one carries a six-sentence paragraph, the other two of its sentences apart.

    A single sentence is too far from the six-sentence whole for a paragraph
    link (cosine about 0.4 with the bag-of-words fake); a sentence link finds it.
    """
    root = tmp_path / "split"
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text('[set]\ntitle = "Split"\n', encoding="utf-8")
    whole = ("Negotiators agreed tariffs on steel imports. Farmers protested outside parliament buildings. "
             "Volcanic ash grounded regional flights. Museum curators restored ancient tapestries. "
             "Engineers tested driverless trains overnight. Beekeepers reported unusual honey yields.")
    (root / "articles" / "01-a.md").write_text(
        f'+++\noutlet = "A"\n+++\n\n{whole}\n\nBankers discussed currency reserves quietly.\n\n'
        'Orchestra musicians rehearsed symphonies downtown.\n', encoding="utf-8")
    (root / "articles" / "02-b.md").write_text(
        '+++\noutlet = "B"\n+++\n\nOrchestra musicians rehearsed symphonies downtown.\n\n'
        'Farmers protested outside parliament buildings.\n\nSwimmers crossed frozen lakes yesterday.\n\n'
        'Negotiators agreed tariffs on steel imports.\n', encoding="utf-8")
    comparison = pipeline.run(load_article_set(root), options=options(tmp_path))
    group = next(g for g in comparison.groups if 0 in g.paragraphs_of("01-a"))
    assert group.paragraphs_of("02-b") == (1, 3)
    alone = next(g for g in comparison.groups if 2 in g.paragraphs_of("02-b"))
    assert [a for a, _ in alone.members] == ["02-b"]


def test_cross_lingual_view_is_on_by_default_and_embeds_the_original_texts(tmp_path):
    cross = FakeEmbedder()
    opts = RunOptions(translators={"ru": FakeTranslator(RU)}, embedder=FakeEmbedder(), cross_embedder=cross,
                      cache_path=str(tmp_path / "cache.sqlite"))
    assert opts.cross_lingual
    comparison = pipeline.run(load_article_set(make_set(tmp_path / "set")), options=opts)
    assert cross.calls == 1
    assert comparison.models["cross_lingual"]


def test_the_aligner_is_told_which_articles_are_english(tmp_path, monkeypatch):
    import compare.align

    seen = {}
    real = compare.align.align

    def spy(views, **kw):
        seen.update(kw)
        return real(views, **kw)

    monkeypatch.setattr(compare.align, "align", spy)
    root = make_set(tmp_path / "set")
    (root / "articles" / "03-en.md").write_text('+++\noutlet = "Daily"\n+++\n\nPutin arrived in Beijing.\n',
                                                encoding="utf-8")
    opts = RunOptions(translators={"ru": FakeTranslator(RU)}, embedder=FakeEmbedder(), cross_embedder=FakeEmbedder(),
                      cache_path=str(tmp_path / "cache.sqlite"))
    pipeline.run(load_article_set(root), options=opts)
    assert sorted(seen["untranslated"]) == ["01-en", "03-en"]


# -- the ETA of a long stage ------------------------------------------------------------------


def _eta_along(weights, seconds_per_unit, instant):
    """Replay a stage on a simulated clock: item i takes weights[i] * seconds_per_unit,
    except the `instant` ones (cache hits), which take no time. Yields (true seconds left, ETA)."""
    eta = pipeline.Eta(weights)
    durations = [0.0 if i in instant else w * seconds_per_unit for i, w in enumerate(weights)]
    now = 0.0
    eta.update(now, 0, len(weights))
    for done in range(1, len(weights)):
        now += durations[done - 1]
        yield sum(durations[done:]), eta.update(now, done, len(weights))


def test_eta_follows_the_work_not_the_paragraph_count():
    # long and short paragraphs alternate; the first six came from the cache
    weights = [40.0, 900.0] * 10
    estimates = list(_eta_along(weights, 0.01, instant=set(range(6))))
    assert all(eta is None for _, eta in estimates[:6])  # nothing real done yet: no guess
    for left, eta in estimates[7:]:
        assert eta == pytest.approx(left, rel=0.01)


def test_eta_without_weights_counts_items_and_ignores_instant_ones():
    estimates = list(_eta_along([1.0] * 10, 2.0, instant={0, 1, 2}))
    assert estimates[2][1] is None
    assert [round(eta) for _, eta in estimates[4:]] == [round(left) for left, _ in estimates[4:]]


def test_eta_with_a_prior_rate_guesses_from_the_start_and_then_follows_the_run():
    weights = [500.0] * 20
    eta = pipeline.Eta(weights, prior=0.02)
    assert eta.update(0.0, 0, 20) == pytest.approx(0.02 * 500 * 20)  # before anything came back
    assert pipeline.Eta(weights).update(0.0, 0, 20) is None  # no prior: no guess yet
    # this run is twice as slow: the estimate moves from the prior towards it
    now, estimates = 0.0, []
    for done in range(1, 20):
        now += 500 * 0.04
        estimates.append(eta.update(now, done, 20) / (500 * (20 - done)))  # implied seconds per unit
    assert 0.02 < estimates[0] < estimates[-1] < 0.04
    assert estimates[-1] == pytest.approx(0.04, rel=0.25)
    assert eta.rate == pytest.approx(0.04)


def test_the_translate_stage_keeps_its_rate_for_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline.Eta, "MIN_RATE_WORK", 0.0)  # the tiny set holds little work
    cache = str(tmp_path / "cache.sqlite")
    first = load_article_set(make_set(tmp_path / "one"))
    opts = RunOptions(translators={"ru": FakeTranslator(RU, slow=0.06)}, embedder=FakeEmbedder(),
                      cross_lingual=False, cache_path=cache)
    seen = []
    pipeline.run(first, options=opts, progress=seen.append)
    assert [p.eta for p in seen if p.stage == "translate"][0] is None  # nothing known before the first run
    kept = Cache(cache).get_result("translate-rate:fake:1")
    assert isinstance(kept, float) and kept > 0
    # another set, translated by the same translator: an estimate from the first report
    second = make_set(tmp_path / "two")
    ru = second / "articles" / "02-ru.md"
    ru.write_text(ru.read_text(encoding="utf-8").replace("Газ Сибири", "Нефть Сибири"), encoding="utf-8")
    seen = []
    pipeline.run(load_article_set(second), options=opts, progress=seen.append)
    assert [p.eta for p in seen if p.stage == "translate"][0] > 0


class _ClockedTranslator(FakeTranslator):
    """Advances a fake clock: `prepare` (loading a model) takes 100 s, each paragraph 1 s."""

    def __init__(self, clock, **kw):
        super().__init__(RU, **kw)
        self.clock, self.prepared = clock, []

    def prepare(self, src):
        self.prepared.append(src)
        self.clock[0] += 100.0

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        def step(n, total):
            self.clock[0] += 1.0
            if on_step:
                on_step(n, total)
        return super().translate(paragraphs, src, context=context, on_step=step, cancel=cancel)


def test_getting_the_model_ready_is_not_counted_as_translation(tmp_path, monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(pipeline.time, "perf_counter", lambda: clock[0])
    translator = _ClockedTranslator(clock, batch_size=3)
    opts = RunOptions(translators={"ru": translator}, embedder=FakeEmbedder(), cross_lingual=False,
                      cache_path=str(tmp_path / "cache.sqlite"))
    seen = []
    article_set = load_article_set(make_set(tmp_path / "set"))
    pipeline.run(article_set, options=opts, progress=seen.append)
    assert translator.prepared == ["ru"]
    after_first = [p for p in seen if p.stage == "translate" and p.done == 4 and p.eta is not None]
    assert after_first and after_first[0].eta < 5.0  # two paragraphs of about 1 s left, not 200 s
    # another set with the same Russian article finds it all in the cache: nothing to get ready
    other = make_set(tmp_path / "other")
    en = other / "articles" / "01-en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("fine", "cold"), encoding="utf-8")
    translator.prepared.clear()
    comparison = pipeline.run(load_article_set(other), options=opts)
    assert comparison.article("02-ru").paragraphs[0].translation.text  # translated (from the cache)
    assert translator.prepared == []


def test_cached_paragraphs_weigh_nothing_and_come_first():
    texts, langs = ["Один.", "Two.", "Три три.", "Четыре."], ["ru", "en", "ru", "ru"]
    cached = lambda lang, group: {1} if lang == "ru" else set()  # noqa: E731  ("Три три." is cached)
    assert pipeline.translation_weights([(texts, langs)], cached) == [
        0.0, len("Один."), len("Четыре."), 0.0]  # ru: the cached one first, then the rest; then en
    assert pipeline.translation_weights([(texts, langs)]) == [len("Один."), len("Три три."), len("Четыре."), 0.0]


def test_translation_work_counts_what_becomes_english():
    assert pipeline.translation_work("Trade grew.", "en") == 0.0
    assert pipeline.translation_work("Торговля выросла.", "ru") == len("Торговля выросла.")
    assert pipeline.translation_work("贸易增长。", "zh") == 3 * 4 + 1  # four Han characters, one stop


def test_translate_stage_reports_an_eta_once_real_work_is_done(tmp_path):
    article_set = load_article_set(make_set(tmp_path / "set"))
    opts = RunOptions(translators={"ru": FakeTranslator(RU, slow=0.06)}, embedder=FakeEmbedder(),
                      cross_lingual=False, cache_path=str(tmp_path / "cache.sqlite"))
    seen = []
    pipeline.run(article_set, options=opts, progress=seen.append)
    translate = [p for p in seen if p.stage == "translate"]
    assert all(p.eta is None for p in translate if p.done <= 3)  # the English article takes no time
    assert any(p.eta is not None and p.eta > 0 for p in translate if 3 < p.done < p.total)


def test_cached_result_is_not_reopened_when_a_stored_translation_would_be_redone(tmp_path, monkeypatch):
    """A check added since (or a better retry) makes the pipeline redo a stored translation:
    the stored comparison that shows the old one must not be reopened either."""
    import compare.translate.factory as factory

    class Rechecking(FakeTranslator):
        rejects = ""

        def recheck(self, src, source, translation):
            return ["stale"] if self.rejects and self.rejects in translation.text else []

    article_set = load_article_set(make_set(tmp_path / "set"))
    translator = Rechecking(RU)
    opts = RunOptions(embedder=FakeEmbedder(), cross_lingual=False, cache_path=str(tmp_path / "cache.sqlite"))
    monkeypatch.setattr(factory, "choose_backend", lambda kind, src: translator)
    pipeline.run(article_set, options=opts)
    assert pipeline.load_cached(article_set, opts) is not None
    translator.rejects = "Siberia"  # one stored paragraph now fails the translator's checks
    assert pipeline.load_cached(article_set, opts) is None
    translator.calls.clear()
    pipeline.run(article_set, options=opts)
    assert translator.calls == [["Газ Сибири пойдёт в Китай."]]  # only that paragraph is translated again


def test_a_stored_comparison_is_not_reopened_after_the_front_matter_changes(tmp_path):
    """The screens show the outlet, title, date and url: a stored comparison with old ones is stale."""
    root = make_set(tmp_path / "set")
    opts = options(tmp_path)
    pipeline.run(load_article_set(root), options=opts)
    assert pipeline.load_cached(load_article_set(root), opts) is not None
    path = root / "articles" / "02-ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace('lang = "ru"', 'lang = "ru"\ndate = "2024-05-16"'),
                    encoding="utf-8")
    assert load_article_set(root).article("02-ru").date == "2024-05-16"
    assert pipeline.load_cached(load_article_set(root), opts) is None


def test_a_paragraph_with_no_words_is_kept_as_it_is(tmp_path):
    root = make_set(tmp_path / "set")
    link = "https://example.org/news/2024/05/16/putin-beijing"
    ru = root / "articles" / "02-ru.md"
    ru.write_text(ru.read_text(encoding="utf-8") + f"\n{link}\n", encoding="utf-8")
    opts = options(tmp_path)
    comparison = pipeline.run(load_article_set(root), options=opts)
    last = comparison.article("02-ru").paragraphs[-1]
    assert last.lang == "und" and last.translation.text == link and last.translation.model == "identity"
    assert all(link not in call for call in opts.translators["ru"].calls)
    # nothing reported, so nothing left out: no "only Агентство carries ..." for a link
    group = next(g for g in comparison.groups if ("02-ru", (last.index,)) in g.members)
    assert group.divergence.score == 0 and not group.divergence.items
    assert not any(last.index in [e.paragraph for e in d.evidence] for d in comparison.article_divergences["02-ru"])


def test_a_stored_comparison_reopens_with_the_copy_of_the_set_it_is_opened_from(tmp_path):
    """The same articles in another folder, under another title, reopen the stored comparison:
    it must show the copy's title, problems and file paths, not those of the folder first compared."""
    opts = options(tmp_path)
    first = make_set(tmp_path / "first")
    pipeline.run(load_article_set(first), options=opts)
    copy = make_set(tmp_path / "copy")
    (copy / "set.toml").write_text("[set\n", encoding="utf-8")  # broken: a warning, title from the folder
    article_set = load_article_set(copy)
    reopened = pipeline.load_cached(article_set, opts)
    assert reopened is not None
    assert reopened.set.title == article_set.title != "Tiny"
    assert reopened.set.problems == article_set.problems and reopened.set.problems
    assert all(Path(a.article.path).parent.parent == copy for a in reopened.articles)
