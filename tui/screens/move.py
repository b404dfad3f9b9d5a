"""The move picker: which paragraph, and which group it goes to (with search), or which group to join."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from compare.types import Comparison, Group, ParagraphRef, pilcrow

from tui import view
from tui.sanitize import one_line

OWN = "own"  # the option "a group of its own"


@dataclass(frozen=True)
class Pick:
    """The reader's choice: the paragraph to move (None when joining) and the group it goes to (None: its own)."""

    paragraph: ParagraphRef | None
    group: int | None


class MovePickerScreen(ModalScreen[Pick | None]):
    """`join`: choose only the group to join; else the paragraph (when the group has several) and where it goes."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="move.cancel")]

    def __init__(self, comparison: Comparison, group: Group, groups: list[Group], *, join: bool = False) -> None:
        super().__init__()
        self.comparison = comparison
        self.group = group
        self.groups = [g for g in groups if g.id != group.id]
        self.join = join
        self.names = view.outlet_names(comparison.articles)
        self.paragraphs = [ParagraphRef(a, i) for a, indices in group.members for i in indices]
        self.paragraph: ParagraphRef | None = None if join or len(self.paragraphs) > 1 else self.paragraphs[0]

    def compose(self) -> ComposeResult:
        with Vertical(id="move-box"):
            topic = one_line(view.topic_label(self.comparison, self.group))
            title = Text(f"Join group #{self.group.id} with another group" if self.join
                         else f"Move a paragraph of group #{self.group.id} to another group", style="bold")
            title.append(f"\n{topic}", style="dim")
            yield Label(title, id="move-title")
            if not self.join and len(self.paragraphs) > 1:
                yield Label(Text("Which paragraph", style="bold"))
                yield OptionList(*(Option(self._paragraph_label(ref), id=f"{ref.article}:{ref.index}")
                                   for ref in self.paragraphs), id="move-paragraphs")
            yield Label(Text("Into which group" if not self.join else "Which group joins it", style="bold"))
            yield Input(placeholder="search the groups: any words, or #12", id="move-search")
            yield OptionList(id="move-targets")
            yield Label(Text("Enter chooses · Tab moves between the lists · Esc cancels", style="dim"))

    def on_mount(self) -> None:
        self.fill("")
        if self.paragraph is None and not self.join:
            self.query_one("#move-paragraphs", OptionList).focus()
        else:
            self.query_one("#move-search", Input).focus()

    def _paragraph_label(self, ref: ParagraphRef) -> Text:
        label = Text(f"{self.names.get(ref.article, ref.article)} {pilcrow(ref.index)}: ", style="bold")
        paragraph = next((p for p in self.comparison.article(ref.article).paragraphs if p.index == ref.index), None)
        label.append(one_line(view.paragraph_text(paragraph, True))[:56] if paragraph else "")
        return label

    def _group_label(self, group: Group) -> Text:
        label = Text(f"#{group.id:<4}", style="bold")
        outlets = ", ".join(self.names.get(a, a) for a in group.articles)
        label.append(one_line(view.topic_label(self.comparison, group, 48)))
        label.append(f"  ({one_line(outlets)})", style="dim")
        return label

    def matching(self, query: str) -> list[Group]:
        query = query.strip()
        if query.startswith("#") and query[1:].isdigit():
            return [g for g in self.groups if str(g.id).startswith(query[1:])]
        return [g for g in self.groups if view.group_matches(self.comparison, g, query)]

    def fill(self, query: str) -> None:
        targets = self.query_one("#move-targets", OptionList)
        targets.clear_options()
        options = []
        if not self.join and len(self.paragraphs) > 1 and not query.strip():
            options.append(Option(Text("a group of its own", style="italic"), id=OWN))
        options += [Option(self._group_label(g), id=str(g.id)) for g in self.matching(query)]
        targets.add_options(options)
        if options:
            targets.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        targets = self.query_one("#move-targets", OptionList)
        if targets.highlighted is not None and targets.option_count:
            self._chosen(targets.get_option_at_index(targets.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "move-paragraphs":
            article, _, index = (event.option.id or "").rpartition(":")
            self.paragraph = ParagraphRef(article, int(index))
            self.query_one("#move-search", Input).focus()
        else:
            self._chosen(event.option.id)

    def _chosen(self, option: str | None) -> None:
        if option is None:
            return
        if not self.join and self.paragraph is None:
            self.notify("First choose which paragraph moves.", severity="warning")
            self.query_one("#move-paragraphs", OptionList).focus()
            return
        self.dismiss(Pick(self.paragraph, None if option == OWN else int(option)))

    def action_cancel(self) -> None:
        self.dismiss(None)
