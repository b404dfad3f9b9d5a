"""The streaming translation ends with the pipeline's English when the translator's output depends on the
order it translates in (the LLM's names learned from earlier Russian paragraphs)."""

import re
from collections import Counter
import threading
from pathlib import Path

import pytest

from compare import pipeline, stream
from compare.corpus import load_article_set
from compare.pipeline import RunOptions
from compare.text.translit import transliterate
from compare.translate.base import TranslationContext
from compare.translate.llm import LlmTranslator
from compare.translate.llm.prompt import learn_names, occurs
from compare.types import ParagraphRef

from fakes import FakeEmbedder, FakeTranslator

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024"


class GlossaryEngine:
    """Stands in for LlamaEngine: "translates" a Russian paragraph word by word, a word a glossary entry
    applies to as that entry's English (the first that applies, in the glossary's order), the rest
    transliterated. So its output depends on the glossary it is offered, names learned included."""

    def __init__(self):
        self.lock = threading.Lock()
        self.jobs: list[str] = []  # the paragraphs it was given, in order

    def tokenize(self, text):
        return [ord(c) for c in text]

    def detokenize(self, tokens):
        return "".join(chr(t) for t in tokens)

    def set_prefix(self, tokens):
        pass

    def generate(self, count, make_job, on_done, cancel=None):
        for k in range(count):
            tokens, max_tokens = make_job(k)
            suffix = self.detokenize(tokens)
            paragraph = suffix.split("Paragraph to translate:\n", 1)[1].split("<|im_end|>")[0]
            glossary = re.findall(r"^- (.+?) = (.+)$", suffix, re.MULTILINE)
            self.jobs.append(paragraph)
            answer = self.tokenize(self.render(paragraph, glossary))
            on_done(k, answer[:max_tokens], len(answer) > max_tokens)

    @staticmethod
    def render(paragraph, glossary):
        def word(match):
            text = match.group(0)
            for term, english in glossary:
                if occurs(term, text):
                    return english
            english = transliterate(text)
            return english[:1].upper() + english[1:] if text[:1].isupper() else english

        return re.sub(r"[А-Яа-яЁё]+", word, paragraph)


def options(tmp_path, name, engine):
    return RunOptions(translators={"ru": LlmTranslator(engine=engine), "zh": FakeTranslator(batch_size=1)},
                      embedder=FakeEmbedder(), cross_embedder=FakeEmbedder(),
                      cache_path=str(tmp_path / f"{name}.sqlite"))


def english(comparison):
    return {(a.article.id, p.index): p.translation.text for a in comparison.articles for p in a.paragraphs}


@pytest.fixture(autouse=True)
def every_update(monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)


def russian_refs(article_set):
    return [ParagraphRef(a.id, p.index) for a in article_set.articles if a.id.endswith("-ru") for p in a.paragraphs]


def compared_today(tmp_path):
    """The sample set, the pipeline's comparison of it with the engine that made it, and the set's
    Russian paragraphs in the pipeline's order with their texts."""
    article_set = load_article_set(SAMPLE)
    engine = GlossaryEngine()
    today = pipeline.run(article_set, options=options(tmp_path, "today", engine))
    russian = russian_refs(article_set)
    paragraphs = {a.id: a.paragraphs for a in article_set.articles}
    return article_set, today, engine, russian, [paragraphs[r.article][r.index].text for r in russian]


def test_the_fake_llm_depends_on_the_order():
    """Without the stream's care, another order gives other English (so the tests below can fail)."""
    article_set = load_article_set(SAMPLE)
    texts = [p.text for a in article_set.articles if a.id.endswith("-ru") for p in a.paragraphs]
    context = TranslationContext(glossary=article_set.glossary)
    forward = LlmTranslator(engine=GlossaryEngine())
    ahead = [t.text for text in texts for t in forward.translate([text], "ru", context=context)]
    backward = LlmTranslator(engine=GlossaryEngine())
    behind = [t.text for text in reversed(texts) for t in backward.translate([text], "ru", context=context)][::-1]
    assert sum(a != b for a, b in zip(ahead, behind)) >= 3


