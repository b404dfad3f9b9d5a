"""Translation with a local GGUF instruction model through llama-cpp-python.

Speed: the model is loaded once per process (a shared engine per GGUF path)
and decodes several paragraphs at once as parallel sequences of one
llama.cpp context ("continuous batching": when a paragraph finishes, the
next one takes its slot in the same decode step). On a CPU, generating one
token for two sequences costs little more than for one (two slots measured
fastest on 2 cores), so the model is never idle between paragraphs. The fixed part of the prompt (instructions
and a worked example) is evaluated once and shared by every sequence
through the KV cache.

Quality: the prompt carries the article title, the glossary entries that
occur in the paragraph and the names seen earlier in the run; a Chinese
paragraph's glossary also holds the names in it that CC-CEDICT renders one
way only (`cedict.names_in`: "韩正" Han Zheng, "人民大会堂" the Great Hall of
the People), which the model otherwise garbles ("Khan", "the White House").
The previous paragraph as context (`previous_paragraph=True`) measured slower and no
better on WMT24 news, and sometimes invited invented details, so it is off. Every output goes through guards (leftover Cyrillic/Han, added
commentary, truncation, repetition); a failure is retried once with a
stricter prompt, and if that fails too the better attempt is kept and
flagged with a note saying why.

Decoding is greedy (argmax), hence deterministic for a given batch layout.
"""

from __future__ import annotations

import difflib
import importlib.util
import logging
import re
import threading
import zlib
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from threading import Event
from typing import Callable, Mapping, Sequence

from compare import languages, model_files as models
from compare.diverge import dropped_figures, magnitude_slips, numbers
from compare.sentences import split_sentences
from compare.translate import cedict
from compare.translate.base import (
    StepCallback,
    TranslationContext,
    TranslatorUnavailable,
    foreign_script_share,
)
from compare.translit import transliterate, transliterate_name
from compare.types import Cancelled, Translation

log = logging.getLogger(__name__)

# Bump whenever the prompt of a first attempt or the decoding changes: the
# translation cache keys on the model id. A new guard needs no bump: stored
# translations are checked again when read (`LlmTranslator.recheck`), and
# only those that fail it are translated again.
PROMPT_VERSION = 6  # 6: a Chinese paragraph's glossary holds the names CC-CEDICT renders one way
# Bump whenever the retry gets better at fixing what a guard found (its
# stricter prompt, or the dates and figures it spells out). A flagged
# translation records the version that could not fix it; one flagged by an
# older retry is translated again, once. 1: the first version recorded, with
# Chinese dates and Chinese and Russian figures spelled out. 2: Russian names
# the first attempt left half in Cyrillic are given transliterated. 3: Chinese
# words the first attempt left in Han are given from CC-CEDICT. 4: what the
# retry still leaves in Han gets the dictionary's rendering beside it. 5: what
# it still leaves in Cyrillic is transliterated (`legible`).
RETRY_VERSION = 5


# ------------------------------------------------------------------ prompts

SYSTEM = (
    "You are a professional news translator. Translate the {language} paragraph the user "
    "gives you into fluent, accurate English, in the style of an English-language news agency. "
    "Translate every sentence completely and keep every fact, number, date and quotation. "
    "Render names the way English-language media write them, and use the glossary renderings "
    "exactly when a glossary is given. The title and the previous paragraph are context only: "
    "do not translate them. Output only the English translation of the paragraph, "
    "with no notes, explanations or labels."
)

STRICT = (
    " Your previous answer was rejected. Output the complete English translation of the "
    "paragraph and nothing else: no {language} words, no comments, no repetition."
)

