"""Russian Cyrillic in Latin letters: lowercase for file names ("Данилов" -> "danilov"), or keeping case for names."""

from __future__ import annotations

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"],
))


def transliterate(word: str) -> str:
    """Lowercase Latin for Russian letters; every other character as it is (lowercased)."""
    return "".join(_TRANSLIT.get(c, c) for c in word.lower())


def transliterate_name(word: str) -> str:
    """Latin for the Russian letters of `word`, keeping its case: "Данилов" -> "Danilov", "ГИС" -> "GIS".

    Other characters stay as they are, so a word the LLM left half in
    Cyrillic comes out whole: "Daniлов" -> "Danilov".
    """
    letters = [c for c in word if c.isalpha()]
    shouting = len(letters) > 1 and all(c.isupper() for c in letters)
    out = []
    for c in word:
        latin = _TRANSLIT.get(c.lower())
        if latin is None:
            out.append(c)
        elif c.isupper():
            out.append(latin.upper() if shouting else latin.capitalize())
        else:
            out.append(latin)
    return "".join(out)
