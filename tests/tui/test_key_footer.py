"""The footer shows what Textual's Footer shows, per key, and composes its keys again only when they change."""

from __future__ import annotations

import re

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Label

from tui.widgets.key_footer import KeyFooter, KeyLine


class Keys(App[None]):
    BINDINGS = [Binding("x", "flip", "Flip", tooltip="Flip it"), Binding("y", "nothing", "Only when flipped"),
                Binding("z", "count", "Count")]
    flipped = False
    counted = 0

    def __init__(self, footer: type[Footer] = KeyFooter):
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield Label("hello")
        yield self.footer()

    def action_count(self) -> None:
        self.counted += 1

    def action_flip(self) -> None:
        self.flipped = not self.flipped
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        return True if action != "nothing" or self.flipped else None  # None: shown, disabled


def footer_keys(app: Keys) -> list[tuple[str, bool]]:
    """Each key shown, and whether it is greyed out."""
    return [(key.key, not key.enabled) for key in app.query_one(KeyLine).keys]


async def footer_screens(footer: type[Footer]) -> list:
    """The screen with `footer`: as it opens, hovering over the second key (disabled), then the third;
    each key's tooltip; and what clicking the third and the second key did."""
    app = Keys(footer)
    shots: list = []
    async with app.run_test(size=(80, 6), tooltips=True) as pilot:
        await pilot.pause()
        shots.append(app.export_screenshot())
        offsets = [0, 8, 30]  # " x Flip " then " y Only when flipped " then " z Count "
        for x in offsets[1:]:
            await pilot.hover(Footer, offset=(x + 1, 0))
            await pilot.pause()
            shots.append(app.export_screenshot())
        for x in offsets:  # the tooltip of the key under the mouse
            await pilot.hover(Footer, offset=(x + 1, 0))
            await pilot.pause()
            hovered = app.screen.get_widget_at(x + 1, 5)[0]
            shots.append(str(hovered.tooltip) if hovered.tooltip else None)
        await pilot.click(Footer, offset=(31, 0))
        await pilot.click(Footer, offset=(9, 0))  # disabled: a bell, nothing else
        await pilot.pause()
        shots.append(app.counted)
        shots.append(app.flipped)
    return shots


async def test_the_keys_look_and_act_as_textuals_footer_keys():
    plain = await footer_screens(Footer)
    ours = await footer_screens(KeyFooter)
    assert ours[-2:] == [1, False]
    assert plain[1] != plain[0] and plain[2] != plain[1]  # hovering shows
    assert plain[3:6] == ["Flip it", None, None]
    for step, (a, b) in enumerate(zip(plain, ours)):
        assert same(a) == same(b), f"step {step} differs"


def same(shot):
    """A screenshot without its id (a hash of how the line is cut into segments, not of how it looks)."""
    return re.sub(r"terminal-\d+", "terminal", shot) if isinstance(shot, str) else shot


async def test_the_footer_follows_its_keys_and_composes_only_on_a_change(monkeypatch):
    app = Keys()
    composed = []
    original = KeyFooter.compose

    def counting(self):
        composed.append(1)
        return original(self)

    monkeypatch.setattr(KeyFooter, "compose", counting)
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert ("x", False) in footer_keys(app) and ("y", True) in footer_keys(app)
        before = len(composed)
        for _ in range(3):  # the same keys, said to be updated: no new keys drawn
            app.screen.refresh_bindings()
            await pilot.pause()
        assert len(composed) == before
        await pilot.press("x")  # "y" becomes enabled: composed again
        await pilot.pause()
        assert ("y", False) in footer_keys(app)
        assert len(composed) == before + 1
