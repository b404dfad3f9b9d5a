"""A stored comparison is shown at once; whether its translations are still current is asked after."""

from __future__ import annotations

import threading

from conftest import wait_for

from tui.screens.main import MainScreen

SIZE = (120, 36)


def stored(comparison, seen: list):
    def load_cached(article_set, options=None):
        seen.append("load")
        return comparison
    return load_cached


async def test_a_stored_comparison_is_shown_and_then_checked(make_test_app, engine, comparison):
    seen: list = []
    checked = threading.Event()

    def check(shown, options=None):
        assert shown is comparison
        assert seen == ["load"]  # asked only once the comparison was in hand
        checked.set()
        return True

    app = make_test_app(load_cached=stored(comparison, seen), check_cached=check)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await wait_for(pilot, checked.is_set)
        await pilot.pause(0.1)
        assert engine.runs == 0
        assert app.screen.cached


async def test_translations_a_newer_translator_would_redo_compare_the_set_again(make_test_app, engine, comparison):
    app = make_test_app(load_cached=stored(comparison, []), check_cached=lambda shown, options=None: False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: engine.runs == 1)
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.cached is False)
        assert any("Translations changed" in (n.title or "") for n in app._notifications)


async def test_a_failing_check_leaves_the_stored_comparison_shown(make_test_app, engine, comparison):
    def broken(shown, options=None):
        raise OSError("disk gone")

    app = make_test_app(load_cached=stored(comparison, []), check_cached=broken)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.pause(0.2)
        assert engine.runs == 0
        assert isinstance(app.screen, MainScreen) and app.screen.cached


def _no_worker_load(path):
    raise AssertionError("the set was loaded again: the app was handed it")


async def test_a_set_handed_over_opens_its_stored_comparison_after_one_frame(make_test_app, engine, comparison):
    """`parallax SET` hands the app the set it checked: the stored comparison is read on the spot,
    after a first frame that says what is opening, and the check follows as before."""
    seen: list = []
    checked = threading.Event()
    frames: list[str] = []
    app = make_test_app(load_cached=stored(comparison, seen), load_set=_no_worker_load,
                        check_cached=lambda shown, options=None: checked.set() or True,
                        article_set=comparison.set)
    opening = app._open_stored

    def spy(article_set):
        frames.append(str(app.screen.query_one("#opening").render()))  # what the first frame showed
        return opening(article_set)

    app._open_stored = spy
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "full_open" in app.timings)
        assert frames == ["Opening corpora/tiny-summit…"]
        assert isinstance(app.screen, MainScreen) and app.screen.cached
        assert seen == ["load"]
        await wait_for(pilot, checked.is_set)
        await pilot.pause(0.1)
        assert engine.runs == 0
        assert app.comparison is comparison and app.article_set is comparison.set


async def test_a_set_handed_over_shows_the_same_main_view_as_one_loaded_by_the_worker(make_test_app, comparison):
    screens = []
    for handed in (None, comparison.set):
        app = make_test_app(load_cached=stored(comparison, []), check_cached=lambda shown, options=None: True,
                            article_set=handed)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: "full_open" in app.timings)
            await pilot.pause(0.1)
            screens.append(app.export_screenshot())
    assert screens[0] == screens[1]


async def test_a_set_handed_over_with_nothing_stored_is_compared_as_any_other(make_test_app, engine, comparison):
    app = make_test_app(load_cached=lambda article_set, options=None: None, article_set=comparison.set)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: engine.runs == 1)
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.cached is False)


async def test_a_broken_cache_read_on_the_spot_compares_the_set(make_test_app, engine, comparison):
    def broken(article_set, options=None):
        raise OSError("disk gone")

    app = make_test_app(load_cached=broken, article_set=comparison.set)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.cached is False)
        assert engine.runs == 1