# One worked example per language, written for this project (not from any test set).
EXAMPLES = {
    "ru": (
        "Министр посетил новый завод",
        "В четверг министр промышленности прибыл в Тулу.",
        {"Денис Мантуров": "Denis Manturov"},
        "Денис Мантуров осмотрел цеха завода, который выпускает 120 тысяч деталей в год. "
        "«Мы рассчитываем удвоить производство к 2026 году», — сказал директор предприятия.",
        "Denis Manturov toured the workshops of the plant, which produces 120,000 parts a year. "
        "\"We expect to double production by 2026,\" the plant's director said.",
    ),
    "zh": (
        "部长视察新工厂",
        "周四，工业部长抵达天津。",
        {"王建国": "Wang Jianguo"},
        "王建国参观了这家年产12万件零部件的工厂。工厂负责人表示：“我们计划到2026年将产量翻一番。”",
        "Wang Jianguo visited the factory, which produces 120,000 parts a year. "
        "\"We plan to double output by 2026,\" the head of the factory said.",
    ),
}


def _user_message(paragraph: str, title: str, previous: str, glossary: Mapping[str, str]) -> str:
    """The user turn: context first, then the paragraph to translate."""
    parts = []
    if title:
        parts.append(f"Title (context): {title}")
    if previous:
        parts.append(f"Previous paragraph (context): {previous}")
    if glossary:
        parts.append("Glossary:\n" + "\n".join(f"- {k} = {v}" for k, v in glossary.items()))
    parts.append(f"Paragraph to translate:\n{paragraph}")
    return "\n\n".join(parts)


def _chat(role: str, text: str) -> str:
    return f"<|im_start|>{role}\n{text}<|im_end|>\n"


def build_prefix(src: str, *, strict: bool = False) -> str:
    """The fixed start of every prompt for `src`: system turn and a worked example."""
    language = languages.NAMES.get(src, src)
    system = SYSTEM.format(language=language) + (STRICT.format(language=language) if strict else "")
    text = _chat("system", system)
    example = EXAMPLES.get(src)
    if example:
        title, previous, glossary, source, english = example
        text += _chat("user", _user_message(source, title, previous, glossary))
        text += _chat("assistant", english)
    return text


def build_prompt_suffix(
    paragraph: str, *, title: str = "", previous: str = "", glossary: Mapping[str, str] | None = None
) -> str:
    """The per-paragraph end of the prompt, up to where the model answers."""
    user = _user_message(paragraph, title, previous, dict(glossary or {}))
    return _chat("user", user) + "<|im_start|>assistant\n"


# ------------------------------------------------------------------ glossary and names

def _term_pattern(term: str) -> re.Pattern:
    """Match a term allowing Russian-style inflected endings on each word."""
    words = []
    for word in term.split():
        if re.fullmatch(r"[А-Яа-яЁё-]{4,}", word):
            words.append(re.escape(word[:-1]) + r"[а-яё]{0,3}")
        else:
            words.append(re.escape(word))
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + (r"" if not words else r"(?!\w)"), re.IGNORECASE)


GLOSSARY_LIMIT = 12  # entries in one paragraph's prompt


def glossary_hits(paragraph: str, glossary: Mapping[str, str], limit: int = GLOSSARY_LIMIT) -> dict[str, str]:
    """The glossary entries whose source term occurs in the paragraph (longest first)."""
    hits = {}
    for term in sorted(glossary, key=len, reverse=True):
        if not term.strip() or len(hits) >= limit:
            continue
        if _term_pattern(term).search(paragraph) or term in paragraph:
            hits[term] = glossary[term]
    return hits


def learn_names(source: str, english: str) -> dict[str, str]:
    """Pair capitalised Russian words with their English rendering.

    A Cyrillic word is paired with the capitalised English word whose
    spelling is closest to its transliteration (similarity >= 0.75); this
    catches personal and place names ("Песков" -> "Peskov").
    """
    candidates = {w for w in re.findall(r"[A-Z][a-z'-]{2,}", english)}
    found = {}
    for word in set(re.findall(r"(?<![\w-])[А-ЯЁ][а-яё]{3,}", source)):
        key = transliterate(word)
        best, score = None, 0.0
        for candidate in candidates:
            ratio = difflib.SequenceMatcher(None, key, candidate.lower()).ratio()
            if ratio > score:
                best, score = candidate, ratio
        if best and score >= 0.75:
            found[word] = best
    return found


