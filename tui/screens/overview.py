"""Emphasis per outlet: what each stresses, omits and alone carries."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header

from compare.types import Comparison, Group

from tui.sanitize import one_line
from tui.widgets.emphasis_chart import EmphasisChart
from tui.widgets.key_footer import KeyFooter


class OverviewScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,o", "app.pop_screen", "Back", id="overview.back"),
    ]

    def __init__(self, comparison: Comparison, groups: list[Group]) -> None:
        super().__init__()
        self.comparison = comparison
        self.groups = groups

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview"):
            yield EmphasisChart(self.comparison, self.groups, id="chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Parallax · overview"
        self.sub_title = one_line(self.comparison.set.title)
        self.query_one("#overview").focus()
