"""The footer composes its keys again only when the keys it would show change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Label

from tui.widgets.key_footer import KeyFooter


class Keys(App[None]):
    BINDINGS = [Binding("x", "flip", "Flip"), Binding("y", "nothing", "Only when flipped")]
    flipped = False

    def compose(self) -> ComposeResult:
        yield Label("hello")
        yield KeyFooter()

    def action_flip(self) -> None:
        self.flipped = not self.flipped
        self.refresh_bindings()

    def check_action(self, action: str, parameters) -> bool | None:
        return True if action != "nothing" or self.flipped else None  # None: shown, disabled


def footer_keys(app: Keys) -> list[tuple[str, bool]]:
    return [(key.key, key._disabled) for key in app.query("FooterKey")]  # shown greyed out


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
