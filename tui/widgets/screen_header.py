"""Textual's Header for a screen whose title is known when it is made."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Header
from textual.widgets._header import HeaderClockSpace, HeaderIcon, HeaderTitle


class _Title(HeaderTitle):
    """A HeaderTitle that lays the screen out again only when its title changes."""

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        if isinstance(content, Content) and isinstance(self.content, Content) and content.is_same(self.content):
            return  # the same title again: Header's four title watchers each set it as the header mounts
        super().update(content, layout=layout)


class ScreenHeader(Header):
    """Header with its screen's title composed in, not set by its watchers after it mounts
    (each would lay the screen out again: docs/performance.md)."""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title(self.format_title())
        yield HeaderClockSpace()
