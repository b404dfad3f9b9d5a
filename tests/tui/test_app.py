"""Pilot tests: the user path through the UI, against the fake engine."""

from __future__ import annotations

import html
import json
import re

import pytest
from rich.text import Text

from compare.text.scripts import word_count
from tui import view
from tui.sanitize import clean, literal, one_line
from tui.screens.export import ExportScreen
from tui.screens.filter import FilterScreen
from tui.screens.main import SEARCH_DELAY
from tui.screens.help import HelpScreen
from tui.screens.loading import LoadingScreen
from tui.screens.main import MainScreen
from tui.screens.overview import OverviewScreen
from tui.screens.set_picker import SetPickerScreen
from tui.widgets.aligned_grid import AlignedGrid
from tui.widgets.detail_pane import DetailPane

from conftest import HOSTILE, FakeEngine, wait_for

SIZE = (120, 36)


async def main_screen(pilot) -> MainScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await pilot.pause()
    return pilot.app.screen


def shown_ids(screen: MainScreen) -> list[int]:
    return [g.id for g in screen.query_one(AlignedGrid).groups]


def cell_text(grid: AlignedGrid, group_id: int, article_id: str) -> str:
    return grid.get_cell(str(group_id), article_id).plain


def screen_text(app) -> str:
    """What the terminal would show, as plain text (from the SVG screenshot)."""
    svg = app.export_screenshot()
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return html.unescape("".join(texts)).replace("\xa0", " ")


# -- sanitize (the helper every article string goes through) -----------------


def test_clean_makes_controls_visible():
    assert clean("a\x1b[31mb") == "a␛[31mb"
    assert clean("\x1b]0;title\x07") == "␛]0;title␇"
    assert clean("x\x00y\x08z\x7f") == "x␀y␈z␡"
    assert clean("\x9b2J") == "\\x9b2J"
    assert clean("a\r\nb\rc") == "a\nb\nc"
    assert clean("tab\there") == "tab    here"
    assert clean("\u202eevil") == "‹U+202E›evil"
    assert clean("\ud800") == "\ufffd"
    assert clean(None) == ""
    assert "\x1b" not in clean(HOSTILE)


def test_one_line_and_literal():
    assert one_line("a\n\nb   c\t") == "a b c"
    text = literal("[bold red]markup[/]")
    assert isinstance(text, Text)
    assert text.plain == "[bold red]markup[/]"
    assert not text.spans


# -- view model ------------------------------------------------------------


def test_reading_order_follows_anchor(comparison):
    assert [g.id for g in view.ordered_groups(comparison, "01-wire-en")] == [0, 1, 2, 3, 4]
    # In the Chinese article: meeting, praise, trade, multipolar; the
    # "invasion" group it lacks goes after the Russian paragraph before it.
    assert [g.id for g in view.ordered_groups(comparison, "03-daily-zh")] == [0, 1, 2, 3, 4]
    assert [g.id for g in view.ordered_groups(comparison, "02-agency-ru")][:3] == [0, 1, 2]


def test_reading_order_puts_what_the_anchor_lacks_beside_its_neighbours_and_other_stories_last():
    from types import SimpleNamespace

    from compare.types import Group

    def group(number, *members):
        return Group(number, tuple((article, (index,)) for article, index in members), 0.5)

    groups = (group(0, ("a", 0), ("b", 1)), group(1, ("a", 1), ("b", 2)),
              group(2, ("b", 0)),  # b's headline, before what it shares with a
              group(3, ("c", 0)), group(4, ("c", 1)),  # c reports another story
              group(5, ("b", 3)))  # after b's second shared paragraph
    comparison = SimpleNamespace(groups=groups, articles=[SimpleNamespace(id=i) for i in "abc"])
    assert [g.id for g in view.ordered_groups(comparison, "a")] == [2, 0, 1, 5, 3, 4]


