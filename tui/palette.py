"""Every colour the screens draw in Python (Rich text: badges, bars, highlights), named once.

The stylesheet (app.tcss) colours the widgets with the theme's variables
($error, $panel, ...); text built in code takes its colours from here. The
hues are those of the One Dark scheme.
"""

from __future__ import annotations

RED = "#e06c75"
ORANGE = "#d19a66"
YELLOW = "#e5c07b"
GREEN = "#98c379"
CYAN = "#56b6c2"
BLUE = "#61afef"
PURPLE = "#c678dd"
GREY = "#abb2bf"
INK = "#282c34"  # the dark background, as text on a coloured badge

# What the colours mean on screen.
ERROR = RED
WARNING = YELLOW  # also a flagged translation's ⚠ and the cancelling message
MARK = YELLOW  # the reader's marks (⚑), their notes, the search query in the status bar
KEY = YELLOW  # a key in the help list
STRENGTH = YELLOW  # the ▰▰▱ strength bar
OMITTED = RED  # an outlet that does not carry a group's content
MAYBE_OMITTED = ORANGE  # not linked, but one of its paragraphs comes close
SHARED = GREEN  # the part of an outlet's words other outlets carry too
ALONE = BLUE  # the part only this outlet carries; a topic no other outlet has (★)
MATCH = f"bold {INK} on {YELLOW}"  # a search match inside a text

KIND = {  # a colour per divergence kind (tui.view.KINDS)
    "omission": RED,
    "possible": ORANGE,  # as MAYBE_OMITTED: an outlet that possibly carries it in other words
    "facts": ORANGE,
    "framing": PURPLE,
    "emphasis": YELLOW,
    "tone": CYAN,
    "unique": BLUE,
}
OTHER_KIND = GREY
LANG = {"en": BLUE, "ru": RED, "zh": YELLOW}  # the language tags on the column headers
OTHER_LANG = GREEN


def badge(colour: str) -> str:
    """The style of a badge (a kind or a language): bold dark text on `colour`."""
    return f"bold {INK} on {colour}"
