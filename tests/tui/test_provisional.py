"""A new set through the app: groups from the originals first, English streaming in, the final comparison."""

from __future__ import annotations

import sys
import threading
from functools import partial
from pathlib import Path

from compare import pipeline, stream
from compare.corpus import load_article_set
from compare.pipeline import RunOptions
from compare.types import Cancelled, ParagraphRef, Translation

from tui.app import make_app
from tui.screens.main import MainScreen
from tui.widgets.status_bar import StatusBar

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from fakes import FakeEmbedder, FakeTranslator  # noqa: E402
from conftest import wait_for as wait_until

SIZE = (160, 44)
RU = {"путин": "Putin", "прибыл": "arrived", "в": "in", "пекин": "Beijing", "торговля": "trade",
      "выросла": "grew", "газ": "gas", "сибири": "Siberia", "пойдёт": "goes", "китай": "China",
      "погода": "weather", "была": "was", "хорошей": "fine", "рекордного": "record", "уровня": "level",
      "до": "to", "на": "for", "переговоры": "talks", "с": "with", "китайским": "Chinese", "лидером": "leader"}
EN = ["Putin arrived in Beijing for talks with the Chinese leader.",
      "Trade grew to a record level last year, officials said.",
      "Gas from Siberia goes to China through a new pipe.",
      "The weather was fine."]
RU_TEXTS = ["Торговля выросла до рекордного уровня.",
            "Путин прибыл в Пекин на переговоры с китайским лидером.",
            "Газ Сибири пойдёт в Китай.",
            "Погода была хорошей."]


class Recording(FakeTranslator):
    """A slow translator that says which paragraph it is on.

    With `gated`, each call also waits until the test lets one paragraph
    through (`let_through`), so what has landed is up to the test, not to
    how busy the machine is.
    """

    def __init__(self, slow: float, gated: bool = False):
        super().__init__(RU, batch_size=1, slow=slow)
        self.started: list[str] = []
        self.gate = threading.Semaphore(0) if gated else None

    def let_through(self, paragraphs: int = 1) -> None:
        for _ in range(paragraphs):
            self.gate.release()

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        self.started += list(paragraphs)
        while self.gate is not None and not self.gate.acquire(timeout=0.05):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
        return super().translate(paragraphs, src, context=context, on_step=on_step, cancel=cancel)


def make_set(root: Path) -> Path:
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text('[set]\ntitle = "Streaming"\n', encoding="utf-8")
    (root / "articles" / "01-en.md").write_text('+++\noutlet = "Wire"\n+++\n\n' + "\n\n".join(EN) + "\n",
                                                encoding="utf-8")
    (root / "articles" / "02-ru.md").write_text('+++\noutlet = "Агентство"\nlang = "ru"\n+++\n\n'
                                                + "\n\n".join(RU_TEXTS) + "\n", encoding="utf-8")
    return root


def options(tmp_path: Path, translator) -> RunOptions:
    return RunOptions(translators={"ru": translator}, embedder=FakeEmbedder(), cross_embedder=FakeEmbedder(),
                      cache_path=str(tmp_path / "cache.sqlite"))


def app_for(path: Path, opts: RunOptions):
    return make_app(str(path), run_pipeline=partial(pipeline.run, options=opts),
                    load_cached=partial(pipeline.load_cached, options=opts),
                    stream=partial(stream.run, options=opts), export_dir=path.parent)


async def wait_for(pilot, predicate, timeout: float = 20.0) -> None:
    """As conftest's, with the longer wait a slow fake translator needs."""
    await wait_until(pilot, predicate, timeout)


async def live_screen(pilot) -> MainScreen:
    """The main screen of a streamed comparison, its grid drawn."""
    app = pilot.app
    await wait_for(pilot, lambda: app.streaming and isinstance(app.screen, MainScreen)
                   and app.screen.is_mounted and bool(app.screen.grid.groups))
    await pilot.pause()
    return app.screen


