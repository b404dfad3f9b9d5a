"""Sentence splitting shared by the translators and the sentence view of alignment."""

from __future__ import annotations

import re

_CJK_END = "。！？"
_LATIN_END = ".!?…"
_CLOSERS = "»\"”’'」』）)]"
_BOUNDARY = re.compile(
    rf"(?P<cjk>[{_CJK_END}]+[{re.escape(_CLOSERS)}]*)"
    rf"|(?P<latin>[{re.escape(_LATIN_END)}]+[{re.escape(_CLOSERS)}]*)(?=\s)"
)
# A new sentence after Latin/Cyrillic punctuation starts like this.
_STARTER = re.compile(r"\s+[«\"“„'(\[—–-]*\s*[A-ZА-ЯЁ0-9\u4e00-\u9fff]")
# Words after which a period does not end the sentence.
_ABBREVIATIONS = {
    "г", "гг", "т", "е", "д", "им", "ул", "пр", "см", "стр", "рис", "тыс", "др",
    "т.е", "т.д", "т.п", "и.о",
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "prof", "gen", "no", "e.g", "i.e",
}


def _ends_with_abbreviation(text: str) -> bool:
    """True when `text` (ending in ".") ends in an initial or a known abbreviation."""
    match = re.search(r"([\w.]+)\.$", text)
    if not match:
        return False
    word = match.group(1)
    return (len(word) == 1 and word.isalpha()) or word.lower() in _ABBREVIATIONS


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences (Russian, Chinese, English punctuation).

    Chinese 。！？ always end a sentence; . ! ? … end one only before
    whitespace and a capital letter, digit, Han character or opening quote,
    and not after an initial ("В. Путин") or an abbreviation ("т. е.",
    "Dr."). Whitespace between sentences is dropped; text is never lost.
    """
    text = paragraph.strip()
    if not text:
        return []
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if end >= len(text):
            break
        if match.group("latin"):
            if not _STARTER.match(text, end):
                continue
            if match.group("latin").startswith(".") and _ends_with_abbreviation(text[start:match.start() + 1]):
                continue
        piece = text[start:end].strip()
        if piece:
            sentences.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences
