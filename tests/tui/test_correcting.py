"""Pilot tests: the reader corrects the alignment of the test comparison (move, split, join, undo) and the
divergences, the overview and the counts follow; the corrections are kept and hold when the set is compared again."""

from __future__ import annotations

import json
from dataclasses import replace

from compare import corrections_store, marks
from compare.overview import per_outlet
from compare.types import Translation
from tui.screens.main import MainScreen
from tui.screens.move import MovePickerScreen
from tui.screens.split import SplitScreen
from tui.widgets.aligned_grid import AlignedGrid

from conftest import build_comparison
from test_app import SIZE, cell_text, main_screen, screen_text, wait_for


def members(screen: MainScreen) -> dict[int, tuple]:
    return {g.id: g.members for g in screen.comparison.groups}


def group(screen: MainScreen, group_id: int):
    return next(g for g in screen.comparison.groups if g.id == group_id)


async def move_agency_lede_into_group_1(pilot, screen: MainScreen) -> None:
    """Group #0 (the first row) holds Agentstvo ¶1; move it into #1, whose omission names Agentstvo."""
    screen.query_one(AlignedGrid).select_group(0)
    await pilot.press("g")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MovePickerScreen))
    await pilot.press("down", "enter")  # the paragraphs: Global Wire ¶1, Agentstvo ¶1, Daily ¶1
    await pilot.press("#", "1", "enter")  # search the groups by number
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, MainScreen))
    await pilot.pause()


async def test_move_recomputes_the_divergences_the_overview_and_the_counts(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        assert any(d.kind == "omission" and d.articles == ("02-agency-ru",) for d in group(screen, 1).divergence.items)
        untouched = group(screen, 3)
        await move_agency_lede_into_group_1(pilot, screen)
        assert members(screen)[1] == (("01-wire-en", (1, 2)), ("02-agency-ru", (0,)), ("03-daily-zh", (1,)))
        assert members(screen)[0] == (("01-wire-en", (0,)), ("03-daily-zh", (0,)))
        # the omission of Agentstvo is gone from #1; #0 now lacks Agentstvo, and says so
        assert not any("02-agency-ru" in d.articles for d in group(screen, 1).divergence.items if d.kind == "omission")
        assert any(d.kind == "omission" and d.articles == ("02-agency-ru",) for d in group(screen, 0).divergence.items)
        assert group(screen, 3) is untouched  # not recomputed
        overview = {o.article.id: o for o in per_outlet(screen.comparison)}
        assert [g.id for g in overview["02-agency-ru"].omits] == [0]
        assert 1 not in [g.id for g in overview["02-agency-ru"].possibly]
        grid = screen.query_one(AlignedGrid)
        assert "omitted" in cell_text(grid, 0, "02-agency-ru") and "Russia" in cell_text(grid, 1, "02-agency-ru")
        assert "✎" in cell_text(grid, 1, "badge") and "✎ 2 corrected" in screen_text(app)
        assert grid.current_group.id == 1  # the cursor follows the paragraph
        await pilot.press("enter")
        await pilot.pause()
        assert "corrected by the reader" in screen_text(app)
        # kept for next time
        data = json.loads(corrections_store.corrections_path(screen.aligned.set.path).read_text(encoding="utf-8"))
        assert [(c["kind"], c["paragraphs"][0][:2]) for c in data["corrections"]] == [("move", ["02-agency-ru", 0])]


async def test_split_join_and_undo(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        aligned = members(screen)
        grid = screen.query_one(AlignedGrid)
        grid.select_group(1)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, SplitScreen))
        await pilot.press("down", "space", "ctrl+s")  # Global Wire ¶3 (the hostile one) leaves
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert members(screen)[1] == (("01-wire-en", (1,)), ("03-daily-zh", (1,)))
        assert members(screen)[5] == (("01-wire-en", (2,)),)
        assert "unique" in [d.kind for d in screen.comparison.article_divergences["01-wire-en"]]
        grid.select_group(2)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, MovePickerScreen))
        await pilot.press("#", "3", "enter")  # #3 (Agentstvo and Daily on trade) joins #2
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause()
        assert 3 not in members(screen)
        assert members(screen)[2] == (("01-wire-en", (3,)), ("02-agency-ru", (1, 2)), ("03-daily-zh", (2,)))
        assert not any(d.kind == "omission" for d in group(screen, 2).divergence.items)  # all three carry it now
        assert len(grid.groups) == len(screen.comparison.groups) == 5
        await pilot.press("u")
        await pilot.pause()
        assert 3 in members(screen) and 5 in members(screen)
        await pilot.press("u")
        await pilot.pause()
        assert members(screen) == aligned and not any(g.corrected_by for g in screen.comparison.groups)
        await pilot.press("u")  # nothing left to undo: a hint
        await pilot.pause()
        assert members(screen) == aligned
        assert json.loads(corrections_store.corrections_path(screen.aligned.set.path)
                          .read_text(encoding="utf-8"))["corrections"] == []