def group_holding(comparison, article: str, index: int):
    return next(g for g in comparison.groups if index in g.paragraphs_of(article))


def cell_text(grid, row: str, column: str) -> str:
    cell = grid.get_cell(row, column)
    return getattr(cell, "plain", None) or str(cell)  # a lazily drawn cell says its text as `plain`


def status_text(screen) -> str:
    return str(screen.query_one(StatusBar).render())


async def test_a_new_set_opens_provisional_and_ends_as_the_pipelines_keeping_selection_and_marks(tmp_path,
                                                                                                 monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)
    root = make_set(tmp_path / "set")
    translator = Recording(slow=0.0, gated=True)
    app = app_for(root, options(tmp_path, translator))
    async with app.run_test(size=SIZE) as pilot:
        screen = await live_screen(pilot)
        first = screen.comparison
        pending = {i for i, p in enumerate(first.article("02-ru").paragraphs) if p.translation.pending}
        assert first.provisional and pending
        assert all(g.provisional == bool(set(g.paragraphs_of("02-ru")) & pending) for g in first.groups)
        # Provisional groups: from the originals, whose words the two languages do not share here.
        assert group_holding(first, "01-en", 0).articles == ("01-en",)
        assert "¶ to translate" in status_text(screen) and "provisional" in status_text(screen)
        # The reader selects Wire ¶1 and marks it with a note.
        assert screen.grid.select_group(group_holding(first, "01-en", 0).id)
        await pilot.pause()
        await pilot.press("m")
        group = screen.grid.current_group
        screen.marked[group.id] = "the talks"
        screen._marks_changed(group)
        translator.let_through(4)
        await wait_for(pilot, lambda: not app.streaming)
        await pilot.pause()
        final = screen.comparison
        assert not final.provisional and not any(g.provisional for g in final.groups)
        # The selection and the mark followed Wire ¶1 into its final group, now with the Russian ¶2.
        selected = screen.grid.current_group
        assert 0 in selected.paragraphs_of("01-en") and 1 in selected.paragraphs_of("02-ru")
        assert screen.marked == {selected.id: "the talks"}
        assert "⚑" in cell_text(screen.grid, str(selected.id), "badge")
        # A group that changed says so.
        assert selected.id in screen.grid.changed
        assert "↻" in cell_text(screen.grid, str(selected.id), "badge")
        assert "to translate" not in status_text(screen)
        assert len(translator.started) == 4
    # The final comparison is the pipeline's on the same translations, and stored as it.
    today = pipeline.run(load_article_set(root), options=options(tmp_path / "today", FakeTranslator(RU)))
    assert [(g.members, g.divergence) for g in final.groups] == [(g.members, g.divergence) for g in today.groups]
    reopened = pipeline.load_cached(load_article_set(root), options(tmp_path, FakeTranslator(RU)))
    assert reopened is not None and [g.members for g in reopened.groups] == [g.members for g in today.groups]


async def test_once_all_is_in_english_the_status_says_the_final_groups_are_being_made(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)

    class Held(FakeEmbedder):
        """The English model, held until the test lets it embed."""

        def __init__(self):
            super().__init__()
            self.go = threading.Event()

        def embed(self, texts):
            self.go.wait(20.0)
            return super().embed(texts)

    translator, english = Recording(slow=0.0, gated=True), Held()
    opts = RunOptions(translators={"ru": translator}, embedder=english, cross_embedder=FakeEmbedder(),
                      cache_path=str(tmp_path / "cache.sqlite"))
    app = app_for(make_set(tmp_path / "set"), opts)
    async with app.run_test(size=SIZE) as pilot:
        screen = await live_screen(pilot)
        translator.let_through(4)
        await wait_for(pilot, lambda: "all in English, final groups: embedding" in status_text(screen))
        assert "to translate" not in status_text(screen)
        english.go.set()
        await wait_for(pilot, lambda: not app.streaming)
        await pilot.pause()
        assert "final groups" not in status_text(screen) and not screen.comparison.provisional


