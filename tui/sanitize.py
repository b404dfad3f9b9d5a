"""Make article text safe to put on a terminal.

Article text is data, never markup or terminal control. Everything shown in
the UI that comes from an article (or from the engine quoting an article)
goes through :func:`clean` and is wrapped in a :class:`rich.text.Text` by
:func:`literal`, so that

* Rich/Textual markup such as ``[bold red]x[/]`` is shown as typed;
* ANSI CSI sequences, OSC sequences (titles, hyperlinks, clipboard writes)
  and every other escape become visible (``ESC`` is shown as ``␛``) and can
  no longer reach the terminal;
* C0/C1 control characters, DEL, bidirectional overrides and lone
  surrogates are replaced by visible stand-ins.
"""

from __future__ import annotations

import re

from rich.text import Text

__all__ = ["clean", "one_line", "literal"]

# Bidirectional embeddings, overrides and isolates: they can reorder what the
# reader sees (the "Trojan Source" trick); show them instead of obeying them.
_BIDI = {
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E,  # LRE RLE PDF LRO RLO
    0x2066, 0x2067, 0x2068, 0x2069,  # LRI RLI FSI PDI
}


def _stand_in(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ␀ .. ␟ (ESC -> ␛)
    if code == 0x7F:
        return "␡"
    if 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls, e.g. the 8-bit CSI \x9b
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # a lone surrogate cannot be encoded for the terminal
    return f"‹U+{code:04X}›"


def _build_table(keep_newlines: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0x00, 0x20)) + [0x7F] + list(range(0x80, 0xA0)):
        table[code] = _stand_in(code)
    for code in _BIDI:
        table[code] = _stand_in(code)
    table[ord("\t")] = "    "
    table[ord("\n")] = "\n" if keep_newlines else " "
    return table


_TABLE_MULTILINE = _build_table(True)
_TABLE_ONE_LINE = _build_table(False)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[ ]{2,}")


def clean(text: object, *, keep_newlines: bool = True) -> str:
    """Return `text` with every control character replaced by a visible one.

    Newlines are kept (or turned into spaces with ``keep_newlines=False``),
    CRLF and lone CR line ends become ``\\n``, tabs become four spaces.
    """
    if text is None:
        return ""
    value = str(text)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.translate(_TABLE_MULTILINE if keep_newlines else _TABLE_ONE_LINE)
    if _SURROGATE.search(value):
        value = _SURROGATE.sub("\ufffd", value)
    return value


def one_line(text: object) -> str:
    """`clean` for a single line (table cells, labels): whitespace collapsed."""
    return _SPACES.sub(" ", clean(text, keep_newlines=False)).strip()


def literal(text: object, style: str = "", *, keep_newlines: bool = True) -> Text:
    """A Rich Text showing `text` exactly as written (never parsed as markup)."""
    return Text(clean(text, keep_newlines=keep_newlines), style=style, end="")
