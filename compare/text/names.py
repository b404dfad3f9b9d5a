"""Names (people, places, organisations) in English text, and whether a text names one."""

from __future__ import annotations

import difflib
import re
from typing import Collection, Sequence

from compare.text.words import (MONTHS, NEGATIVE, NOT_NAMES, POSITIVE, STARTERS, STOPWORDS, TITLES, WEEKDAYS,
                                 WORD_NUMBERS)

_CAP = r"(?:[A-Z][a-z]+['’]s(?= [A-Z])|[A-Z][a-z]+|[A-Z]{2,}s?)"  # "People's Republic": one name
_NAME = re.compile(r"\b(" + _CAP + r"(?:[- ](?:" + _CAP + r"|(?:of|for|de|al|bin|von|van)(?= [A-Z]))){0,4})\b")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(ian|ean|ese|ish|ern|can|ic)s?$")
# A lone number word is no name, though it may open a name elsewhere: "Five, we uphold ..."
# (the fifth point of a list) beside "the Five Principles of Peaceful Coexistence".
_COUNTING = {*WORD_NUMBERS, "one", "first", "second", "firstly", "secondly", "thirdly", "finally"}
_SENTENCE_END = re.compile(r"[.!?:\"“«\n]\s*$")


def _at_sentence_start(text: str, start: int) -> bool:
    return start == 0 or _SENTENCE_END.search(text[max(0, start - 3):start]) is not None


def recurring_words(text: str) -> frozenset[str]:
    """Capitalised words that stand in mid-sentence somewhere in `text`: names recur, sentence openers do not."""
    return frozenset(m.group(0) for m in re.finditer(r"\b[A-Z][a-z]+\b", text)
                     if not _at_sentence_start(text, m.start()))


# A name of two or more capitalised words, then " (": what an abbreviation in
# brackets follows ("Shanghai Cooperation Organisation (SCO)").
_ABBREVIATION_AFTER_NAME = re.compile(r"[A-Z][\w'-]*(?:\s+(?:of|for|and|the)){0,2}\s+[A-Z][\w'-]*\s+\($")


def names(text: str, recurring: Collection[str] | None = None) -> list[str]:
    """Capitalised names (people, places, organisations) in English text, heuristically.

    A capitalised word counts when it is not the first word of a sentence,
    or when it is part of a multi-word name; stopwords, months and weekdays
    are dropped. A single capitalised word that opens a sentence ("Putin
    said", but also "Following the talks", "Trade grew") counts only when
    it stands capitalised in mid-sentence somewhere in `recurring` (words
    from `recurring_words`; by default those of `text` itself).
    """
    if recurring is None:
        recurring = recurring_words(text)
    out = []
    for match in _NAME.finditer(text):
        span = match.group(1)
        if (span.isupper() and len(span) <= 6 and text.startswith(")", match.end())
                and _ABBREVIATION_AFTER_NAME.search(text, max(0, match.start() - 200), match.start())):
            continue  # "Shanghai Cooperation Organisation (SCO)": the abbreviation of the name before it
        words = span.split()
        first_word = words[0].lower()
        sentence_start = _at_sentence_start(text, match.start())
        while words and (words[0].lower() in STOPWORDS or words[0].lower() in STARTERS
                         or words[0].lower() in MONTHS or words[0].lower() in WEEKDAYS
                         or all(part in TITLES for part in words[0].lower().split("-"))):  # "Vice-President"
            words = words[1:]
        if not words:
            continue
        if sentence_start and len(words) == 1 and first_word == words[0].lower() and not words[0].isupper() and (
            first_word in POSITIVE or first_word in NEGATIVE or words[0] not in recurring
            or re.search(r"\b" + re.escape(first_word) + r"\b", text) is not None
        ):
            continue
        while words and words[-1].lower() in {"of", "for", "and", "de", "al", "bin", "von", "van"}:
            words = words[:-1]
        if not words or (len(words) == 1 and (words[0].lower() in MONTHS or words[0].lower() in WEEKDAYS
                                               or words[0].lower() in NOT_NAMES or _DEMONYM.match(words[0])
                                               or words[0].lower() in _COUNTING)):
            continue
        out.append(" ".join(words))
    # One name written two ways ("BEIJING, May 16" in a dateline, "Beijing" later) is one name.
    by_key: dict[str, str] = {}
    for name in out:
        key = name.casefold()
        if key not in by_key or (by_key[key].isupper() and not name.isupper()):
            by_key[key] = name
    return list(dict.fromkeys(by_key[name.casefold()] for name in out))