def test_outlet_names_drop_a_long_beginning_they_all_share():
    from compare.types import Article, LanguageGuess, ProcessedArticle

    def made(article_id, outlet):
        return ProcessedArticle(article=Article(id=article_id, outlet=outlet, paragraphs=()),
                                language=LanguageGuess("en", 1.0), paragraphs=())

    names = view.outlet_names([made("01", "g7_warns_russia_ukraine__en__rte.en.ie.26277"),
                               made("02", "g7_warns_russia_ukraine__ru__kommersant.51685")])
    assert names == {"01": "en__rte.en.ie.26277", "02": "ru__kommersant.51685"}
    # short shared beginnings and names that are one another's start stay whole
    assert view.outlet_names([made("01", "The Times"), made("02", "The Guardian")]) == {
        "01": "The Times", "02": "The Guardian"}
    assert view.outlet_names([made("01", "Channel One Russia"), made("02", "Channel One Russia News")]) == {
        "01": "Channel One Russia", "02": "Channel One Russia News"}


def test_emphasis_figures(comparison):
    stats = {e.article.id: e for e in view.emphasis(comparison)}
    assert pytest.approx(sum(stats["01-wire-en"].share.values())) == 1.0
    assert [g.id for g in stats["03-daily-zh"].only_here] == [4]
    assert 3 in [g.id for g in stats["01-wire-en"].omits]
    assert word_count("双方支持多极化世界。") == 9


# -- the user path -----------------------------------------------------------


async def test_load_shows_grid(make_test_app, engine):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        grid = screen.query_one(AlignedGrid)
        assert grid.row_count == 5
        assert [str(c.key.value) for c in grid.ordered_columns] == [
            "badge", "01-wire-en", "02-agency-ru", "03-daily-zh"]
        assert "possibly ¶1?" in cell_text(grid, 1, "02-agency-ru")  # its ¶1 comes close: not an omission
        assert "OMIT" in grid.get_cell("1", "badge").plain
        assert {p.stage for p in engine.progress} == set(FakeEngine.STAGES)
        assert app.title == "Parallax"


