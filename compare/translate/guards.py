"""Checks of a translation's English against its source, for any backend.

`check_output` lists what makes an output untrustworthy: text left in the
source's script, added commentary or a refusal, a repetition loop, a length
far off the source's, and figures, dates, weekdays or countries that the
source does not hold or the English lost. The LLM retries on what they find
(`compare.translate.llm`); for a backend that does not check its own output
(`Translator.guard_output`), `GuardedTranslator` flags what fails them.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace
from typing import Sequence

from compare.text import cedict
from compare.text.numbers import dropped_figures, magnitude_slips
from compare.text.scripts import CYRILLIC, HAN
from compare.translate.base import Wrapper, foreign_script_share
from compare.types import Translation

# Lower and upper bounds of len(english) / len(source) in characters, per
# source language; from the 0.5th and 99.5th percentiles of WMT23/24
# reference translations, widened.
LENGTH_RATIO = {"ru": (0.5, 2.2), "zh": (1.2, 7.0), "ja": (1.0, 6.0), "ko": (1.0, 5.0)}
DEFAULT_RATIO = (0.4, 3.0)
MAX_FOREIGN_SHARE = 0.02
# Even a small share is wrong when it is a whole term: two Han characters or a Cyrillic word.
_LEFTOVER = re.compile(f"[{HAN}]{{2,}}|[{CYRILLIC}]{{3,}}")

_LABEL = re.compile(r"^\s*(?:english\s+)?(?:translation|translated text)\s*(?:\([^)]*\))?\s*:\s*", re.I)
_COMMENTARY = re.compile(
    r"^\s*(?:sure|certainly|of course|here is|here's|below is|the (?:english )?translation)\b"
    r"|\b(?:here is the translation|translated (?:text|paragraph)|i have translated|"
    r"this translation|note:|notes:|\(note\b|translator's note)",
    re.I,
)

# The model declining the task ("I apologize, but I cannot assist with that request.") or asking
# for the text it was given; 11 of 1,708 stored translations here were such, none flagged. A
# translated apology ("I'm sorry, but maybe...") or a quoted one ('"Sorry, I can't help," he said')
# is not one: the output must open with the apology, and the decline must follow it.
_REFUSAL = re.compile(
    r"^\s*(?:i'?m sorry|i am sorry|sorry|i apologi[sz]e|unfortunately)\b[^.!?]{0,40}?"
    r"\b(?:can(?:no|')t|unable to|not able to|won't)\s+(?:assist|help|translate|comply|provide|do)\b"
    r"|\b(?:provide|clarify)\b[^.!?]{0,40}\b(?:the text|more (?:details|context)|what you would like)"
    r"|\bno (?:text|content|information or context) to translate\b",
    re.I,
)
REFUSED = "the model declined to translate it"


def clean_output(text: str) -> str:
    """Strip whitespace and a bare leading label such as "Translation:"."""
    text = text.strip()
    stripped = _LABEL.sub("", text, count=1)
    return stripped.strip() if stripped.strip() else text


def _repetition(text: str) -> bool:
    """A degenerate loop: a 4-word sequence repeated 4+ times, or text that compresses too well."""
    words = text.lower().split()
    grams: dict[tuple[str, ...], int] = {}
    for i in range(len(words) - 3):
        gram = tuple(words[i:i + 4])
        grams[gram] = grams.get(gram, 0) + 1
        if grams[gram] >= 4:
            return True
    data = text.encode("utf-8")
    return len(data) > 400 and len(zlib.compress(data)) / len(data) < 0.25


# Number words that must survive translation: source pattern -> English word.
_MAGNITUDES = (
    (re.compile(r"млн|миллион", re.I), "million"),
    (re.compile(r"млрд|миллиард", re.I), "billion"),
    (re.compile(r"трлн|триллион|万亿", re.I), "trillion"),
)


def _magnitude_problems(source: str, text: str) -> list[str]:
    """"227,8 млрд" must not come out as "227.8 trillion": a magnitude word
    in the English that no source word accounts for is a wrong figure."""
    low = text.lower()
    problems = []
    for pattern, word in _MAGNITUDES:
        if word in low and not pattern.search(source) and any(p.search(source) for p, _ in _MAGNITUDES):
            problems.append(f'"{word}" in the English, but not in the source: a figure may be wrong')
    return problems


# The source languages whose words the calendar and country checks below know;
# for any other source they would call a right rendering invented.
_CHECKED_SOURCES = ("ru", "zh")

# Calendar words the model invents: "16日下午" has come out as "On Saturday
# afternoon" and "At 4:30 PM on Thursday", "16日晚" as "On June 16". An English
# weekday, month or clock time needs a word for one in the source. The source
# patterns are loose on purpose (a false "has one" only skips the check).
_CALENDAR = (
    ("weekday",
     re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
     re.compile(r"星期|周[一二三四五六日末]|礼拜|понедельн|вторник|сред[уаые]\b|четверг|пятниц|суббот|воскресен|"
                r"будн|выходн", re.I)),
    ("month",
     re.compile(r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b"
                r"|\bMay(?=\s+\d)|(?<=\d\s)May\b"),
     re.compile(r"[0-9０-９一二三四五六七八九十]\s*月|январ|феврал|март|апрел|\bма[йяюе]\b|июн|июл|август|"
                r"сентябр|октябр|ноябр|декабр", re.I)),
    ("clock time",
     re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|AM\b|PM\b)|o'clock"),
     re.compile(r"\d\s*[:：.]\s*\d|[0-9０-９一二三四五六七八九十两]\s*[时点]|\bчас|\bутра\b|\bвечера\b|\bночи\b", re.I)),
)


def _figure_problems(source: str, text: str) -> list[str]:
    """A source figure given in the English with the same digits at another magnitude:
    the model reads 万 (10^4) and 亿 (10^8) as "million" and "billion" ("600万英镑" as "£600 million")."""
    return [f'"{english}" in the English for "{original}" in the source: wrong by a power of ten'
            for original, english in magnitude_slips(source, text)]


def _dropped_problems(source: str, text: str) -> list[str]:
    """Source figures and dates the English leaves out ("10年に及ぶ議論", a decade of
    debate, came out as "the discussion"): a reader of the English would not see them."""
    spans = list(dict.fromkeys(x.span for x in dropped_figures(source, text)))
    if not spans:
        return []
    listed = ", ".join(f'"{span}"' for span in spans[:4]) + (", ..." if len(spans) > 4 else "")
    return [f"{listed} of the source missing from the English"]


def _calendar_problems(src: str, source: str, text: str) -> list[str]:
    """A weekday, month or clock time in the English that no source word names.

    Russian and Chinese sources only: the patterns know no other language's
    calendar words, and would call a right "Monday" for "月曜日" or "Montag" invented.
    """
    if src not in _CHECKED_SOURCES:
        return []
    problems = []
    for kind, english, in_source in _CALENDAR:
        found = english.search(text)
        if found and not in_source.search(source):
            problems.append(f'"{found.group(0)}" in the English, but the source names no {kind}: it may be invented')
    return problems


# Countries the small model swaps or invents ("российско-китайские" came out
# as "Russian-Korean", "韩正" as "Kim Jong-il", "Западный Голливуд" as "the
# West End of London"): how English writes each
# (names, adjectives, capitals) and how Russian and Chinese sources do.
# Russian forms are lowercase word beginnings; Chinese ones substrings that
# name the country and nothing else ("美国", not "美": "beautiful").
_COUNTRIES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "China": (r"Chin(?:a|ese)|PRC|Beijing",
              ("кита", "кнр", "пекин", "си цзиньпин"),
              ("中国", "中方", "中华", "中俄", "俄中", "中美", "美中", "中日", "中韩", "中欧", "中非", "访华", "来华",
               "对华", "在华", "北京", "习近平")),
    "Russia": (r"Russia(?:n|ns)?|Moscow|Kremlin",
               ("росси", "рф", "русск", "москв", "московск", "подмосков", "всеросс", "антиросс", "кремл", "путин"),
               ("俄", "莫斯科", "克里姆林", "普京")),
    "Korea": (r"Korea(?:n|ns)?|Pyongyang|Seoul", ("коре", "кндр", "пхеньян", "сеул"),
              ("朝鲜", "韩国", "韩方", "朝韩", "中韩", "平壤", "首尔")),
    "Japan": (r"Japan(?:ese)?|Tokyo", ("япон", "токио"), ("日本", "日方", "中日", "东京")),
    "the United States": (r"United States|U\.S\.|USA?|Americans?|Washington",
                          ("сша", "америк", "вашингтон", "штат"),
                          ("美国", "美方", "中美", "美中", "美俄", "俄美", "美欧", "欧美", "华盛顿")),
    "Ukraine": (r"Ukrain(?:e|ian|ians)|Kyiv|Kiev", ("украин", "киев"), ("乌克兰", "乌方", "俄乌", "基辅")),
    "India": (r"India(?:n|ns)?|New Delhi", ("инди", "дели"), ("印度", "新德里")),
    "Germany": (r"German(?:y|s)?|Berlin", ("герман", "немец", "немецк", "берлин", "фрг"), ("德国", "德方", "柏林")),
    "France": (r"France|French|Paris", ("франц", "париж"), ("法国", "法方", "巴黎")),
    "Britain": (r"Brit(?:ain|ish)|United Kingdom|UK|London",
                ("британ", "великобритан", "англия", "англии", "англию", "англией", "лондон"),  # not "английский"
                ("英国", "英方", "伦敦")),
    "Poland": (r"Pol(?:and|ish|es)|Warsaw", ("польш", "польск", "варшав"), ("波兰", "华沙")),
    "Belarus": (r"Belarus(?:ian|ians)?|Minsk", ("беларус", "белорус", "минск"), ("白俄罗斯", "明斯克")),
    "Kazakhstan": (r"Kazakh(?:stan|s)?|Astana", ("казах", "астан"), ("哈萨克斯坦", "阿斯塔纳")),
    "Mongolia": (r"Mongolia(?:n|ns)?|Ulaanbaatar", ("монгол", "улан-батор"), ("蒙古国", "乌兰巴托")),
    "Turkey": (r"Turkey|Turkish|T[üu]rkiye|Ankara", ("турци", "турецк", "анкар"), ("土耳其", "安卡拉")),
    "Iran": (r"Iran(?:ian|ians)?|Tehran", ("иран", "тегеран"), ("伊朗", "德黑兰")),
    "Israel": (r"Israel(?:i|is)?", ("израил",), ("以色列", "以方")),
    "Vietnam": (r"Vietnam(?:ese)?|Viet Nam|Hanoi", ("вьетнам", "ханой"), ("越南", "河内")),
}
_COUNTRY_EN = {country: re.compile(rf"\b(?:{english})\b") for country, (english, _, _) in _COUNTRIES.items()}
_COUNTRY_RU = {country: re.compile(r"(?<![а-яё])(?:" + "|".join(map(re.escape, russian)) + ")")
               for country, (_, russian, _) in _COUNTRIES.items()}


def _countries_in_source(source: str, src: str) -> set[str]:
    if src == "ru":
        lowered = source.lower()
        return {country for country, pattern in _COUNTRY_RU.items() if pattern.search(lowered)}
    return {country for country, (_, _, chinese) in _COUNTRIES.items() if any(form in source for form in chinese)}


def _country_problems(src: str, source: str, text: str) -> list[str]:
    """A country in the English that no source word names (nor its capital or leader).

    "Chinese President Xi Jinping" for "Си Цзиньпин" is fine: the leader
    names the country. When a country the source names is missing from the
    English too, the reason says so: one was swapped for the other. Russian
    and Chinese sources only.
    """
    if src not in _CHECKED_SOURCES:
        return []
    in_source = _countries_in_source(source, src)
    in_english = {country: match for country, pattern in _COUNTRY_EN.items() if (match := pattern.search(text))}
    added, missing = sorted(in_english.keys() - in_source), sorted(in_source - in_english.keys())
    if not added:
        return []
    shown = ", ".join(f'"{in_english[country].group(0)}"' for country in added)
    if missing:
        return [f"{shown} in the English where the source names {', '.join(missing)}: a country may be swapped"]
    return [f"{shown} in the English, but the source names no such country: it may be invented"]


def check_output(src: str, source: str, text: str, *, hit_limit: bool = False) -> list[str]:
    """Reasons this output is not a trustworthy translation (empty list: fine)."""
    problems = []
    if not text.strip():
        return ["empty output"]
    if src == "zh" and cedict.looks_traditional(source):  # the checks know Simplified forms: "週五" is "周五"
        source = cedict.simplified(source)
    share = foreign_script_share(text)
    leftover = _LEFTOVER.search(text)
    if share > MAX_FOREIGN_SHARE or leftover:
        details = [f"{share:.0%} of letters"] if share >= 0.005 else []  # not "0% of letters" for one term
        details += [f"e.g. {leftover.group(0)!r}"] if leftover else []
        problems.append(f"untranslated Cyrillic/Han text left in the output ({', '.join(details)})")
    problems += _magnitude_problems(source, text)
    problems += _figure_problems(source, text)
    problems += _dropped_problems(source, text)
    problems += _calendar_problems(src, source, text)
    problems += _country_problems(src, source, text)
    if _REFUSAL.search(text):
        problems.append(REFUSED)
    elif _COMMENTARY.search(text):
        problems.append("the model added commentary")
    if _repetition(text):
        problems.append("repetition loop")
    if hit_limit:
        problems.append("stopped at the length limit")
    low, high = LENGTH_RATIO.get(src, DEFAULT_RATIO)
    if len(source.strip()) >= 20:
        ratio = len(text) / len(source.strip())
        if ratio < low:
            problems.append(f"much shorter than the source (length ratio {ratio:.2f}): may be truncated")
        elif ratio > high:
            problems.append(f"much longer than the source (length ratio {ratio:.2f})")
    return problems


class GuardedTranslator(Wrapper):
    """Flags each translation the wrapped translator gives that fails `check_output`.

    The English stays as it is; the note says what the checks found. It
    sits outside the cache, so a stored translation is checked as it is read.
    """

    def cached(self, paragraphs: Sequence[str], src: str) -> dict[int, Translation]:
        found = self.inner.cached(paragraphs, src)
        return {i: _checked(src, paragraphs[i], t) for i, t in found.items()}

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        out = self.inner.translate(paragraphs, src, context=context, on_step=on_step, cancel=cancel)
        return [_checked(src, p, t) for p, t in zip(paragraphs, out)]


def _checked(src: str, source: str, translation: Translation) -> Translation:
    """`translation`, flagged with what `check_output` finds in it (unchanged when nothing)."""
    if not source.strip():
        return translation
    problems = check_output(src, source, translation.text)
    if not problems:
        return translation
    note = "; ".join(([translation.note] if translation.note else []) + problems)
    return replace(translation, flagged=True, note=note)