async def test_a_mark_follows_its_group_through_a_correction(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        screen.query_one(AlignedGrid).select_group(3)
        await pilot.press("m", "j")
        await wait_for(pilot, lambda: isinstance(app.screen, MovePickerScreen))
        await pilot.press("#", "2", "enter")  # #2 joins the marked #3
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert screen.marked == {3: ""} and 2 not in members(screen)
        await pilot.press("u")
        await pilot.pause()
        assert screen.marked == {3: ""}


async def test_corrections_hold_when_the_set_is_compared_again(make_test_app, engine):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        await move_agency_lede_into_group_1(pilot, await main_screen(pilot))
    # compared again: another translation of Agentstvo, the groups numbered anew; the correction holds
    fresh = build_comparison()
    ru = fresh.articles[1]
    retranslated = replace(ru, paragraphs=tuple(
        replace(p, translation=Translation(f"Again: {p.translation.text}", "other-mt")) for p in ru.paragraphs))
    engine.comparison = replace(fresh, articles=(fresh.articles[0], retranslated, fresh.articles[2]),
                                groups=tuple(replace(g, id=g.id + 20) for g in fresh.groups))
    again = make_test_app()
    async with again.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        assert members(screen)[21] == (("01-wire-en", (1, 2)), ("02-agency-ru", (0,)), ("03-daily-zh", (1,)))
        assert len(screen.corrections) == 1
    # ... until the paragraph's own text changes: then it is set aside, with a warning
    article = ru.article
    changed = replace(article, paragraphs=(replace(article.paragraphs[0], text="Лидеры встретились."),
                                           *article.paragraphs[1:]))
    rewritten = replace(ru, article=changed, paragraphs=(replace(ru.paragraphs[0], text="Лидеры встретились."),
                                                          *ru.paragraphs[1:]))
    engine.comparison = replace(fresh, articles=(fresh.articles[0], rewritten, fresh.articles[2]))
    third = make_test_app()
    async with third.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        assert screen.corrections == [] and members(screen)[0][1] == ("02-agency-ru", (0,))
        assert any("the text of 02-agency-ru ¶1 changed" in n.message for n in third._notifications)


async def test_a_bad_corrections_file_opens_the_set_with_a_warning_and_keeps_the_marks(make_test_app, comparison):
    marks.save(comparison, {2: "framing"})
    path = corrections_store.corrections_path(comparison.set.path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"corrections": [{"kind": ', encoding="utf-8")
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        assert screen.marked == {2: "framing"} and screen.corrections == []
        assert any("cannot be read" in n.message for n in app._notifications)
        assert path.with_name(path.name + ".bad").exists()


async def test_the_keys_are_in_help_and_the_palette(make_test_app):
    app = make_test_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        ids = {b.id for b in MainScreen.BINDINGS}
        assert {"main.move", "main.split", "main.join", "main.undo"} <= ids
        titles = [c.title for c in app.get_system_commands(screen)]
        assert {"Move a paragraph to another group", "Split the group", "Join with another group",
                "Undo the last correction"} <= set(titles)
        await pilot.press("question_mark")
        await pilot.pause()
        app.screen.query_one("#help-box").scroll_to(y=20, animate=False)
        await pilot.pause()
        text = screen_text(app)
        assert "Corrections" in text and "Move a paragraph" in text and "Undo the last correction" in text


async def test_an_export_carries_the_corrections(make_test_app, engine, tmp_path):
    from tui.screens.export import ExportScreen

    exported = []

    def render(comparison, fmt):
        exported.append(comparison)
        return engine.render(comparison, fmt)

    app = make_test_app(render_report=render)
    async with app.run_test(size=SIZE) as pilot:
        screen = await main_screen(pilot)
        await move_agency_lede_into_group_1(pilot, screen)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        app.screen.query_one("#export-path").value = str(tmp_path / "out.json")
        await pilot.click("#export-do")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        assert [(c.paragraph.article, c.before, c.after) for c in exported[0].corrections] == [("02-agency-ru", 0, 1)]
        assert exported[0].groups[1].corrected_by == "the reader"
