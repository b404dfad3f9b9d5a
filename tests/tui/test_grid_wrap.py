"""A grid cell wraps only the start of a long paragraph: the lines it shows must be the whole text's."""

from __future__ import annotations

import random
from pathlib import Path

from rich.console import Console
from rich.text import Text

from compare.corpus import load_article_set
from tui.widgets.aligned_grid import wrap_cell

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = Console(width=200, color_system="truecolor", force_terminal=True)


def _texts() -> list[Text]:
    rng = random.Random(7)
    plains = [p.text for a in load_article_set(ROOT / "corpora" / "putin-xi-2024").articles for p in a.paragraphs]
    plains += [
        "x" * 300,  # one word longer than any line
        "short " + "y" * 130 + " words after a long one " * 6,
        "中俄两国领导人周四在北京会晤。" * 20,  # no spaces, two cells a character
        "Путин и Си " * 40 + "中文" * 30,
        "wide  spaces   between    words " * 15,
        ("a " * 200).strip(),
    ]
    texts = []
    for plain in plains:
        text = Text(plain, end="")
        for _ in range(3):  # highlighted spans, as the evidence and the search mark them
            start = rng.randrange(len(plain))
            text.stylize("bold underline red", start, start + rng.randrange(1, 40))
        texts.append(text)
    return texts


def test_the_lines_shown_are_those_of_the_whole_paragraph():
    checked = 0
    for text in _texts():
        for width in (1, 3, 8, 18, 22, 37, 60):
            for height in (1, 2, 3, 4, 6):
                whole = text.wrap(CONSOLE, width, overflow="fold")
                lines, more = wrap_cell(text.copy(), CONSOLE, width, height)
                assert more == (len(whole) > height)
                expected = [(line.plain, line.spans, line.style) for line in whole[:height]]
                assert [(line.plain, line.spans, line.style) for line in lines] == expected, (text.plain[:40], width, height)
                checked += 1
    assert checked > 1000
