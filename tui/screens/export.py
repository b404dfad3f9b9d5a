"""Export the comparison to a JSON, Markdown or HTML file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, RadioButton, RadioSet, Static

from compare import marks
from compare.report import EXTENSIONS
from compare.types import Comparison

from tui import palette

FORMATS = (("json", "JSON"), ("markdown", "Markdown"), ("html", "HTML"))  # as the dialog offers them


def default_name(comparison: Comparison, fmt: str) -> str:
    stem = Path(comparison.set.path or "comparison").name or "comparison"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "comparison"
    return f"{stem}-parallax.{EXTENSIONS[fmt]}"


def target_path(comparison: Comparison, fmt: str, path: Path) -> Path:
    """The file an export to `path` writes: a folder gets the default name inside it."""
    path = path.expanduser()
    return path / default_name(comparison, fmt) if path.is_dir() else path


def write_report(comparison: Comparison, fmt: str, path: Path,
                 render: Callable[[Comparison, str], str]) -> Path:
    """Render and write; raises OSError / ValueError with a readable message."""
    text = render(comparison, fmt)
    path = target_path(comparison, fmt, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", id="export.do"),
    ]

    def __init__(self, comparison: Comparison, render: Callable[[Comparison, str], str],
                 directory: Path, fmt: str = "json", marked: Mapping[int, str] | None = None) -> None:
        super().__init__()
        self.comparison = comparison
        self.marked = dict(marked or {})  # group id -> the reader's note
        self.render_report = render
        self.directory = directory
        self.fmt = fmt if fmt in EXTENSIONS else "json"
        self._replace: Path | None = None  # an existing file the user has been told about

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(Text("Export the comparison", style="bold"))
            with RadioSet(id="export-format"):
                for fmt, label in FORMATS:
                    yield RadioButton(label, value=fmt == self.fmt)
            if self.marked:
                count = len(self.marked)
                yield Checkbox(f"Only the {count} marked group{'s' if count != 1 else ''} (⚑)", value=True,
                               id="export-marked")
            yield Label(Text("File", style="dim"))
            yield Input(str(self.directory / default_name(self.comparison, self.fmt)), id="export-path")
            yield Static(id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-do")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.fmt = FORMATS[event.index][0]
        path_input = self.query_one("#export-path", Input)
        current = Path(path_input.value or ".")
        if current.suffix.lower().lstrip(".") in EXTENSIONS.values():  # the user's own name keeps its stem
            path_input.value = str(current.with_suffix(f".{EXTENSIONS[self.fmt]}"))
        else:
            path_input.value = str(current.with_name(default_name(self.comparison, self.fmt)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-do":
            self.action_export()
        else:
            self.dismiss(None)

    def action_export(self) -> None:
        value = self.query_one("#export-path", Input).value.strip()
        if not value:
            self.query_one("#export-error", Static).update(Text("Type a file name.", style=palette.ERROR))
            return
        target = target_path(self.comparison, self.fmt, Path(value))
        if target.is_file() and target != self._replace:
            self._replace = target
            self.query_one("#export-error", Static).update(
                Text(f"{target.name} exists: Export again to replace it, or change the name.", style=palette.WARNING))
            return
        try:
            path = write_report(self.to_export(), self.fmt, Path(value), self.render_report)
        except Exception as error:  # noqa: BLE001 - shown to the user, never a traceback
            self.query_one("#export-error", Static).update(
                Text(f"Could not export: {error}", style=palette.ERROR))
            return
        self.dismiss(path)

    def to_export(self) -> Comparison:
        """The whole comparison with the marked groups flagged, or only the marked groups."""
        if not self.marked:
            return self.comparison
        if self.query_one("#export-marked", Checkbox).value:
            return marks.only_marked(self.comparison, self.marked)
        return marks.with_marks(self.comparison, self.marked)

    def action_cancel(self) -> None:
        self.dismiss(None)
