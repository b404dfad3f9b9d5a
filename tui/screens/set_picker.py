"""Choose an article set: the sets under corpora/ or any folder typed in."""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.suggester import Suggester
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from compare.corpus import article_files, set_title

from tui.sanitize import one_line


def is_set_folder(path: Path) -> bool:
    """A folder that looks like an article set: it has set.toml or articles/."""
    return path.is_dir() and not path.name.startswith(".") and (
        (path / "set.toml").is_file() or (path / "articles").is_dir())


def find_sets(corpora_dir: Path | None) -> list[tuple[Path, str, int]]:
    """(path, title, number of article files) for each set under `corpora_dir`."""
    if corpora_dir is None or not corpora_dir.is_dir():
        return []
    found = []
    for child in sorted(corpora_dir.iterdir()):
        if not is_set_folder(child):
            continue
        try:
            count = len(article_files(child))
        except OSError:
            count = 0
        found.append((child, set_title(child), count))
    return found


class PathSuggester(Suggester):
    """Completes directory names as the user types a path."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        head, tail = os.path.split(expanded)
        try:
            names = sorted(
                entry.name for entry in os.scandir(head or ".")
                if entry.is_dir() and entry.name.startswith(tail) and not entry.name.startswith(".")
            )
        except OSError:
            return None
        if not names or names[0] == tail:
            return None
        return value[: len(value) - len(tail)] + names[0] + "/"


class SetPickerScreen(Screen[str | None]):
    """Returns the chosen set's path (dismiss) or None."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="picker.back"),
        Binding("ctrl+l", "focus_path", "Type a path", id="picker.path"),
    ]

    def __init__(self, corpora_dir: Path | None, error: str | None = None, *, can_go_back: bool = False) -> None:
        super().__init__()
        self.corpora_dir = corpora_dir
        self.error = error
        self.can_go_back = can_go_back
        self.sets = find_sets(corpora_dir)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="picker"):
            yield Label(Text("Open an article set", style="bold"), id="picker-title")
            if self.error:
                yield Static(Text(self.error), id="picker-error")
            where = str(self.corpora_dir) if self.corpora_dir else "corpora/"
            if self.sets:
                yield Label(Text(f"Sets in {one_line(where)}", style="dim"))
                options = []
                for path, title, count in self.sets:
                    prompt = Text(end="")
                    prompt.append(one_line(title), style="bold")
                    prompt.append(f"  {count} article{'' if count == 1 else 's'}  ", style="dim")
                    prompt.append(one_line(path.name), style="dim italic")
                    options.append(Option(prompt, id=str(path)))
                yield OptionList(*options, id="picker-sets")
            else:
                yield Label(Text(f"No article sets found in {one_line(where)}.", style="dim"))
            yield Label(Text("…or type the path of a set folder (Tab completes):", style="dim"))
            yield Input(placeholder="path/to/set", suggester=PathSuggester(), id="picker-path")

    def on_mount(self) -> None:
        if self.sets:
            self.query_one(OptionList).focus()
        else:
            self.query_one(Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            return
        path = Path(os.path.expanduser(value))
        if not path.is_dir():
            self.notify(f"{value} is not a folder. Type the path of an article set folder.",
                        severity="error", markup=False)
            return
        self.dismiss(str(path))

    def action_focus_path(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss(None)