def name_present(name: str, text: str) -> bool:
    """A name counts as present when any of its longer words appears (translations garble names),
    or when it stands there abbreviated ("Group of Seven" as "G7") or spelled out ("NATO")."""
    low = text.lower()
    distinctive = [w for w in re.split(r"[- ]", name) if w.lower() not in TITLES] or name.split()
    if any(len(w) >= 2 and re.search(r"\b" + re.escape(w.lower()[:max(4, len(w) - 3)]), low)
           for w in distinctive if w[:1].isupper()):
        return True
    if " " in name:
        short = _initials(name)
        return len(short) >= 2 and re.search(r"\b" + re.escape(short) + r"\b", text) is not None
    return name.isupper() and any(" " in other and _initials(other) == name for other in names(text))


def transliteration_of(latin: str, word: str) -> bool:
    """Whether a Russian word in Latin letters (`transliterate`) is the lowercase name word `word`
    with at most a case ending: "putina" for "putin", "liverpule" for "liverpool", not "novaya"
    for "novak". Short words must match exactly up to the ending; longer ones may differ in
    spelling ("zelenskiy" and "zelensky")."""
    if latin[:1] != word[:1] or not -2 <= len(latin) - len(word) <= 4:
        return False
    if len(word) < 6:
        return latin.startswith(word)
    return difflib.SequenceMatcher(None, latin[:len(word)], word).ratio() >= 0.75


def same_name(name: str, rendering: str) -> bool:
    """Whether a dictionary's English for a name is `name`: the same words, or, both being names
    of capitalised words only, one within the other ("Putin" and "Vladimir Putin")."""
    if name.casefold() == rendering.casefold():
        return True
    a, b = name.split(), rendering.split()
    if not all(w[:1].isupper() for w in a + b):
        return False  # "Europe and Asia" is not "Europe"
    shorter, longer = sorted(({w.casefold() for w in a}, {w.casefold() for w in b}), key=len)
    return shorter <= longer


def _initials(name: str) -> str:
    """"Group of Seven" -> "G7", "North Atlantic Treaty Organization" -> "NATO": the capitalised
    words' first letters, a number word as its figure ("of" and the like have none). `name` is
    one that `names` found, so a leading "The" is already gone."""
    out = []
    for word in re.split(r"[- ]", name):
        if word.lower() in WORD_NUMBERS:
            out.append(str(WORD_NUMBERS[word.lower()]))
        elif word[:1].isupper():
            out.append(word[0])
    return "".join(out)


def own_outlet(name: str, outlet: str) -> bool:
    """Whether a name is the outlet's own (all its words are words of the outlet's name)."""
    outlet_words = set(re.findall(r"\w+", outlet.casefold()))
    name_words = re.findall(r"\w+", name.casefold())
    return bool(name_words) and all(w in outlet_words for w in name_words)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where capitalised names of two or more words stand ("Cold War", "Great Hall of the People")."""
    spans = []
    for match in _NAME.finditer(text):
        start, words = match.start(1), match.group(1).split(" ")
        while words and (words[0].lower() in STOPWORDS or words[0].lower() in STARTERS):
            start += len(words[0]) + 1  # "The Cold War" -> "Cold War"
            words = words[1:]
        if len(words) > 1 or (words and "-" in words[0]):
            spans.append((start, match.end(1)))
    return spans


def part_of_name(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of `spans` and is not the whole of it."""
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)
