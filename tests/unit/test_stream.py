"""The streaming translation: provisional comparisons first, the pipeline's own comparison at the end."""

import json
import threading
from pathlib import Path

import pytest

from compare import pipeline, provisional, report, result_json, stream
from compare.corpus import load_article_set
from compare.pipeline import RunOptions
from compare.types import Cancelled, ParagraphRef

from fakes import FakeEmbedder, FakeTranslator

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024"


def fake_options(tmp_path, name: str, translator: FakeTranslator | None = None, **kw) -> RunOptions:
    translator = translator or FakeTranslator()
    return RunOptions(translators={"ru": translator, "zh": translator}, embedder=FakeEmbedder(),
                      cross_embedder=FakeEmbedder(), cache_path=str(tmp_path / f"{name}.sqlite"), **kw)


@pytest.fixture(autouse=True)
def every_update(monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)


def _groups(comparison):
    return [(g.members, g.similarity, g.links, g.closest, g.divergence) for g in comparison.groups]


def test_the_final_comparison_is_the_pipelines_and_is_stored_as_its(tmp_path):
    article_set = load_article_set(SAMPLE)
    today = pipeline.run(article_set, options=fake_options(tmp_path, "today"))
    updates = []
    opts = fake_options(tmp_path, "stream")
    final = stream.run(article_set, options=opts, on_update=updates.append)
    assert _groups(final) == _groups(today)
    assert final.article_divergences == today.article_divergences
    assert final.articles == today.articles
    assert not final.provisional and not any(g.provisional for g in final.groups)
    assert updates[-1].final and updates[-1].comparison is final and updates[-1].left == 0
    # Stored as the pipeline stores it: the UI and `parallax report` reopen it.
    reopened = pipeline.load_cached(article_set, opts)
    assert reopened is not None and _groups(reopened) == _groups(today)


def test_provisional_comparisons_come_first_and_say_what_waits(tmp_path):
    article_set = load_article_set(SAMPLE)
    updates = []
    stream.run(article_set, options=fake_options(tmp_path, "s"), on_update=updates.append)
    first = updates[0]
    assert first.comparison.provisional and not first.final
    assert first.left == first.total == 47  # every Russian and Chinese paragraph of the sample set
    waiting = {ParagraphRef(a.id, p.index) for a in first.comparison.articles for p in a.paragraphs
               if p.translation.pending}
    assert len(waiting) == 47
    assert all(p.translation.text == p.text for a in first.comparison.articles for p in a.paragraphs
               if p.translation.pending)
    for group in first.comparison.groups:
        waits = any(ParagraphRef(a, i) in waiting for a, indices in group.members for i in indices)
        assert group.provisional == waits
        if waits:
            assert not {d.kind for d in group.divergence.items} & provisional.NEEDS_ENGLISH
    # Every paragraph in exactly one group, from the start.
    refs = [ParagraphRef(a, i) for g in first.comparison.groups for a, indices in g.members for i in indices]
    assert len(refs) == len(set(refs)) == sum(len(a.paragraphs) for a in article_set.articles)
    # Each update has one paragraph more in English, and says which.
    lefts = [u.left for u in updates]
    assert lefts == sorted(lefts, reverse=True) and lefts[-1] == 0
    assert sum(len(u.landed) for u in updates) == 47


def test_paragraphs_are_translated_in_the_readers_order_and_follow_a_new_selection(tmp_path):
    article_set = load_article_set(SAMPLE)
    translator = FakeTranslator()
    order = stream.ReadingOrder()
    wanted = [ParagraphRef("06-party-zh", 3), ParagraphRef("04-business-ru", 5)]
    order.set([], urgent=wanted)
    moved = [ParagraphRef("03-agency-ru", 7)]

    def on_update(update):
        if len(translator.calls) == 2:  # the reader selects another group
            order.set([], urgent=moved)

    stream.run(article_set, options=fake_options(tmp_path, "s", translator), on_update=on_update, order=order)
    texts = {a.id: a.paragraphs for a in article_set.articles}
    first = [texts[r.article][r.index].text for r in wanted + moved]
    assert [call[0] for call in translator.calls[:3]] == first
    assert all(len(call) == 1 for call in translator.calls)
    assert len(translator.calls) == 47


