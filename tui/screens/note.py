"""Write a note on a group: why it is a finding. Saving marks the group."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tui.sanitize import one_line


class NoteScreen(ModalScreen[str | None]):
    """Returns the note (possibly empty), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, group_id: int, topic: str, note: str = "") -> None:
        super().__init__()
        self.group_id = group_id
        self.topic = topic
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            title = Text(f"Note on group #{self.group_id}", style="bold")
            title.append(f"  {one_line(self.topic)}", style="dim")
            yield Label(title)
            yield Input(self.note, placeholder="what you found here (Enter saves and marks the group)",
                        id="note-text")
            with Horizontal(id="note-buttons"):
                yield Button("Save", variant="primary", id="note-save")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        self.query_one("#note-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "note-save":
            self.dismiss(self.query_one("#note-text", Input).value.strip())
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
