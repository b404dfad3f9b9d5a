"""The Unicode ranges of the scripts Parallax reads, written once.

Each constant is the inside of a regex character class ("[{HAN}]+"); the
`is_*` helpers test one character against the same ranges.
"""

from __future__ import annotations

import re
import unicodedata

# Cyrillic and Cyrillic Supplement.
CYRILLIC = "\u0400-\u052f"
# The Russian alphabet, as words are written in it (a narrower set than CYRILLIC).
RUSSIAN_UPPER = "А-ЯЁ"
RUSSIAN_LOWER = "а-яё"
# CJK Unified Ideographs, Extension A, Compatibility Ideographs, and planes 2 and 3 (Extensions B onwards).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
# Hiragana, Katakana and the Katakana Phonetic Extensions.
KANA = "\u3040-\u30ff\u31f0-\u31ff"
# Hangul Jamo, Compatibility Jamo and Syllables.
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"
# CJK Symbols and Punctuation ("。", "「", the ideographic space) and Halfwidth and Fullwidth Forms ("？", "，").
CJK_PUNCTUATION = "\u3000-\u303f\uff00-\uffef"
# Scripts written without spaces between words: a line break or a join inside them adds none.
UNSPACED = CJK_PUNCTUATION + KANA + HAN


class LazyPattern:
    """A regex compiled when first used (a class over these ranges is slow to compile, and most
    runs of the program use few of them: docs/performance.md); once compiled, its methods are the
    compiled pattern's own."""

    _METHODS = ("match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str):
        compiled = re.compile(self.pattern, self.flags)
        for method in self._METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


_CYRILLIC = LazyPattern(f"[{CYRILLIC}]")
_HAN = LazyPattern(f"[{HAN}]")
_KANA = LazyPattern(f"[{KANA}]")
_HANGUL = LazyPattern(f"[{HANGUL}]")
_UNSPACED = LazyPattern(f"[{UNSPACED}]")
# A word for `word_count`: one Han or kana character, or a run of other word characters.
_WORD = LazyPattern(f"[{HAN}{KANA}]|[^\\W{HAN}{KANA}]+")


def is_cyrillic(char: str) -> bool:
    return _CYRILLIC.match(char) is not None


def is_han(char: str) -> bool:
    return _HAN.match(char) is not None


def is_unspaced(char: str) -> bool:
    return _UNSPACED.match(char) is not None


def script_of(char: str) -> str:
    """ "Cyrillic", "Kana", "Han", "Hangul", "Latin" or "Other"."""
    for name, pattern in (("Cyrillic", _CYRILLIC), ("Kana", _KANA), ("Han", _HAN), ("Hangul", _HANGUL)):
        if pattern.match(char):
            return name
    if char.isascii() or "LATIN" in unicodedata.name(char, ""):
        return "Latin"
    return "Other"


def word_count(text: str) -> int:
    """Words, each Han or kana character counting as one (Chinese and Japanese put no spaces between words)."""
    return len(_WORD.findall(text))