# ------------------------------------------------------------------ guards

# Lower and upper bounds of len(english) / len(source) in characters, per
# source language; from the 0.5th and 99.5th percentiles of WMT23/24
# reference translations, widened.
LENGTH_RATIO = {"ru": (0.5, 2.2), "zh": (1.2, 7.0), "ja": (1.0, 6.0), "ko": (1.0, 5.0)}
DEFAULT_RATIO = (0.4, 3.0)
MAX_FOREIGN_SHARE = 0.02
# Character classes of the scripts an English translation must not keep.
_HAN = cedict.HAN
_HAN_EXT_A = "\u3400-\u4dbf"
_CYRILLIC = "\u0400-\u04ff"
# Even a small share is wrong when it is a whole term: two Han characters or a Cyrillic word.
_LEFTOVER = re.compile(f"[{_HAN_EXT_A}{_HAN}]{{2,}}|[{_CYRILLIC}]{{3,}}")

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


# Dates and figures spelled out for the model when it retries a paragraph, as
# glossary entries. They are read with `compare.diverge.numbers`, as the
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


_CYRILLIC_RUN = re.compile(f"[{_CYRILLIC}]{{2,}}")
_RU_WORD = re.compile(f"[0-9]*[{_CYRILLIC}]+(?:-[{_CYRILLIC}]+)*")


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


_CYRILLIC_WORD = re.compile(f"[\\w-]*[{_CYRILLIC}][\\w-]*")


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


def _in_simplified(paragraphs: Sequence[str], context: TranslationContext) -> tuple[list[str], TranslationContext]:
    """Traditional Chinese paragraphs (and the title and glossary) in Simplified characters.

    The small model reads Simplified far better: on 24 WMT24 news paragraphs
    written out in Traditional characters (`bench/translate.py --traditional`),
    chrF 44.1 given as they are ("基輔" once came out as "the Brussels
    Conference"), 52.2 in Simplified form, 52.8 for the Simplified originals.
    Simplified text is unchanged.
    """
    if not any(cedict.looks_traditional(p) for p in paragraphs):
        return list(paragraphs), context
    glossary = {cedict.simplified(word): english for word, english in context.glossary.items()}
    return ([cedict.simplified(p) for p in paragraphs],
            replace(context, title=cedict.simplified(context.title), previous=cedict.simplified(context.previous),
                    glossary=glossary))


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


def map_sentences(source: str, english: str) -> tuple[tuple[str, str], ...]:
    """Pair source and English sentences when both sides split into the same count."""
    src_sentences = split_sentences(source)
    en_sentences = split_sentences(english)
    if len(src_sentences) != len(en_sentences) or not src_sentences:
        return ()
    return tuple(zip(src_sentences, en_sentences))


# ------------------------------------------------------------------ engine


@dataclass
class _Slot:
    """One sequence of the shared context, busy with one job."""

    job: int
    pending: list[int]  # prompt tokens not yet fed to the model
    pos: int  # next position in the sequence
    max_tokens: int
    out: list[int] = field(default_factory=list)
    next_token: int | None = None
    logits_at: int = -1


