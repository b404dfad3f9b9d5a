"""The footer of key hints, composed again only when the keys it shows change.

Textual's Footer composes its keys anew every time the screen says its
bindings were updated (a focus change, a screen shown, a key pressed), most
often with the very same keys. Opening a set did that four times over.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple:
    """What the footer would show for `screen`: each shown binding's key, label and state."""
    return tuple(
        (binding.key, binding.description, binding.action, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


class KeyFooter(Footer):
    """A Footer that skips composing again the keys it already shows."""

    _composed: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            keys = shown_keys(screen)
            if keys == self._composed:
                return
            self._composed = keys
        super().bindings_changed(screen)
