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
