"""Lists every key, taken from the bindings themselves so it never drifts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import palette
from tui.sanitize import one_line

KIND_HELP = {
    "omission": "an outlet leaves out what others report",
    "facts": "numbers, dates, names that disagree or appear on one side only",
    "framing": "loaded terms that differ (e.g. “invasion” vs “special military operation”)",
    "emphasis": "how much room and prominence an outlet gives it",
    "tone": "a warmer or harsher tone",
    "unique": "content no other outlet carries",
}


def key_label(app, binding: Binding) -> str:
    if binding.key_display:
        return binding.key_display
    return " / ".join(app.get_key_display(Binding(k.strip(), "")) for k in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,f1,q", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        from tui.view import KIND_STYLE, kind_badge

        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column(style=f"bold {palette.KEY}", no_wrap=True, width=14)
        table.add_column(ratio=1)
        for title, bindings in self.sections:
            table.add_row(Text(title, style="bold underline"), "")
            for binding in bindings:
                table.add_row(Text(key_label(self.app, binding)), Text(one_line(binding.tooltip or binding.description or binding.action)))
            table.add_row("", "")
        table.add_row(Text("Badges", style="bold underline"), "")
        for kind, colour in KIND_STYLE.items():
            table.add_row(Text(f" {kind_badge(kind):<5} ", style=palette.badge(colour)),
                          Text(f"{kind}: {KIND_HELP.get(kind, '')}"))
        table.add_row(Text("▰▰▰▱▱", style=palette.STRENGTH),
                      Text("the strongest divergence's strength, in fifths"))
        table.add_row(Text("+2"), Text("the group diverges in that many more kinds (the detail pane lists them)"))
        table.add_row(Text("#7 1"), Text("group #7 is carried by one outlet only"))
        table.add_row(Text("#7✎", style=f"bold {palette.MARK}"),
                      Text("you corrected group #7 (g, x, j; u undoes): its divergences are recomputed"))
        table.add_row(Text("╶ omitted ╴", style=f"italic {palette.OMITTED}"),
                      Text("this outlet does not report the row's content"))
        table.add_row(Text("╶ possibly ¶6? ╴", style=f"italic {palette.MAYBE_OMITTED}"),
                      Text("not linked, but its ¶6 comes close: possibly the same in other words, not an "
                           "omission; the detail pane shows it (the overview says '· possibly' and '#N?')"))
        with VerticalScroll(id="help-box"):
            yield Static(Text("Parallax keys", style="bold"), id="help-title")
            yield Static(table)
