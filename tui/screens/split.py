"""Split a group: the reader ticks the paragraphs that leave it; they form a group of their own."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, SelectionList

from compare.types import Comparison, Group, ParagraphRef, pilcrow

from tui import view
from tui.sanitize import one_line


class SplitScreen(ModalScreen[list[ParagraphRef] | None]):
    """Returns the paragraphs that leave the group (some, never all), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="split.cancel"),
                Binding("ctrl+s", "split", "Split", id="split.do")]

    def __init__(self, comparison: Comparison, group: Group) -> None:
        super().__init__()
        self.comparison = comparison
        self.group = group
        self.paragraphs = [ParagraphRef(a, i) for a, indices in group.members for i in indices]

    def compose(self) -> ComposeResult:
        names = view.outlet_names(self.comparison.articles)
        with Vertical(id="split-box"):
            title = Text(f"Split group #{self.group.id}", style="bold")
            title.append("\nTick the paragraphs that leave it (Space); they form a group of their own.", style="dim")
            yield Label(title)
            choices = []
            for n, ref in enumerate(self.paragraphs):
                paragraph = next(p for p in self.comparison.article(ref.article).paragraphs if p.index == ref.index)
                label = Text(f"{names.get(ref.article, ref.article)} {pilcrow(ref.index)}: ", style="bold")
                label.append(one_line(view.paragraph_text(paragraph, True))[:70])
                choices.append((label, n))
            yield SelectionList[int](*choices, id="split-paragraphs")
            with Horizontal(id="split-buttons"):
                yield Button("Split", variant="primary", id="split-do")
                yield Button("Cancel", id="split-cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "split-do":
            self.action_split()
        else:
            self.dismiss(None)

    def action_split(self) -> None:
        chosen = sorted(self.query_one(SelectionList).selected)
        if not chosen or len(chosen) == len(self.paragraphs):
            self.notify("Tick some of the paragraphs, not all: those leave the group.", severity="warning")
            return
        self.dismiss([self.paragraphs[n] for n in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
