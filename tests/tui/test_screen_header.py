"""ScreenHeader draws what Textual's Header draws, with its title from the first frame."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Header, Label
from textual.widgets._header import HeaderTitle

from tui.widgets.screen_header import ScreenHeader


class Titled(Screen[None]):
    def __init__(self, header_class: type[Header]):
        super().__init__()
        self.header_class = header_class
        self.title, self.sub_title = "Parallax", "the summit, as Пекин and 北京 saw it"

    def compose(self) -> ComposeResult:
        yield self.header_class()
        yield Label("body")


class HeaderApp(App[None]):
    def __init__(self, header_class: type[Header]):
        super().__init__()
        self.header_class = header_class

    def on_mount(self) -> None:
        self.push_screen(Titled(self.header_class))


async def screens(header_class: type[Header]) -> list[str]:
    app = HeaderApp(header_class)
    shots = []
    async with app.run_test(size=(70, 8)) as pilot:
        await pilot.pause(0.05)
        shots.append(app.export_screenshot())
        app.screen.sub_title = "another set"  # a title that changes is drawn again
        await pilot.pause(0.05)
        shots.append(app.export_screenshot())
        await pilot.click(app.screen.query_one(header_class), offset=(30, 0))  # a click makes it tall
        await pilot.pause(0.05)
        shots.append(app.export_screenshot())
        await pilot.hover(app.screen.query_one(header_class), offset=(2, 1))  # the icon, hovered
        await pilot.pause(0.05)
        shots.append(app.export_screenshot())
    return shots


async def test_the_screen_is_the_one_textuals_header_draws():
    plain, ours = await screens(Header), await screens(ScreenHeader)
    assert len(set(plain)) == 4  # every step changed the screen
    for step, (a, b) in enumerate(zip(plain, ours)):
        assert a == b, f"step {step} differs"


async def test_the_title_is_there_when_the_header_is_made_and_follows_changes():
    app = HeaderApp(ScreenHeader)
    async with app.run_test(size=(70, 8)) as pilot:
        await pilot.pause()
        title = app.screen.query_one(HeaderTitle)
        assert "Parallax — the summit" in str(title.render())
        app.screen.sub_title = "another set"
        await pilot.pause()
        assert str(title.render()) == "Parallax — another set"