def test_stopping_keeps_what_is_done_and_reopening_continues(tmp_path):
    article_set = load_article_set(SAMPLE)
    translator = FakeTranslator()
    cancel = threading.Event()

    def on_update(update):
        if len(translator.calls) >= 5:
            cancel.set()

    opts = fake_options(tmp_path, "s", translator)
    with pytest.raises(Cancelled):
        stream.run(article_set, options=opts, on_update=on_update, cancel=cancel)
    done = len(translator.calls)
    assert 5 <= done < 47
    again = FakeTranslator()
    updates = []
    stream.run(article_set, options=fake_options(tmp_path, "s", again), on_update=updates.append)
    assert len(again.calls) == 47 - done
    assert updates[0].left == 47 - done


def test_a_set_with_everything_translated_shows_no_provisional_step(tmp_path):
    article_set = load_article_set(SAMPLE)
    opts = fake_options(tmp_path, "s")
    pipeline.run(article_set, options=opts)
    updates = []
    final = stream.run(article_set, options=fake_options(tmp_path, "s"), on_update=updates.append)
    assert [u.final for u in updates] == [True] and not final.provisional


def test_the_report_says_which_groups_are_provisional_and_the_cache_reads_older_rows(tmp_path):
    article_set = load_article_set(SAMPLE)
    updates = []
    stream.run(article_set, options=fake_options(tmp_path, "s"), on_update=updates.append)
    data = report.to_dict(updates[0].comparison)
    assert data["provisional"] is True
    assert data["provisional_groups"] == [g["id"] for g in data["groups"] if g["provisional"]]
    assert data["provisional_groups"]
    pending = [p for a in data["articles"] for p in a["paragraphs"] if p["translation_pending"]]
    assert len(pending) == 47 and all(p["translation_model"] == provisional.PENDING_MODEL for p in pending)
    final = report.to_dict(updates[-1].comparison)
    assert final["provisional"] is False and final["provisional_groups"] == []
    # A comparison stored before these fields existed still reads, as final.
    stored = json.loads(result_json.dumps(updates[-1].comparison))
    for group in stored["value"]["groups"]:
        del group["provisional"]
    for article in stored["value"]["articles"]:
        for paragraph in article["paragraphs"]:
            del paragraph["translation"]["pending"]
    del stored["value"]["provisional"]
    old = result_json.loads(json.dumps(stored))
    assert not old.provisional and not any(g.provisional for g in old.groups)


def test_first_translates_nothing_and_the_cli_prints_it(tmp_path, monkeypatch, capsys):
    article_set = load_article_set(SAMPLE)
    translator = FakeTranslator()
    opts = fake_options(tmp_path, "s", translator)
    comparison = stream.first(article_set, options=opts)
    assert comparison.provisional and translator.calls == []
    from compare import cli

    monkeypatch.setattr(cli, "run_options", lambda args: opts)
    assert cli.main(["report", str(SAMPLE), "--provisional", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provisional"] is True and data["provisional_groups"]
    assert translator.calls == []
    # Once everything is translated, --provisional prints the final comparison.
    pipeline.run(article_set, options=opts)
    assert cli.main(["report", str(SAMPLE), "--provisional", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["provisional"] is False


def test_outside_the_selected_group_a_paragraph_in_the_same_language_may_come_first(tmp_path):
    article_set = load_article_set(SAMPLE)
    translator = FakeTranslator()
    langs = []

    class Spy(FakeTranslator):
        def translate(self, paragraphs, src, **kw):
            langs.append(src)
            return translator.translate(paragraphs, src, **kw)

    spy = Spy()
    opts = RunOptions(translators={"ru": spy, "zh": spy}, embedder=FakeEmbedder(), cross_embedder=FakeEmbedder(),
                      cache_path=str(tmp_path / "s.sqlite"))
    stream.run(article_set, options=opts)
    switches = sum(1 for a, b in zip(langs, langs[1:]) if a != b)
    # 47 paragraphs in two languages, in groups that mix them: few changes of language.
    assert len(langs) == 47 and switches <= 6