async def test_english_replaces_the_original_in_place_and_t_still_shows_either(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)
    root = make_set(tmp_path / "set")
    translator = Recording(slow=0.0, gated=True)
    app = app_for(root, options(tmp_path, translator))
    async with app.run_test(size=SIZE) as pilot:
        screen = await live_screen(pilot)
        ru = screen.comparison.article("02-ru")
        assert all(p.translation.pending and p.translation.text == p.text for p in ru.paragraphs)
        translator.let_through(1)
        await wait_for(pilot, lambda: any(not p.translation.pending
                                          for p in screen.comparison.article("02-ru").paragraphs))
        await pilot.pause()
        landed = [p for p in screen.comparison.article("02-ru").paragraphs if not p.translation.pending]
        assert len(landed) == 1
        paragraph = landed[0]
        gid = group_holding(screen.comparison, "02-ru", paragraph.index).id
        cell = cell_text(screen.grid, str(gid), "02-ru")
        assert paragraph.translation.text.split()[0] in cell
        await pilot.press("t")
        assert RU_TEXTS[paragraph.index].split()[0] in cell_text(screen.grid, str(gid), "02-ru")
        app.stop_translation()
        await wait_for(pilot, lambda: not app.streaming)


async def test_translation_follows_the_selection(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)
    root = make_set(tmp_path / "set")
    translator = Recording(slow=0.0, gated=True)
    app = app_for(root, options(tmp_path, translator))
    async with app.run_test(size=SIZE) as pilot:
        screen = await live_screen(pilot)
        last = group_holding(screen.comparison, "02-ru", 3)
        assert screen.grid.select_group(last.id)
        await wait_for(pilot, lambda: ParagraphRef("02-ru", 3) in app._order.get()[0])  # the UI handed it on
        translator.let_through(4)
        await wait_for(pilot, lambda: RU_TEXTS[3] in translator.started)
        # Asked for while the first paragraph was on its way: it comes next, not fourth.
        assert translator.started.index(RU_TEXTS[3]) <= 1
        app.stop_translation()
        await wait_for(pilot, lambda: not app.streaming)


async def test_escape_stops_translation_keeping_what_is_done_and_reopening_continues(tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)
    root = make_set(tmp_path / "set")
    translator = Recording(slow=0.0, gated=True)
    app = app_for(root, options(tmp_path, translator))
    async with app.run_test(size=SIZE) as pilot:
        await live_screen(pilot)
        translator.let_through(1)
        await wait_for(pilot, lambda: len(translator.started) >= 2)  # the second waits at the gate
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.streaming)
        screen: MainScreen = app.screen
        await pilot.pause(0.6)
        assert screen.comparison.provisional
        assert "translation stopped" in status_text(screen)
        done = len(translator.started)
        assert done < 4
    again = Recording(slow=0.0)
    app = app_for(root, options(tmp_path, again))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and not app.comparison.provisional)
        # What the first run finished (at most the one cut short redone) is not translated again.
        assert len(again.started) <= 4 - done + 1


async def test_an_export_made_while_translating_says_which_groups_are_provisional(tmp_path, monkeypatch):
    import json

    monkeypatch.setattr(stream, "REFRESH_EVERY", 0.0)
    root = make_set(tmp_path / "set")
    app = app_for(root, options(tmp_path, Recording(slow=0.0, gated=True)))
    async with app.run_test(size=SIZE) as pilot:
        await live_screen(pilot)
        await pilot.pause()
        data = json.loads(app._render(app.screen.comparison, "json"))
        assert data["provisional"] is True and data["provisional_groups"]
        assert {g["id"] for g in data["groups"] if g["provisional"]} == set(data["provisional_groups"])
        app.stop_translation()
        await wait_for(pilot, lambda: not app.streaming)
