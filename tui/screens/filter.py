"""Filter the grid to a divergence kind and/or a minimum strength."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, RadioButton, RadioSet

from tui import view

STRENGTHS = (0.0, 0.25, 0.5, 0.75)


class FilterScreen(ModalScreen[tuple[str | None, float] | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filter.apply"),
    ]

    def __init__(self, kind: str | None, min_strength: float) -> None:
        super().__init__()
        self.kind = kind
        self.min_strength = min_strength

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-box"):
            yield Label(Text("Show groups with", style="bold"))
            with Horizontal(id="filter-sets"):
                with RadioSet(id="filter-kind"):
                    yield RadioButton(Text("any or no divergence"), value=self.kind is None)
                    for kind in view.KINDS:
                        yield RadioButton(Text(kind, style=view.kind_style(kind)), value=self.kind == kind)
                with RadioSet(id="filter-strength"):
                    closest = min(STRENGTHS, key=lambda s: abs(s - self.min_strength))
                    for strength in STRENGTHS:
                        label = "any strength" if strength == 0 else f"strength ≥ {strength:.2f}"
                        yield RadioButton(Text(label), value=strength == closest)
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Clear", id="filter-clear")

    def chosen(self) -> tuple[str | None, float]:
        kind_index = self.query_one("#filter-kind", RadioSet).pressed_index
        strength_index = self.query_one("#filter-strength", RadioSet).pressed_index
        kind = None if kind_index <= 0 else view.KINDS[kind_index - 1]
        strength = STRENGTHS[max(0, strength_index)]
        return kind, strength

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "filter-apply":
            self.dismiss(self.chosen())
        else:
            self.dismiss((None, 0.0))

    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    def action_cancel(self) -> None:
        self.dismiss(None)
