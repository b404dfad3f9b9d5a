"""The grid's highlight finds the spans Rich's case-blind highlight_words finds."""

from __future__ import annotations

import random
from pathlib import Path

from rich.text import Text

from compare.corpus import load_article_set
from tui.widgets.aligned_grid import highlight

ROOT = Path(__file__).resolve().parents[2]


def cases() -> list[tuple[str, str]]:
    rng = random.Random(11)
    plains = [p.text for a in load_article_set(ROOT / "corpora" / "putin-xi-2024").articles for p in a.paragraphs]
    found = []
    for plain in plains:
        for _ in range(3):  # a piece of the paragraph, its case changed: found case-blind
            start = rng.randrange(len(plain))
            word = plain[start:start + rng.randint(1, 30)]
            found.append((plain, rng.choice([word, word.upper(), word.lower(), word.swapcase()])))
        found.append((plain, "the"))  # many matches
        found.append((plain, "nowhere in it"))
    found += [
        ("aaaa", "aa"),  # matches do not overlap
        ("Kelvin \u212a and k", "k"),  # the Kelvin sign matches k case-blind
        ("long \u017f and s", "S"),  # so does the long s
        ("\u0130stanbul and istanbul", "istanbul"),  # İ lowers to two characters
        ("dotless \u0131 and I", "i"),
        ("Путин и ПУТИН", "путин"),
        ("Xi met Putin. XI MET PUTIN.", "xi met"),
        ("“Quoted” — and ‘single’ quotes", "quoted"),
    ]
    return found


def test_the_spans_are_rich_highlight_words_spans():
    for plain, word in cases():
        ours, rich = Text(plain), Text(plain)
        highlight(ours, word, "bold")
        rich.highlight_words([word], "bold", case_sensitive=False)
        assert ours.spans == rich.spans, (plain[:60], word)
