"""The footer of key hints: its keys drawn as one line, with the screen, and again only when they change.

Textual's Footer composes no keys with the screen: it waits for the screen
to say its bindings are ready, then composes them after the next frame (a
second layout and paint of the screen), and composes them anew every time
the screen says its bindings were updated (a focus change, a screen shown,
a key pressed), most often with the very same keys. Each key is a widget
(a FooterKey) styled, measured and laid out on its own (what it cost:
docs/performance.md).

`KeyFooter` composes its keys with the screen, as one `KeyLine` (a
FooterKey, styled by the same CSS, that draws every key) and the command
palette's own FooterKey on the right. Hovering, clicking and the tooltips
act per key as they do on FooterKeys.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


def shown_keys(screen: Screen) -> tuple:
    """What the footer would show for `screen`: each shown binding's key, label and state."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


@dataclass(frozen=True)
class Key:
    """One key of the line, as a FooterKey would show it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


class KeyLine(FooterKey):
    """Several keys in one widget, each drawn as a FooterKey draws itself."""

    COMPONENT_CLASSES = FooterKey.COMPONENT_CLASSES | {"key-line--hover"}
    DEFAULT_CSS = """
    KeyLine {
        /* Hover and disabled are per key here: the line as a whole is neither. */
        &:hover { color: $footer-foreground; background: $footer-item-background; }
        .key-line--hover { background: $block-hover-background; }
    }
    """

    def __init__(self, keys: list[Key]) -> None:
        super().__init__("", "", "", "")
        self.set_reactive(FooterKey.compact, False)  # as the Footer's keys are, not compact
        self.keys = keys
        self._hovered: int | None = None
        self._spans: list[tuple[int, int]] = []  # each key's cells: [start, end)

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        key_padding = self.get_component_styles("footer-key--key").padding
        description_padding = self.get_component_styles("footer-key--description").padding
        hover = Style(bgcolor=self.get_component_rich_style("key-line--hover").bgcolor)
        line = Text(end="", no_wrap=True)
        self._spans = []
        for index, key in enumerate(self.keys):
            styles = [key_style, description_style]
            if not key.enabled:
                styles = [style + Style(dim=True) for style in styles]  # a FooterKey's -disabled
            if index == self._hovered:
                styles = [style + hover for style in styles]
            start = line.cell_len
            line.append(" " * key_padding.left + key.display + " " * key_padding.right, styles[0])
            if key.description:
                line.append(" " * description_padding.left + key.description + " " * description_padding.right,
                            styles[1])
            self._spans.append((start, line.cell_len))
        line.stylize_before(self.rich_style)
        return line

    def _key_at(self, x: int) -> int | None:
        return next((i for i, (start, end) in enumerate(self._spans) if start <= x < end), None)

    def _hover(self, index: int | None) -> None:
        if index != self._hovered:
            self._hovered = index
            self.tooltip = (self.keys[index].tooltip or None) if index is not None else None
            self.refresh()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:  # type: ignore[override]
        index = self._key_at(event.x)
        if index is None:
            return
        if self.keys[index].enabled:
            self.app.simulate_key(self.keys[index].key)
        else:
            self.app.bell()


class KeyFooter(Footer):
    """A Footer that shows its keys in the screen's first frame, in one widget, and skips composing
    again the keys it already shows."""

    _composed: tuple | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(Footer._bindings_ready, True)  # the screen's bindings are known when it composes

    def compose(self) -> ComposeResult:
        screen = self.screen
        self._composed = shown_keys(screen)
        active = screen.active_bindings
        by_action: defaultdict[str, list] = defaultdict(list)  # the first binding of each action is shown
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        if self.compact or any(bindings[0][0].group is not None for bindings in by_action.values()):
            yield from super().compose()  # grouped or compact keys: Textual's Footer draws them
            return
        keys = [Key(binding.key, self.app.get_key_display(binding), binding.description, enabled, tooltip)
                for binding, enabled, tooltip in (bindings[0] for bindings in by_action.values())]
        if keys:
            yield KeyLine(keys)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                yield FooterKey(binding.key, self.app.get_key_display(binding), binding.description,
                                binding.action, classes="-command-palette", disabled=not enabled,
                                tooltip=binding.tooltip or binding.description)

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = shown_keys(screen)
            if keys == self._composed:
                return
            self._composed = keys
        super().bindings_changed(screen)