class LlamaEngine:
    """A llama.cpp model and context decoding up to `slots` sequences at once.

    Greedy decoding: the next token is the argmax of the logits. The
    shared prompt prefix lives in its own sequence and is copied (shared in
    the KV cache, not recomputed) into a slot whenever a job starts there.
    """

    def __init__(self, path: Path, *, n_threads: int = 2, n_ctx: int = 8192, n_batch: int = 512, slots: int = 4):
        try:
            import llama_cpp
            from llama_cpp import _internals, _logger
        except ImportError as exc:
            raise TranslatorUnavailable(
                "the llm translator needs llama-cpp-python, which is not installed. Install it with "
                'CMAKE_ARGS="-DLLAMA_CURL=OFF -DGGML_NATIVE=OFF" pip install llama-cpp-python==0.3.36 '
                "(it compiles for about 7 minutes), or use --translator argos."
            ) from exc
        import numpy as np

        self._np = np
        self._llama_cpp = llama_cpp
        _logger.set_verbose(False)
        self.path = path
        self.slots = slots
        self.n_batch = n_batch
        model_params = llama_cpp.llama_model_default_params()
        self.model = _internals.LlamaModel(path_model=str(path), params=model_params, verbose=False)
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = n_batch
        params.n_ubatch = n_batch
        params.n_seq_max = slots + 1
        params.n_threads = n_threads
        params.n_threads_batch = n_threads
        params.kv_unified = True
        self.ctx = _internals.LlamaContext(model=self.model, params=params, verbose=False)
        self.batch = _internals.LlamaBatch(n_tokens=n_batch, embd=0, n_seq_max=slots + 1, verbose=False)
        self.n_vocab = self.model.n_vocab()
        self.n_ctx = n_ctx
        self.prefix_seq = slots
        self._prefix: list[int] = []
        self.lock = threading.Lock()
        self.stats = {"prompt_tokens": 0, "generated_tokens": 0, "decode_calls": 0}

    # -- tokens

    def tokenize(self, text: str) -> list[int]:
        return self.model.tokenize(text.encode("utf-8"), add_bos=False, special=True)

    def detokenize(self, tokens: Sequence[int]) -> str:
        return self.model.detokenize(list(tokens)).decode("utf-8", errors="replace")

    # -- low level

    def _add(self, token: int, pos: int, seq: int, logits: bool) -> int:
        b = self.batch.batch
        i = b.n_tokens
        b.token[i] = token
        b.pos[i] = pos
        b.n_seq_id[i] = 1
        b.seq_id[i][0] = seq
        b.logits[i] = logits
        b.n_tokens = i + 1
        return i

    def _decode(self) -> None:
        self.stats["decode_calls"] += 1
        self.ctx.decode(self.batch)

    def _argmax(self, index: int) -> int:
        logits = self._np.ctypeslib.as_array(self.ctx.get_logits_ith(index), shape=(self.n_vocab,))
        return int(logits.argmax())

    def _is_end(self, token: int) -> bool:
        return bool(self._llama_cpp.llama_vocab_is_eog(self.model.vocab, token))

    def set_prefix(self, tokens: list[int]) -> None:
        """Evaluate the shared prompt prefix once (kept while it does not change)."""
        if tokens == self._prefix:
            return
        self.ctx.kv_cache_clear()
        for start in range(0, len(tokens), self.n_batch):
            self.batch.reset()
            for offset, token in enumerate(tokens[start:start + self.n_batch]):
                self._add(token, start + offset, self.prefix_seq, False)
            self._decode()
        self.stats["prompt_tokens"] += len(tokens)
        self._prefix = list(tokens)

    # -- continuous batching

    def generate(
        self,
        count: int,
        make_job: Callable[[int], tuple[list[int], int]],
        on_done: Callable[[int, list[int], bool], None],
        cancel: Event | None = None,
    ) -> None:
        """Run jobs 0..count-1; `make_job(i)` -> (suffix tokens, max new tokens).

        Jobs are started in order as slots free up (so `make_job` can use what
        earlier jobs produced); `on_done(i, tokens, hit_limit)` is called as
        each finishes, in completion order.
        """
        waiting = deque(range(count))
        free = list(range(self.slots - 1, -1, -1))
        busy: dict[int, _Slot] = {}
        base = len(self._prefix)
        while waiting or busy:
            if cancel is not None and cancel.is_set():
                self._clear_slots(busy)
                raise Cancelled()
            while free and waiting:
                job = waiting.popleft()
                tokens, max_tokens = make_job(job)
                seq = free.pop()
                self.ctx.kv_cache_seq_rm(seq, -1, -1)
                if base:
                    self.ctx.kv_cache_seq_cp(self.prefix_seq, seq, -1, -1)
                busy[seq] = _Slot(job=job, pending=list(tokens), pos=base, max_tokens=max_tokens)
            self._step(busy)
            for seq in [s for s, slot in busy.items() if slot.logits_at >= 0]:
                slot = busy[seq]
                token = self._argmax(slot.logits_at)
                slot.logits_at = -1
                hit_limit = len(slot.out) >= slot.max_tokens
                if self._is_end(token) or hit_limit:
                    del busy[seq]
                    self.ctx.kv_cache_seq_rm(seq, -1, -1)
                    free.append(seq)
                    on_done(slot.job, slot.out, hit_limit)
                else:
                    slot.out.append(token)
                    slot.next_token = token
                    self.stats["generated_tokens"] += 1

    def _step(self, busy: dict[int, _Slot]) -> None:
        """One decode: a token for every generating slot, then prompt tokens to fill the batch."""
        self.batch.reset()
        room = self.n_batch
        for seq, slot in busy.items():
            if slot.next_token is not None:
                slot.logits_at = self._add(slot.next_token, slot.pos, seq, True)
                slot.pos += 1
                slot.next_token = None
                room -= 1
        for seq, slot in busy.items():
            if not slot.pending or room <= 0:
                continue
            take = slot.pending[:room]
            del slot.pending[:room]
            for k, token in enumerate(take):
                last = not slot.pending and k == len(take) - 1
                index = self._add(token, slot.pos, seq, last)
                if last:
                    slot.logits_at = index
                slot.pos += 1
            room -= len(take)
            self.stats["prompt_tokens"] += len(take)
        if self.batch.batch.n_tokens:
            self._decode()

    def _clear_slots(self, busy: dict[int, _Slot]) -> None:
        for seq in busy:
            self.ctx.kv_cache_seq_rm(seq, -1, -1)
        busy.clear()


