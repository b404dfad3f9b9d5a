"""Sentence splitting shared by the translators and the sentence view of alignment."""

from __future__ import annotations

import re

from compare.text.scripts import HAN, RUSSIAN_LOWER, RUSSIAN_UPPER, LazyPattern

_CJK_END = "。！？"
_LATIN_END = ".!?…"
_CLOSERS = "»\"”’'」』）)]"
_OPENING = "«\"“„‘'「『（(["
_BOUNDARY = LazyPattern(
    rf"(?P<cjk>[{_CJK_END}]+[{re.escape(_CLOSERS)}]*)"
    rf"|(?P<latin>[{re.escape(_LATIN_END)}]+[{re.escape(_CLOSERS)}]*)(?=\s)"
)
# A new sentence after Latin/Cyrillic punctuation starts like this.
_STARTER = LazyPattern(rf"\s+[«\"“„'(\[—–-]*\s*[A-Z{RUSSIAN_UPPER}0-9{HAN}]")
# Words after which a period does not end the sentence.
_ABBREVIATIONS = {
    "г", "гг", "т", "е", "д", "им", "ул", "пр", "см", "стр", "рис", "тыс", "др",
    "т.е", "т.д", "т.п", "и.о",
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "prof", "gen", "no", "e.g", "i.e",
}


# Russian words that open a sentence but are not names: prepositions,
# conjunctions, pronouns, sentence adverbs. Written with a capital after a
# lowercase word and no punctuation ("... в Палате представителей Сегодня в
# Палате ...") one marks where a headline or a subhead was run into the next
# sentence when a paragraph break was lost. Single letters that also name
# things ("Серии А", "пункт И") are left out.
_RU_OPENERS = frozenset(
    "в во на по за с со к ко о об обо от до из у для при после перед над под без через между "
    "это этот эта эти этого он она оно они мы вы его её ее их "
    "как так также тем но однако кроме среди согласно напомним что когда если хотя поэтому "
    "сегодня вчера ранее теперь сейчас тогда там здесь уже ещё еще всего более около все всё".split()
)
# The same for English, where a translation keeps the run-in headline of its
# source ("... for WA's jails The Washington jail system is ..."), or where an
# English text lost its own paragraph breaks. Only closed-class words: a
# capitalised noun after a lowercase word is most often a name.
_EN_OPENERS = frozenset(
    "the a an in on at by for from with after before during since as while when if although though "
    "but however meanwhile according this that these those it its he she they we his her their our "
    "there earlier last".split()
)
# "told The Guardian", "in The Hague": an article before a capitalised word
# opens a name more often than a sentence, so it cuts nothing.
_EN_ARTICLES = frozenset({"the", "a", "an"})
_CAPITAL_NEXT = LazyPattern(r"\S+\s+[A-Z]")
# A capitalised Cyrillic or Latin word after a lowercase letter, digit or closing quote.
_RUN_IN = LazyPattern(
    rf"(?<=[a-z{RUSSIAN_LOWER}0-9{re.escape(_CLOSERS)}])\s+(?=([{RUSSIAN_UPPER}][{RUSSIAN_LOWER}]*|[A-Z][a-z]*)\s)")
_OPENERS = _RU_OPENERS | _EN_OPENERS
# What ends a sentence with punctuation, for `is_punctuated`: a colon or a
# semicolon does not start a new sentence here, but it does close a headline.
_PUNCTUATED = tuple(_CJK_END + _LATIN_END + ":：;；")


def _split_run_in(sentence: str) -> list[str]:
    """Cut a sentence where a capitalised sentence opener (Russian or English) follows without punctuation."""
    pieces, start = [], 0
    for match in _RUN_IN.finditer(sentence):
        word = match.group(1).lower()
        if word in _EN_ARTICLES and _CAPITAL_NEXT.match(sentence, match.end()):
            continue
        if _capitalised(sentence[start:match.start()].rsplit(None, 1)[-1]) and _CAPITAL_NEXT.match(sentence, match.end()):
            continue  # between two capitalised words: inside a Title Case name ("of Beyond These Walls in")
        if word in _OPENERS:
            pieces.append(sentence[start:match.start()])
            start = match.end()
    pieces.append(sentence[start:])
    return pieces


def _capitalised(word: str) -> bool:
    """True when a word begins with a capital letter once opening quotes and brackets are set aside."""
    letters = word.lstrip(_OPENING)
    return bool(letters) and letters[0].isupper()


def is_punctuated(text: str) -> bool:
    """True when `text` ends in . ! ? … 。！？ : or ; (closing quotes and brackets aside)."""
    # An unpunctuated sentence of `split_sentences` other than the last is a run-in headline.
    return text.rstrip().rstrip(_CLOSERS).endswith(_PUNCTUATED)


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
    "Dr."). A sentence also ends, without punctuation, before a capitalised
    Russian or English sentence opener that follows a lowercase word ("... в
    Палате представителей Сегодня в Палате ...", "... for WA's jails In a
    recent ..."): a headline run into the text. Chinese gives no such cue.
    Whitespace between sentences is dropped; text is never lost.
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
        sentences.append(text[start:end])
        start = end
    sentences.append(text[start:])
    return [piece.strip() for sentence in sentences for piece in _split_run_in(sentence) if piece.strip()]