async def test_navigate_toggle_and_anchor(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        grid = screen.query_one(AlignedGrid)
        await pilot.press("down", "down")
        assert grid.current_group.id == 2
        assert "Leaders of Russia" not in cell_text(grid, 0, "02-agency-ru")
        assert "The leaders of Russia" in cell_text(grid, 0, "02-agency-ru")
        await pilot.press("t")
        assert "Лидеры России" in cell_text(grid, 0, "02-agency-ru")
        assert "中俄两国" in cell_text(grid, 0, "03-daily-zh")
        assert grid.current_group.id == 2  # the cursor stays on its group
        await pilot.press("t", "a")
        assert screen.anchor == "02-agency-ru"
        assert str(grid.ordered_columns[1].key.value) == "02-agency-ru"
        assert grid.current_group.id == 2


async def test_detail_pane(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        detail = screen.query_one(DetailPane)
        assert not detail.display
        # Group 1's omitting outlet has a paragraph at 0.55, group 2's only one at 0.31.
        grid_text = screen_text(app)
        assert grid_text.count("╶ possibly ¶") == 1 and "╶ omitted ╴" in grid_text
        await pilot.press("down", "down", "enter")
        assert detail.display
        title = detail.query_one("#detail-title").render()
        assert "Group #2" in str(title)
        text = screen_text(app)
        assert "invasion" in text and "special military operation" in text
        assert "FRAME" in text and "0.85" in text
        # Highlights on both sides: the evidence spans carry a style.
        columns = [s.visual for s in detail.query(".detail-column Static")]
        assert len(columns) == 3  # the two that carry it, and the nearest paragraph of the one that omits it
        closest = str(detail.query_one(".detail-closest Static").visual)
        assert "omits this?" in closest and "0.31" in closest and "multipolar" in closest
        await pilot.press("down")  # the pane follows the cursor
        assert "Group #3" in str(detail.query_one("#detail-title").render())
        await pilot.press("escape")
        assert not detail.display


async def test_filter_dialog_and_strength_keys(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FilterScreen))
        framing = [b for b in app.screen.query("#filter-kind RadioButton") if "framing" in str(b.label)][0]
        await pilot.click(framing)
        await pilot.click("#filter-apply")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert shown_ids(screen) == [1, 2]
        for _ in range(5):
            await pilot.press("right_square_bracket")
        assert screen.min_strength == 0.5
        assert shown_ids(screen) == [2]
        await pilot.press("escape")  # clears the filter
        assert shown_ids(screen) == [0, 1, 2, 3, 4]
        await pilot.press("k")
        assert screen.kind == "omission" and shown_ids(screen) == [1, 3]


async def test_jump_between_divergences(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        grid = screen.query_one(AlignedGrid)
        assert grid.current_group.id == 0  # tone 0.2: below the jump threshold
        await pilot.press("n")
        assert grid.current_group.id == 1
        await pilot.press("n", "n", "n")
        assert grid.current_group.id == 4
        await pilot.press("n")  # wraps, skipping the weak group 0
        assert grid.current_group.id == 1
        await pilot.press("p")
        assert grid.current_group.id == 4
        await pilot.press("N")
        assert grid.current_group.id == 3


async def test_search(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        await pilot.press("slash")
        await pilot.press(*"multipolar")
        await pilot.press("enter")  # shows the result at once
        assert shown_ids(screen) == [4]
        assert screen.query_one(AlignedGrid).has_focus
        await pilot.press("slash")
        screen.query_one("#search").value = ""
        await pilot.press(*"Пекине")  # the original Russian text is searched too
        await pilot.pause(SEARCH_DELAY + 0.2)  # as you type, once the keys stop
        assert shown_ids(screen) == [0]
        await pilot.press("escape")
        assert shown_ids(screen) == [0, 1, 2, 3, 4]
        await pilot.press("slash", *"[bold", "enter")  # markup-like queries are just text
        assert shown_ids(screen) == [1]


async def test_the_search_box_is_made_when_the_search_is_first_opened(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        assert not screen.query("#search")
        await pilot.press("slash", *"multipolar")
        assert screen.query_one("#search").has_focus
        await pilot.press("escape", "slash")
        assert len(screen.query("#search")) == 1 and screen.query_one("#search").has_focus


async def test_keys_pasted_right_after_slash_go_to_the_search(make_test_app):
    """ "/multipolar" arriving at once: the keys come before the search box has focus,
    and "a" must not change the anchor nor "n" jump to the next divergence."""
    from textual import events

    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        anchor = screen.anchor
        for key, char in [("slash", "/"), *((c, c) for c in "multipolar"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert screen.query_one("#search").value == "multipolar"
        assert screen.anchor == anchor and shown_ids(screen) == [4]
        await pilot.press("a")  # once the search is done, keys are bindings again
        assert screen.anchor != anchor


async def test_keys_pasted_after_slash_survive_the_search_box_taking_focus(make_test_app):
    """The search box selects its text when it takes focus: keys that arrived before it did
    must not be that text, or the next key replaces them ("/Harbin" after the detail pane
    had been open searched for "n")."""
    from textual import events

    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        await pilot.press("enter")  # the detail pane, then back
        await pilot.press("escape")
        for key, char in [("slash", "/"), *((c, c) for c in "multipolar"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert screen.query_one("#search").value == "multipolar"
        # an earlier query is replaced by what is typed, as when typing after the box has focus
        await pilot.press("escape")
        screen.query_one("#search").value = "Beijing"
        for key, char in [("slash", "/"), *((c, c) for c in "multipolar"), ("enter", "\r")]:
            app.post_message(events.Key(key, char))
        await pilot.pause(0.3)
        assert screen.query_one("#search").value == "multipolar" and shown_ids(screen) == [4]


async def test_search_as_you_type_redraws_once_the_keys_stop(make_test_app, monkeypatch):
    from tui.screens import main

    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        redraws = []
        original = screen.refresh_view
        screen.refresh_view = lambda *a, **kw: (redraws.append(screen.query_text), original(*a, **kw))
        # Keys come slower than the delay on a loaded machine: a long one while typing, the real one for the last key.
        monkeypatch.setattr(main, "SEARCH_DELAY", 60.0)
        await pilot.press("slash", *"multipola")
        assert redraws == []
        monkeypatch.setattr(main, "SEARCH_DELAY", SEARCH_DELAY)
        await pilot.press("r")
        await pilot.pause(SEARCH_DELAY + 0.2)
        assert redraws == ["multipolar"] and shown_ids(screen) == [4]


@pytest.mark.parametrize("fmt, radio, suffix, expect", [
    ("json", 0, "json", '"Tiny summit"'),
    ("markdown", 1, "md", "format: markdown"),
    ("html", 2, "html", "format: html"),
])
async def test_export(make_test_app, engine, tmp_path, fmt, radio, suffix, expect):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await main_screen(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        buttons = list(app.screen.query("#export-format RadioButton"))
        await pilot.click(buttons[radio])
        target = tmp_path / "out" / f"report.{suffix}"
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-do")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert engine.rendered == [fmt]
        content = target.read_text(encoding="utf-8")
        assert expect in content
        if fmt == "json":
            assert json.loads(content)["set"]["path"] == "corpora/tiny-summit"


async def test_export_asks_before_replacing_a_file_and_keeps_the_users_name(make_test_app, engine, tmp_path):
    app = make_test_app()
    target = tmp_path / "my-notes.json"
    target.write_text("notes I made", encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await main_screen(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-do")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen) and engine.rendered == []
        assert "my-notes.json exists" in str(app.screen.query_one("#export-error").render())
        assert target.read_text(encoding="utf-8") == "notes I made"
        buttons = list(app.screen.query("#export-format RadioButton"))
        await pilot.click(buttons[1])  # Markdown: the name stays the user's
        assert app.screen.query_one("#export-path").value == str(tmp_path / "my-notes.md")
        await pilot.click(buttons[0])
        await pilot.click("#export-do")  # asked once already: replaces it
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert engine.rendered == ["json"] and json.loads(target.read_text(encoding="utf-8"))


async def test_marks_are_shown_kept_and_exported_alone(make_test_app, engine, tmp_path):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        grid = screen.query_one(AlignedGrid)
        first = grid.current_group.id
        await pilot.press("m")
        assert screen.marked == {first: ""}
        assert "⚑" in grid.get_cell(str(first), "badge").plain
        assert "⚑ 1 marked" in screen_text(app)
        await pilot.press("down", "m", "m")  # marked and unmarked again: nothing left of it
        assert screen.marked == {first: ""}
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert app.screen.query_one("#export-marked").value  # marks made: only those, unless unticked
        target = tmp_path / "found.json"
        app.screen.query_one("#export-path").value = str(target)
        await pilot.click("#export-do")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert [g["id"] for g in json.loads(target.read_text(encoding="utf-8"))["groups"]] == [first]
    # The next run of the UI on the same set finds the mark again
    again = make_test_app()
    async with again.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        assert screen.marked == {first: ""}
        assert "⚑" in screen.query_one(AlignedGrid).get_cell(str(first), "badge").plain


async def test_the_status_line_keeps_its_counts_in_80_columns(make_test_app):
    """A filter, a search and a mark at 80 x 24: the line gives way, the counts stay on screen."""
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await main_screen(pilot)
        await pilot.press("m")
        screen.set_filter(None, 0.25)
        await pilot.press("slash", *"multipolar world order", "enter")
        await pilot.pause()
        status = screen.query_one("#status")
        line = screen_text(app).splitlines()[1]  # under the header
        assert status.content_size.width <= 78, line
        assert "⚑ 1 marked" in line and "/5 groups" in line and "any divergence ≥0.25" in line
        await pilot.resize_terminal(160, 24)  # room again: the whole line comes back
        await pilot.pause()
        line = screen_text(app).splitlines()[1]
        assert "search “multipolar world order”" in line and "filter any divergence" in line


async def test_the_marked_groups_can_be_shown_alone(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        screen.show_only_marked()  # nothing marked: a hint, the grid unchanged
        assert not screen.only_marked and len(shown_ids(screen)) == len(screen.comparison.groups)
        await pilot.press("down", "m")
        marked = shown_ids(screen)[1]
        screen.show_only_marked()
        await pilot.pause()
        assert shown_ids(screen) == [marked] and "⚑ marked only" in screen_text(app)
        await pilot.press("escape")
        assert len(shown_ids(screen)) == len(screen.comparison.groups)


async def test_a_note_marks_the_group_is_shown_and_is_not_dropped_by_one_key(make_test_app):
    from tui.screens.note import NoteScreen

    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        await pilot.press("down")  # a group one outlet omits: the note goes under "omitted by"
        group = screen.query_one(AlignedGrid).current_group.id
        assert len(screen.query_one(AlignedGrid).current_group.articles) < 3
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press(*"[b]wire[/b] only", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert screen.marked == {group: "[b]wire[/b] only"}
        await pilot.press("enter")  # the detail pane shows the note, literally
        await pilot.pause()
        assert "note: [b]wire[/b] only" in screen_text(app)
        await pilot.press("m")  # a note is writing: the first m only asks
        assert screen.marked == {group: "[b]wire[/b] only"}
        await pilot.press("m")
        assert screen.marked == {}
        await pilot.press("M")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteScreen))
        await pilot.press("x", "escape")  # cancelled: nothing marked
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert screen.marked == {}


async def test_export_without_marks_has_no_marked_choice(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await main_screen(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert not app.screen.query("#export-marked")


async def test_export_error_is_shown_not_raised(make_test_app, tmp_path):
    def broken(comparison, fmt):
        raise ValueError("no renderer for that")

    app = make_test_app(render_report=broken)
    async with app.run_test(size=SIZE) as pilot:
        await main_screen(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.click("#export-do")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "no renderer for that" in str(app.screen.query_one("#export-error").render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_cancel_with_escape(comparison, tmp_path):
    from tui.app import make_app

    engine = FakeEngine(comparison, delay=0.05, steps=20)
    app = make_app("corpora/tiny-summit", run_pipeline=engine.run, load_set=engine.load_set,
                   corpora_dir=tmp_path / "corpora")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LoadingScreen))
        def detect_moving() -> bool:
            bars = app.screen.query("#stage-detect ProgressBar")
            return bool(bars) and bars.first().total == 20 and bars.first().progress > 0

        await wait_for(pilot, detect_moving)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SetPickerScreen))
        assert engine.cancelled.is_set()
        assert len(engine.progress) < 100  # stopped early
        assert any("Cancelled" in str(n.message) for n in app._notifications)


async def test_progress_before_the_loading_screen_is_drawn_is_kept_and_shown(comparison):
    """A report can reach the screen before its stages exist: it is kept and shown once they do."""
    import threading

    from textual.app import App

    from compare.types import Progress

    screen = LoadingScreen(comparison.set, threading.Event())
    screen._ready = True  # mounted, its stages not there yet
    screen.update_progress(Progress("detect", 1, 3))
    screen.update_progress(Progress("translate", 2, 5, message="¶2"))
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await wait_for(pilot, lambda: not screen._pending)
        bar = screen.query_one("#stage-translate ProgressBar")
        assert (bar.total, bar.progress) == (5, 2)
        assert screen.query_one("#stage-detect ProgressBar").progress == screen.query_one(
            "#stage-detect ProgressBar").total  # an earlier stage is finished


async def test_set_error_shows_picker_with_message(make_test_app):
    """A path that is no article set: the picker, with the set's own message, and no failure report."""
    app = make_test_app("corpora/missing-set")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetPickerScreen))
        await pilot.pause()
        error = str(app.screen.query_one("#picker-error").render())
        assert error == "corpora/missing-set: no such folder (give the path of an article set folder)"
        assert not app._notifications  # a failed comparison would say "Comparison failed" here


async def test_picker_lists_sets_and_opens_one(make_test_app, tmp_path, engine):
    root = tmp_path / "corpora" / "tiny-summit"
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text('[set]\ntitle = "Tiny [b]summit[/b]"\n', encoding="utf-8")
    (root / "articles" / "01-a.md").write_text("x", encoding="utf-8")
    app = make_test_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SetPickerScreen))
        await pilot.pause()
        assert "Tiny [b]summit[/b]" in screen_text(app)  # titles are literal too
        await pilot.press("enter")
        await main_screen(pilot)


async def test_article_markup_and_escapes_are_literal(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await main_screen(pilot)
        grid = screen.query_one(AlignedGrid)
        cell = grid.get_cell("1", "01-wire-en").text  # a LazyCell: its text drawn on demand
        assert "[bold red]markup[/]" in cell.plain
        assert "\x1b" not in cell.plain and "␛[31m" in cell.plain
        assert not any("red" in str(span.style) for span in cell.spans)
        await pilot.press("down", "enter")
        text = screen_text(app)
        assert "[bold red]markup[/] stays literal" in text
        assert "␛[31mANSI red␛[0m" in text
        assert "␛]0;pwned-title␇" in text
        assert "\x1b" not in app.export_screenshot()
        assert app.title == "Parallax"  # the OSC title sequence did nothing
        await pilot.press("t")  # the original text: same story
        assert "[bold red]markup[/] stays literal" in screen_text(app)


async def test_overview(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await main_screen(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "omits" in text and "only here" in text and "omitted" in text
        assert "Leaves out the trade figures." in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_help_lists_keys(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await main_screen(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Jump to the next group that diverges" in text
        assert "Command palette" in text
        app.screen.query_one("#help-box").scroll_end(animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "carried by one outlet only" in text and "that many more kinds" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_bindings_have_ids():
    from tui.app import ParallaxApp

    for owner in (ParallaxApp, MainScreen, ExportScreen, FilterScreen, HelpScreen,
                  OverviewScreen, LoadingScreen, SetPickerScreen, AlignedGrid):
        for binding in owner.BINDINGS:
            assert binding.id, f"{owner.__name__}: {binding.key} has no id"


async def test_command_palette_offers_actions(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        titles = [c.title for c in app.get_system_commands(screen)]
        for wanted in ("Export JSON", "Export HTML", "Filter: framing", "Overview", "Next divergence",
                       "Toggle original / English", "Search"):
            assert wanted in titles
        from textual.command import CommandList, CommandPalette

        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Filter: facts")
        results = app.screen.query_one(CommandList)

        def facts_first() -> bool:
            return results.option_count > 0 and "Filter: facts" in str(results.get_option_at_index(0).prompt)

        await wait_for(pilot, facts_first)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause()
        assert screen.kind == "facts"
        assert shown_ids(screen) == [3]


# End to end through the real engine (compare.corpus + compare.pipeline on
# corpora/putin-xi-2024): to be added by the engine owner once the pipeline
# lands, e.g. tests/tui/test_app.py::test_real_pipeline_end_to_end using
# make_app("corpora/putin-xi-2024") with no fakes and a run_test() that waits
# for MainScreen.


def test_two_articles_of_one_outlet_are_told_apart_by_date_or_id():
    from compare.types import Article, LanguageGuess, ProcessedArticle

    def made(article_id, outlet, date=""):
        return ProcessedArticle(article=Article(id=article_id, outlet=outlet, paragraphs=(), date=date),
                                language=LanguageGuess("zh", 1.0), paragraphs=())

    names = view.outlet_names([made("01-a", "Wire"), made("02-b", "CCTV", "2024-05-16"),
                               made("03-c", "CCTV", "2024-05-17")])
    assert names == {"01-a": "Wire", "02-b": "CCTV · 05-16", "03-c": "CCTV · 05-17"}  # one year: left out
    names = view.outlet_names([made("02-b", "CCTV", "2023-05-16"), made("03-c", "CCTV", "2024-05-17")])
    assert names == {"02-b": "CCTV · 2023-05-16", "03-c": "CCTV · 2024-05-17"}
    names = view.outlet_names([made("02-b", "CCTV"), made("03-c", "CCTV\nNews")])  # no dates; one_line'd
    assert names == {"02-b": "CCTV", "03-c": "CCTV News"}
    names = view.outlet_names([made("02-b", "CCTV"), made("03-c", "CCTV")])
    assert names == {"02-b": "CCTV · 02-b", "03-c": "CCTV · 03-c"}


def test_paragraphs_of_reads_by_index_not_by_position(comparison):
    from dataclasses import replace

    group = comparison.groups[0]
    article_id, indices = group.members[0]
    article = comparison.article(article_id)
    wanted = view.paragraphs_of(comparison, group, article_id)
    assert [p.index for p in wanted] == list(indices)
    # The same article with its paragraphs in another order gives the same paragraphs.
    shuffled = replace(article, paragraphs=tuple(reversed(article.paragraphs)))
    other = replace(comparison, articles=tuple(shuffled if a.id == article_id else a for a in comparison.articles))
    assert view.paragraphs_of(other, group, article_id) == wanted


def test_the_overview_shows_a_bounded_number_of_topics_shared_ones_first():
    from compare.types import Group
    from tui.widgets.emphasis_chart import listed, shown_topics

    groups = [Group(id=i, members=(("a", (i,)),) + ((("b", (i,)),) if i % 3 == 0 else ()), similarity=0.0)
              for i in range(12)]
    assert shown_topics(groups, limit=20) == groups
    # Four shared groups (0, 3, 6, 9) and the first single-outlet ones, in the order given.
    assert [g.id for g in shown_topics(groups, limit=6)] == [0, 1, 2, 3, 6, 9]
    assert [g.id for g in shown_topics(groups, limit=3)] == [0, 3, 6]
    assert listed(groups, lambda g: f"#{g.id}", limit=3) == "#0, #1, #2, and 9 more"
    assert listed(groups[:2], lambda g: f"#{g.id}", limit=3) == "#0, #1"


def test_a_group_of_links_is_omitted_by_no_one(comparison):
    from dataclasses import replace

    from compare.types import Group

    group = next(g for g in comparison.groups if len(g.articles) == 1)
    (article_id, (index,)), = group.members
    article = comparison.article(article_id)
    assert not view.wordless(comparison, group)
    stats = {e.article.id: e for e in view.emphasis(comparison)}
    assert group in stats[article_id].only_here
    # the same paragraph as a bare link: no words, so nothing only this outlet carries
    link = replace(article.paragraphs[index], text="https://example.org/a", lang="und")
    paragraphs = tuple(link if p.index == index else p for p in article.paragraphs)
    other = replace(comparison, articles=tuple(replace(a, paragraphs=paragraphs) if a.id == article_id else a
                                               for a in comparison.articles))
    assert view.wordless(other, group)
    stats = {e.article.id: e for e in view.emphasis(other)}
    assert group not in stats[article_id].only_here
    assert all(group not in e.omits for e in stats.values())


def test_the_picker_looks_in_the_working_folder_when_it_holds_sets(tmp_path, monkeypatch):
    from tui.app import _default_corpora

    monkeypatch.chdir(tmp_path)
    shipped = _default_corpora()
    assert shipped.name == "corpora" and shipped.parent != tmp_path  # nothing here: the sample sets
    (tmp_path / "my-set" / "articles").mkdir(parents=True)  # as `parallax import my-set ...` leaves it
    assert _default_corpora() == tmp_path
    (tmp_path / "corpora").mkdir()
    assert _default_corpora() == tmp_path / "corpora"


def test_the_picker_lists_a_set_whose_set_toml_has_the_wrong_shape(tmp_path):
    from tui.screens.set_picker import find_sets

    (tmp_path / "odd" / "articles").mkdir(parents=True)
    (tmp_path / "odd" / "set.toml").write_text('set = "x"\n', encoding="utf-8")
    assert [(path.name, title) for path, title, _ in find_sets(tmp_path)] == [("odd", "odd")]