_ENGINES: dict[tuple, LlamaEngine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(path: Path, *, n_threads: int, n_ctx: int, n_batch: int, slots: int) -> LlamaEngine:
    """One loaded model per (file, settings) per process."""
    key = (str(Path(path).resolve()), n_threads, n_ctx, n_batch, slots)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            log.info("loading %s (threads=%d, ctx=%d, slots=%d)", path, n_threads, n_ctx, slots)
            engine = LlamaEngine(Path(path), n_threads=n_threads, n_ctx=n_ctx, n_batch=n_batch, slots=slots)
            _ENGINES[key] = engine
        return engine


# ------------------------------------------------------------------ translator


def _use_prefix(engine: LlamaEngine, src: str, *, strict: bool = False) -> None:
    """Give the engine the prompt prefix for `src` (evaluated once, kept while it does not change)."""
    engine.set_prefix(engine.tokenize(build_prefix(src, strict=strict)))


def _model_name(path: Path) -> str:
    """A short, stable name for the GGUF file ("qwen2.5-coder-1.5b-q4km" for the default)."""
    if path.name == models.GGUF_NAME:
        return "qwen2.5-coder-1.5b-q4km"
    return path.stem.lower()


@dataclass
class _Attempt:
    text: str
    problems: list[str]


class LlmTranslator:
    """Translate paragraphs to English with a local GGUF chat model (Qwen chat format)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        n_threads: int = 2,
        n_ctx: int = 8192,
        n_batch: int = 512,
        slots: int = 2,
        previous_paragraph: bool = False,
        simplify_traditional: bool = True,
        dictionary_names: bool = True,
        engine: LlamaEngine | None = None,
    ):
        self.path = Path(path) if path else models.gguf_path()
        # Traditional Chinese in Simplified characters (`_in_simplified`); off only to measure it.
        self.simplify_traditional = simplify_traditional
        # The previous paragraph as context: measured slower and no better on
        # WMT24 news (bench/translate.py), so off unless asked for.
        self.previous_paragraph = previous_paragraph
        if engine is None and not self.path.is_file():
            raise TranslatorUnavailable(
                f"the LLM file {self.path} is not installed; run `parallax models install` "
                "(or point $PARALLAX_GGUF at a GGUF chat model)."
            )
        if engine is None and self.path == models.models_dir() / models.GGUF_NAME and not models.verify(
            self.path, models.GGUF_SHA256
        ):
            raise TranslatorUnavailable(
                f"REFUSED: {self.path} does not match the published sha256 of "
                "Qwen2.5-Coder-1.5B-Instruct Q4_K_M; reinstall it with `parallax models install --force`."
            )
        if engine is None and importlib.util.find_spec("llama_cpp") is None:
            raise TranslatorUnavailable(
                "the llm translator needs llama-cpp-python: "
                'CMAKE_ARGS="-DLLAMA_CURL=OFF -DGGML_NATIVE=OFF" pip install llama-cpp-python==0.3.36 '
                "(it compiles for about 7 minutes)."
            )
        self.settings = dict(n_threads=n_threads, n_ctx=n_ctx, n_batch=n_batch, slots=slots)
        self._engine = engine
        self.names: dict[str, str] = {}  # source name -> English, learned during the run
        self.dictionary_names = dictionary_names  # CC-CEDICT's names in a Chinese paragraph's glossary
        self.model_id = (f"llm:{_model_name(self.path)}:p{PROMPT_VERSION}" + ("+prev" if previous_paragraph else "")
                         + ("" if simplify_traditional else "+traditional")
                         + ("" if dictionary_names else "+nonames"))

    def supports(self, src: str) -> bool:
        return src != "en"

    @property
    def engine(self) -> LlamaEngine:
        if self._engine is None:
            self._engine = shared_engine(self.path, **self.settings)
        return self._engine

    def prepare(self, src: str) -> None:
        """Load the model and evaluate the prompt prefix for `src` now, not inside the first paragraph.

        The pipeline calls this before a language's paragraphs, so the time
        it takes (seconds: loading the file, a few hundred prompt tokens, and
        for Chinese reading CC-CEDICT for the names) is not counted as the
        speed of translating them.
        """
        engine = self.engine
        with engine.lock:
            _use_prefix(engine, src)
        if src == "zh" and self.dictionary_names:
            cedict.entries()  # read once here, not inside the first paragraph's turn in the engine

    # -- prompt pieces

    def _glossary_for(self, paragraph: str, glossary: Mapping[str, str], src: str) -> dict[str, str]:
        merged = {**self.names, **dict(glossary)}  # the user's glossary wins
        hits = glossary_hits(paragraph, merged)
        if src == "zh" and self.dictionary_names:  # then the dictionary's names, where no entry of the user's covers them
            for word, english in cedict.names_in(paragraph).items():
                if len(hits) >= GLOSSARY_LIMIT:
                    break
                if not any(word in term or term in word for term in hits):
                    hits[word] = english
        return hits

    def _max_tokens(self, source_tokens: int) -> int:
        return int(source_tokens * 1.6) + 48

    # -- translating

    def translate(
        self,
        paragraphs: Sequence[str],
        src: str,
        *,
        context: TranslationContext | None = None,
        on_step: StepCallback | None = None,
        cancel: Event | None = None,
    ) -> list[Translation]:
        """Translate paragraphs (in parallel sequences), guard, retry once, flag."""
        context = context or TranslationContext()
        if src == "zh" and self.simplify_traditional:
            paragraphs, context = _in_simplified(paragraphs, context)
        total = len(paragraphs)
        results: list[Translation | None] = [None] * total
        todo = [i for i, p in enumerate(paragraphs) if p.strip()]
        for i in range(total):
            if not paragraphs[i].strip():
                results[i] = Translation(text="", model=self.model_id)
        done = [total - len(todo)]

        def finish(i: int, attempts: list[_Attempt]) -> None:
            results[i] = self._final(src, paragraphs[i], attempts)
            if not results[i].flagged and src == "ru":
                self.names.update(learn_names(paragraphs[i], results[i].text))
            done[0] += 1
            if on_step:
                on_step(done[0], total)

        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if not todo:
            if on_step:
                on_step(total, total)
            return list(results)
        engine = self.engine
        with engine.lock:
            attempts: dict[int, list[_Attempt]] = {i: [] for i in todo}
            retry: list[int] = []

            def first_done(i: int, attempt: _Attempt) -> None:
                attempts[i].append(attempt)
                if attempt.problems:
                    retry.append(i)
                else:
                    finish(i, attempts[i])

            self._run(engine, src, paragraphs, todo, context, strict=False, on_attempt=first_done, cancel=cancel)
            retry.sort()

            def second_done(i: int, attempt: _Attempt) -> None:
                attempts[i].append(attempt)
                finish(i, attempts[i])

            if retry:
                log.info("retrying %d paragraph(s) with a stricter prompt", len(retry))
                hints = {i: {**dropped_hints(paragraphs[i], attempts[i][0].text),
                             **name_hints(paragraphs[i], src, attempts[i][0].text),
                             **term_hints(paragraphs[i], src, attempts[i][0].text)} for i in retry}
                self._run(engine, src, paragraphs, retry, context, strict=True, on_attempt=second_done, cancel=cancel,
                          hints=hints)
        return list(results)

    def _run(self, engine, src, paragraphs, indices, context, *, strict, on_attempt, cancel, hints=None) -> None:
        """One pass over `indices` through the engine (`hints`: more glossary entries per paragraph)."""
        _use_prefix(engine, src, strict=strict)

        def make_job(k: int) -> tuple[list[int], int]:
            i = indices[k]
            previous = "" if strict or i == 0 or not self.previous_paragraph else paragraphs[i - 1]
            glossary = self._glossary_for(paragraphs[i], context.glossary, src)
            if strict:  # a retry: spell out dates, figures and names too (the first attempt may have got one wrong)
                glossary = {**date_hints(paragraphs[i], src), **figure_hints(paragraphs[i], src),
                            **(hints or {}).get(i, {}), **glossary}
            suffix = build_prompt_suffix(
                paragraphs[i],
                title="" if strict else context.title,
                previous=previous,
                glossary=glossary,
            )
            tokens = engine.tokenize(suffix)
            return tokens, self._max_tokens(len(engine.tokenize(paragraphs[i])))

        def on_done(k: int, tokens: list[int], hit_limit: bool) -> None:
            i = indices[k]
            text = clean_output(engine.detokenize(tokens))
            on_attempt(i, _Attempt(text, check_output(src, paragraphs[i], text, hit_limit=hit_limit)))

        engine.generate(len(indices), make_job, on_done, cancel)

    def recheck(self, src: str, source: str, translation: Translation) -> list[str]:
        """What today's guards find wrong with a stored translation of `source`.

        A cached translation made before a guard existed is checked again on
        read (`CachedTranslator`); one that fails now is translated again,
        with the retry that guard would have caused. A flagged one has had
        its retry already and is kept as it is, unless that retry was an
        older, weaker one (`RETRY_VERSION`).
        """
        if translation.flagged:
            if translation.retry_version >= RETRY_VERSION:
                return []
            return [f"flagged after an older retry ({translation.note or 'no reason recorded'}); "
                    "today's retry may fix it"]
        return check_output(src, source, translation.text)

    def _final(self, src: str, source: str, attempts: list[_Attempt]) -> Translation:
        """The best attempt (fewest problems, earliest on ties; a refusal last), flagged if it has any.

        What it still holds in the source's script is made readable
        (`legible`); it stays flagged. When every attempt declined, the
        paragraph is shown as written, flagged.
        """
        best = min(attempts, key=lambda a: (REFUSED in a.problems, len(a.problems)))
        text, note = best.text, ""
        if best.problems:
            note = "; ".join(best.problems) + f" (after {len(attempts)} attempts)"
            if REFUSED in best.problems:  # an apology is no English for it, and two would align
                text, note = source, note + "; shown as written"
            else:
                text, done = legible(src, text)
                if done:
                    note += f"; {done}"
        return Translation(
            text=text,
            model=self.model_id,
            flagged=bool(best.problems),
            note=note,
            retry_version=RETRY_VERSION if best.problems else 0,
            sentences=map_sentences(source, text),
        )
