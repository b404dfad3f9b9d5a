"""Russian Cyrillic in Latin letters, lowercase ("Данилов" -> "danilov"), for names and file names."""

from __future__ import annotations

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))


def transliterate(word: str) -> str:
    """Lowercase Latin for Russian letters; every other character as it is (lowercased)."""
    return "".join(_TRANSLIT.get(c, c) for c in word.lower())
