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
    """Header, drawn with its screen's title from the first frame.

    Textual's Header starts with an empty title and sets it from four watchers once it has
    mounted, each time laying the screen out again: a frame after the screen's first. This one
    composes its title with the rest, and a watcher setting the same title again does nothing.
    """

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _Title(self.format_title())
        yield HeaderClockSpace()
