"""Glossary entries that help a retry fix what a guard found, and a flagged output made readable.

A retry's prompt spells out what the first attempt got wrong or may have:
the dates and scaled figures of the source (`date_hints`, `figure_hints`),
the figures the attempt left out (`dropped_hints`), the Russian names it
left in Cyrillic (`name_hints`) and the Chinese words it left in Han
(`term_hints`). `legible` makes what is still left readable.
"""

from __future__ import annotations

import difflib
import re

from compare.text import cedict
from compare.text.numbers import dropped_figures, numbers
from compare.text.scripts import CYRILLIC
from compare.text.translit import transliterate, transliterate_name

# Dates and figures spelled out for the model when it retries a paragraph, as
# glossary entries. They are read with `compare.text.numbers.numbers`, as the
# divergence reads them; these tables only say how English news writes them.
_ZH_PART_OF_DAY = {
    "凌晨": "early on the morning of", "早上": "on the morning of", "上午": "on the morning of",
    "中午": "at noon on", "下午": "on the afternoon of", "傍晚": "on the evening of",
    "晚上": "on the evening of", "晚间": "on the evening of", "晚": "on the evening of",
}
# A currency after a figure -> what English writes before and after the figure.
_CURRENCY = {
    "美元": ("$", ""), "英镑": ("£", ""), "欧元": ("€", ""), "人民币": ("", " yuan"), "元": ("", " yuan"),
    "卢布": ("", " roubles"), "日元": ("", " yen"),
    "долларов": ("$", ""), "евро": ("€", ""), "рублей": ("", " roubles"), "юаней": ("", " yuan"),
}
_ENGLISH_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _longest_first(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _english_figure(value: float) -> str:
    """2.401e11 -> "240.1 billion", 6e6 -> "6 million", 5e4 -> "50,000"."""
    for size, word in _ENGLISH_SCALES:
        if value >= size:
            return f"{value / size:.6g} {word}"
    return f"{value:,.6g}" if value != int(value) else f"{int(value):,}"


def _occurrences(source: str, span: str, after: str) -> list[re.Match]:
    """Where `span` stands in `source` as a whole figure, with what `after` matches right behind it."""
    return list(re.finditer(rf"(?<![0-9,.月]){re.escape(span)}(?:{after})?", source))


def figure_hints(source: str, src: str) -> dict[str, str]:
    """Glossary entries for figures with a scale word, with their currency: Chinese 万 and 亿
    ("600万英镑" = "£6 million", "2401亿美元" = "$240.1 billion") and Russian млн/млрд/трлн or the
    words ("227,8 млрд долларов" = "$227.8 billion"): every figure `numbers` reads with a scale of 10^4 or more."""
    if src not in ("zh", "ru"):
        return {}
    hints = {}
    for figure in numbers(source):
        if figure.scale < 1e4 or figure.word or figure.is_date:
            continue
        for match in _occurrences(source, figure.span, rf"\.?\s*({_longest_first(_CURRENCY)})"):
            before, after = _CURRENCY.get(match.group(1) or "", ("", ""))
            hints[match.group(0)] = before + _english_figure(figure.value) + after
    return hints


_CYRILLIC_RUN = re.compile(f"[{CYRILLIC}]{{2,}}")
_RU_WORD = re.compile(f"[0-9]*[{CYRILLIC}]+(?:-[{CYRILLIC}]+)*")


def name_hints(source: str, src: str, english: str) -> dict[str, str]:
    """Glossary entries for the Russian names and abbreviations an attempt left (partly) in Cyrillic.

    The small model half-transliterates names it does not know ("Daniлов",
    "Zayцев") and copies club and media names ("Химки"). Each Cyrillic run
    of the English is traced to the source word it came from (the word
    holding it whose transliteration is closest to the English word around
    it); a capitalised word is given transliterated ("Данилов" = "Danilov",
    "2ГИС" = "2GIS"). Lowercase words are left to the model: a
    transliteration is no translation. Russian only.
    """
    if src != "ru":
        return {}
    words = _RU_WORD.findall(source)
    hints = {}
    for run in _CYRILLIC_RUN.finditer(english):
        holders = [w for w in words if run.group(0).lower() in w.lower()]
        if not holders:
            continue
        start = english.rfind(" ", 0, run.start()) + 1
        end = english.find(" ", run.end())
        around = transliterate(re.sub(r"[^\w-]", "", english[start:end if end >= 0 else len(english)]))
        word = max(holders, key=lambda w: (difflib.SequenceMatcher(None, around, transliterate(w)).ratio(), -len(w)))
        if not word.lstrip("0123456789")[:1].isupper():
            continue
        # The source's case, letter by letter: "Ростов-на-Дону" = "Rostov-na-Donu", "2ГИС" = "2GIS".
        hints[word] = transliterate_name(word)
    return hints


def term_hints(source: str, src: str, english: str) -> dict[str, str]:
    """Glossary entries, from CC-CEDICT, for the Chinese words an attempt left in Han.

    "仪仗队" = "honor guard / guard of honor": the dictionary's renderings,
    for the model to choose from in context; when the source's word around
    the run is a longer dictionary word, that one ("营业" left in "evening
    营业 hours": "营业时间" = "... / opening hours"). Only words of two or more
    characters that the source holds; a word the dictionary lacks (most
    foreign names) gets nothing, and stays flagged if the retry copies it
    again. Chinese only.
    """
    if src != "zh":
        return {}
    hints: dict[str, str] = {}
    for run in dict.fromkeys(cedict.HAN_RUN.findall(english)):  # in order: the prompt must not vary between runs
        at = source.find(run)
        if at < 0:
            continue
        # the source's word that holds the run says more: "营业时间" (opening hours) for "营业"
        word = cedict.word_around(source, at, at + len(run))
        english_word = cedict.rendering(word) if word and len(word) > len(run) else None
        if english_word:
            hints[word] = english_word
        else:
            hints.update(cedict.glossary_for(run))
    return hints


def dropped_hints(source: str, english: str) -> dict[str, str]:
    """Glossary entries for the figures and dates an attempt left out, so the retry keeps them:
    "107 млн" = "107 million", "22,5%" = "22.5%", "18 декабря" = "December 18", "1974" = "1974"."""
    hints = {}
    for figure in dropped_figures(source, english):
        if figure.is_date:
            hints[figure.span] = figure.context
        elif figure.percent:
            hints[figure.span] = f"{figure.value:g}%"
        elif figure.scale >= 1e4 or figure.value >= 1e4:
            hints[figure.span] = _english_figure(figure.value)
        else:  # a year stays "1974", not "1,974"
            hints[figure.span] = f"{figure.value:g}"
    return hints


def date_hints(source: str, src: str) -> dict[str, str]:
    """Glossary entries for the dates in a Chinese paragraph: "16日下午" =
    "on the afternoon of the 16th", "5月16日" = "May 16". Not for other languages."""
    if src != "zh":
        return {}
    hints = {}
    for date in (n for n in numbers(source) if n.is_date):
        for match in _occurrences(source, date.span, f"({_longest_first(_ZH_PART_OF_DAY)})"):
            part = match.group(1)
            hints[match.group(0)] = f"{_ZH_PART_OF_DAY[part]} {date.context}" if part else date.context
    return hints


_CYRILLIC_WORD = re.compile(f"[\\w-]*[{CYRILLIC}][\\w-]*")


def legible(src: str, english: str) -> tuple[str, str]:
    """A flagged translation's English with what is left in the source's script made readable, and what was done.

    Chinese words get the dictionary's rendering beside them (`cedict.gloss`:
    "the honor guard (仪仗队)"). Words left in Cyrillic, nearly always names
    ("Daniлов", "Химки"), are transliterated in place ("Danilov", "Khimki"):
    Latin letters are what an English reader can look a name up by. A
    lowercase word left whole in Cyrillic ("два дня") is a common word,
    which transliteration would not make English: it stays.
    """
    if src == "zh":
        text, words = cedict.gloss(english)
        return text, f"dictionary renderings added beside {', '.join(words)}" if words else ""
    if src == "ru":
        latin = {word: transliterate_name(word) for word in _CYRILLIC_WORD.findall(english) if _name_like(word)}
        if latin:
            text = _CYRILLIC_WORD.sub(lambda m: latin.get(m.group(0), m.group(0)), english)
            return text, "transliterated from the Cyrillic left in the output: " + ", ".join(
                f"{word} → {name}" for word, name in latin.items())
    return english, ""


def _name_like(word: str) -> bool:
    """A capitalised word, or one the model began in Latin ("Daniлов"): a name, not a common word ("дня")."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and (letters[0].isupper() or any(c.isascii() for c in letters))