def test_the_readers_order_ends_with_the_pipelines_english(tmp_path):
    article_set, today, today_engine, russian, _ = compared_today(tmp_path)
    # The reader reads backwards: outside the selected group, the stream still takes each Russian
    # paragraph only once no paragraph before it in the pipeline's order can change its glossary.
    order = stream.ReadingOrder(refs=list(reversed(russian)))
    engine = GlossaryEngine()
    final = stream.run(article_set, options=options(tmp_path, "stream", engine), order=order)
    assert english(final) == english(today)
    assert [(g.members, g.divergence) for g in final.groups] == [(g.members, g.divergence) for g in today.groups]
    assert Counter(engine.jobs) == Counter(today_engine.jobs)  # nothing translated twice


def test_the_selected_group_comes_first_and_is_translated_again_if_its_glossary_was_not_final(tmp_path):
    article_set, today, today_engine, russian, texts = compared_today(tmp_path)
    selected = [len(russian) - 1, len(russian) // 2]
    engine = GlossaryEngine()
    final = stream.run(article_set, options=options(tmp_path, "stream", engine),
                       order=stream.ReadingOrder(urgent=[russian[k] for k in selected]))
    assert engine.jobs[:2] == [texts[k] for k in selected]
    assert english(final) == english(today)
    # Only what was made with another glossary than the pipeline's order gives is translated again.
    again = Counter(engine.jobs) - Counter(today_engine.jobs)
    assert 1 <= again.total() <= len(selected)
    # Stored as the final English: reopening reads the pipeline's translations.
    reopened = pipeline.load_cached(article_set, options(tmp_path, "stream", GlossaryEngine()))
    assert reopened is not None and english(reopened) == english(today)


def blockers(texts, k, depends_on):
    """The paragraphs before the k-th whose names may reach its glossary, directly or through another."""
    found, stack = set(), [k]
    while stack:
        i = stack.pop()
        for j in range(i):
            if j not in found and depends_on(texts[i], texts[j], "ru"):
                found.add(j)
                stack.append(j)
    return sorted(found)


def test_a_selected_paragraph_few_others_can_change_waits_for_them(tmp_path):
    article_set, today, today_engine, russian, flat = compared_today(tmp_path)
    depends_on = LlmTranslator(engine=GlossaryEngine()).depends_on
    waits = {k: blockers(flat, k, depends_on) for k in range(len(flat))}
    few = [k for k, before in waits.items() if 1 <= len(before) <= stream.BLOCKERS_FIRST]
    many = [k for k, before in waits.items() if len(before) > stream.BLOCKERS_FIRST]
    assert few and many  # the sample set has both kinds
    k = few[-1]
    engine = GlossaryEngine()
    final = stream.run(article_set, options=options(tmp_path, "stream", engine),
                       order=stream.ReadingOrder(urgent=[russian[k]]))
    # The few it waits for come first, in the pipeline's order, then the selected one: nothing twice.
    assert engine.jobs[:len(waits[k]) + 1] == [flat[j] for j in waits[k]] + [flat[k]]
    assert english(final) == english(today)
    assert Counter(engine.jobs) == Counter(today_engine.jobs)


class StoppingEngine(GlossaryEngine):
    """Asks the run to stop once it has been given `after` paragraphs."""

    def __init__(self, stop: threading.Event, after: int):
        super().__init__()
        self.stop, self.after = stop, after

    def generate(self, count, make_job, on_done, cancel=None):
        super().generate(count, make_job, on_done, cancel)
        if len(self.jobs) >= self.after:
            self.stop.set()


def test_a_stop_drops_english_made_ahead_of_its_turn_and_reopening_ends_with_the_pipelines(tmp_path):
    from compare.types import Cancelled

    article_set, today, _, russian, texts = compared_today(tmp_path)
    depends_on = LlmTranslator(engine=GlossaryEngine()).depends_on
    context = TranslationContext(glossary=article_set.glossary)

    def alone(k):  # the paragraph's English when nothing was translated before it
        return LlmTranslator(engine=GlossaryEngine()).translate([texts[k]], "ru", context=context)[0].text

    made_otherwise = [k for k in range(len(russian)) if len(blockers(texts, k, depends_on)) > stream.BLOCKERS_FIRST
                      and alone(k) != english(today)[(russian[k].article, russian[k].index)]]
    assert made_otherwise  # the sample set has such a paragraph
    selected = made_otherwise[0]
    stop = threading.Event()
    seen = {}

    def on_update(update):
        seen.update(english(update.comparison))

    with pytest.raises(Cancelled):
        stream.run(article_set, options=options(tmp_path, "stream", StoppingEngine(stop, 1)), cancel=stop,
                   on_update=on_update, order=stream.ReadingOrder(urgent=[russian[selected]]))
    ref = russian[selected]
    # It was translated first, ahead of the paragraphs whose names its glossary should have had.
    assert seen[(ref.article, ref.index)] != english(today)[(ref.article, ref.index)]
    final = stream.run(article_set, options=options(tmp_path, "stream", GlossaryEngine()))
    assert english(final) == english(today)


def test_recall_gives_the_names_a_run_in_that_order_learns():
    article_set = load_article_set(SAMPLE)
    texts = [p.text for a in article_set.articles if a.id == "03-agency-ru" for p in a.paragraphs][:4]
    context = TranslationContext(glossary=article_set.glossary)
    run = LlmTranslator(engine=GlossaryEngine())
    made = [run.translate([text], "ru", context=context)[0] for text in texts]
    names = dict(run.names)
    fresh = LlmTranslator(engine=GlossaryEngine())
    fresh.recall(texts, "ru", dict(enumerate(made)))
    assert fresh.names == names and list(fresh.names) == list(names)
    expected = {}
    for text, translation in zip(texts, made):
        expected.update(learn_names(text, translation.text))
    assert list(expected.items()) == list(names.items())
    # The translator knows what it made: recalling fewer paragraphs before the fourth gives it another
    # glossary than the one it was translated with.
    run.recall(texts[:3], "ru")
    assert not run.made_otherwise(texts[3], "ru")
    full = run._glossary_for(texts[3], article_set.glossary, "ru")
    run.recall(texts[:1], "ru")
    assert run._glossary_for(texts[3], article_set.glossary, "ru") != full
    assert run.made_otherwise(texts[3], "ru")


def test_names_are_learned_in_the_order_they_occur():
    source = "Песков, Ушаков, Лавров, Мантуров, Новак и Миллер прибыли в Харбин."
    english = "Peskov, Ushakov, Lavrov, Manturov, Novak and Miller arrived in Harbin."
    assert list(learn_names(source, english)) == ["Песков", "Ушаков", "Лавров", "Мантуров", "Новак", "Миллер",
                                                  "Харбин"]


def test_settle_through_the_cache_and_the_splitter_gives_the_forward_orders_english(tmp_path):
    """Paragraphs cut into pieces, translated backwards with only what each had before it known, then
    settled: the English a forward run makes, and only the paragraphs made otherwise translated again."""
    from compare.cache import Cache
    from compare.translate.cached import CachedTranslator
    from compare.translate.split import SplittingTranslator

    article_set = load_article_set(SAMPLE)
    texts = [p.text for a in article_set.articles if a.id.endswith("-ru") for p in a.paragraphs][:8]
    contexts = [TranslationContext(glossary=article_set.glossary)] * len(texts)

    def stack(name, engine):
        return SplittingTranslator(CachedTranslator(LlmTranslator(engine=engine), Cache(tmp_path / name)),
                                   max_chars=120)

    forward = stack("forward.sqlite", GlossaryEngine())
    ahead = [forward.translate([text], "ru", context=contexts[0])[0].text for text in texts]
    engine = GlossaryEngine()
    backward = stack("backward.sqlite", engine)
    for k in reversed(range(len(texts))):
        backward.recall(texts[:k], "ru")
        backward.translate([texts[k]], "ru", context=contexts[k])
    jobs = len(engine.jobs)
    again = backward.settle(texts, "ru", contexts)
    assert again and set(again) < set(range(len(texts)))
    assert [backward.translate([text], "ru")[0].text for text in texts] == ahead
    assert [again[k].text for k in sorted(again)] == [ahead[k] for k in sorted(again)]
    assert len(engine.jobs) > jobs
    # Settled once, nothing is made otherwise any more.
    assert backward.settle(texts, "ru", contexts) == {}
