"""One line under the header: anchor, text mode, filter, search, counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui import view
from tui.sanitize import one_line


class StatusBar(Static):
    """Says what the grid is showing right now."""

    def show(
        self,
        *,
        anchor: str,
        translated: bool,
        kind: str | None,
        min_strength: float,
        query: str,
        shown: int,
        total: int,
        cached: bool | None = None,
        marked: int = 0,
        only_marked: bool = False,
    ) -> None:
        text = Text(end="")
        text.append("anchor ", style="dim")
        text.append(one_line(anchor), style="bold")
        text.append("  │  ", style="dim")
        text.append("English" if translated else "original", style="bold")
        text.append("  │  ", style="dim")
        if kind or min_strength > 0:
            text.append("filter ", style="dim")
            label = kind or "any divergence"
            text.append(label, style=f"bold {view.kind_style(kind) if kind else ''}".strip())
            if min_strength > 0:
                text.append(f" ≥{min_strength:.2f}", style="bold")
            text.append("  │  ", style="dim")
        if only_marked:
            text.append("showing ", style="dim")
            text.append("⚑ marked only", style="bold #e5c07b")
            text.append("  │  ", style="dim")
        if query.strip():
            text.append("search ", style="dim")
            text.append(f"“{one_line(query)}”", style="bold #e5c07b")
            text.append("  │  ", style="dim")
        text.append(f"{shown}/{total} groups", style="")
        if marked and not only_marked:
            text.append("  │  ", style="dim")
            text.append(f"⚑ {marked} marked", style="bold #e5c07b")
        if cached is not None:
            text.append("  │  ", style="dim")
            text.append("from cache" if cached else "fresh run", style="dim")
        self.update(text)
