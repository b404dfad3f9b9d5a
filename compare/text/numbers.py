"""Figures and dates in running text, normalised so that two languages' ways of writing one agree.

"$240bn" = "240 billion" = "240,1 млрд" = "2400亿" (to `NUMBER_TOLERANCE`);
"May 7" = "7 мая" = "5月7日". Also two translation checks built on them:
`dropped_figures` and `magnitude_slips`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable

from compare.text.scripts import CYRILLIC, RUSSIAN_LOWER
from compare.text.words import MONTH_ABBR, MONTHS, SCALES, STARTERS, STOPWORDS, WEEKDAYS, WORD_NUMBERS

NUMBER_TOLERANCE = 0.01  # relative difference under which two numbers agree


_NUMBER = re.compile(
    r"(?P<cur>[$€£¥]\s?)?(?P<num>\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?)\s*"
    r"(?P<scale>万亿|万|亿|千|thousand|million|billion|trillion|mln|mn|bn|tn|(?<=\d)[kmb]|"
    r"тыс\w*|млн|млрд|трлн|миллион\w*|миллиард\w*|триллион\w*)?"
    r"(?P<ord>st|nd|rd|th)?"  # "75th" is the figure 75
    rf"(?![A-Za-z{CYRILLIC}0-9_])\s*"  # a Han character may follow: "2023年", "14个"
    r"(?P<pct>%|％|per ?cent|процент\w*)?",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b(?:\s?[AaPp]\.?[Mm]\b\.?)?")
_WORD_NUMBER = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.IGNORECASE)

_MONTH_NAMES = list(MONTHS)
_MONTH_EN = (r"(?P<{g}>" + "|".join(f"{m[:3].capitalize()}(?:{m[3:]}{'|t' if m == 'september' else ''})?"
                                     if len(m) > 3 else m.capitalize() for m in _MONTH_NAMES) + r")\.?")
_MONTH_RU = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря")
_ORDINAL = r"(?:st|nd|rd|th)?"
# Day-and-month dates: "May 7", "May 7th", "7 May", "7th of May", "7 мая", "5月7日"; and "17日"
# (a day of the month the text names elsewhere). A month alone ("5月", "in May") is no figure.
# English months are capitalised ("may 7" is not a date), Russian ones are not.
# Day ranges: "9-10 December", "9 and 10 December", "с 9 по 10 декабря"; after a month only
# "December 9-10" or "December 9 to 10" ("May 7 and 10 ministers" is no range).
_RANGE = r"\s*(?:[-–—]|to|and|through|по|и|до)\s*"
_RANGE_AFTER_MONTH = r"\s*(?:[-–—]|to|through)\s*"
_DATE = re.compile(
    r"(?=[\dA-Z])"  # every form starts with a digit or a capital: most positions fail at once
    r"(?:\b" + _MONTH_EN.format(g="m1") + r"\s+(?P<d1>\d{1,2})" + _ORDINAL
    + r"(?:" + _RANGE_AFTER_MONTH + r"(?P<e1>\d{1,2})" + _ORDINAL + r")?(?![\d:])\b"
    r"|\b(?P<d2>\d{1,2})" + _ORDINAL + r"(?:" + _RANGE + r"(?P<e2>\d{1,2})" + _ORDINAL + r")?"
    + r"\s+(?:of\s+)?" + _MONTH_EN.format(g="m2") + r"\b"
    r"|\b(?P<d3>\d{1,2})(?:" + _RANGE + r"(?P<e3>\d{1,2}))?\s+(?P<m3>" + "|".join(_MONTH_RU) + r")\b"
    r"|(?:(?P<m4>\d{1,2})月)?(?P<d4>\d{1,2})日"
    r"|(?P<m5>\d{1,2})月"
    # "on the evening of the 16th", "the 16th evening": a day of the month, as translations give "16日晚"
    # (not "the 16th century", "the 21st-century economy")
    r"|(?<=[Tt]he )(?P<d6>\d{1,2})(?:st|nd|rd|th)\b(?=\s*(?:[,.;:)]|$)|\s+(?:morning|afternoon|evening|night)\b))",
)


@dataclass(frozen=True)
class Number:
    value: float
    percent: bool
    span: str
    unit: str = ""  # the word after the number ("agreements", "billion", "percent"), lowercase
    context: str = ""  # span plus that word, for the reason
    word: bool = False  # written as a word ("two"), not digits
    decimals: int = 0  # digits written after the decimal mark ("26.3": 1)
    scale: float = 1.0  # the scale word's factor ("240 billion": 1e9)
    date: tuple[int, int] | None = None  # (month or 0 when not given, day) for a date

    @property
    def is_date(self) -> bool:
        return self.date is not None

    @property
    def resolution(self) -> float:
        """The value of the last digit written ("240 billion": 1e9, "2401亿": 1e8, "26.3": 0.1)."""
        return self.scale * 10.0 ** -self.decimals


def numbers(text: str) -> list[Number]:
    """Numbers in a text, normalised: "$240bn", "240 billion", "240,1 млрд", "2400亿" -> 2.4e11.

    Dates are figures of their own ("May 7", "7 мая" and "5月7日" are one
    date, shown as "May 7"); their digits are not read again as numbers, and
    neither are clock times ("4:30 PM").
    """
    text = _blank(text, _CLOCK.finditer(text))  # "4:30 PM" is a time of day, not 4 and 30
    dates = list(_DATE.finditer(text))
    found = [date for match in dates for date in _date(match)]
    text = _blank(text, dates)  # their digits are not read again as numbers
    for match in _NUMBER.finditer(text):
        if not match.group("cur") and _in_name(text, match.start()):
            continue
        parsed = _parse_number(match.group("num"))
        if parsed is None:
            continue
        value, decimals = parsed
        scale = (match.group("scale") or "").lower()
        factor = 1.0
        if scale:
            key = scale if scale in SCALES else next((k for k in SCALES if scale.startswith(k) and len(k) > 2), "")
            factor = SCALES.get(key, 1.0)
        span = match.group(0).strip()
        unit, context = _unit_after(text, match.end(), span)
        if match.group("pct"):
            unit = "%"
        elif match.group("scale") or match.group("cur"):
            unit = "#amount"  # "$240bn", "200 billion dollars", "240,1 млрд": one kind of quantity
        found.append(Number(value * factor, bool(match.group("pct")), span, unit, context,
                             decimals=decimals, scale=factor))
    for match in _WORD_NUMBER.finditer(text):
        unit, context = _unit_after(text, match.end(), match.group(0))
        found.append(Number(float(WORD_NUMBERS[match.group(1).lower()]), False, match.group(0), unit, context,
                             word=True))
    return found


_WORD_BEFORE = re.compile(r"([A-Z][A-Za-z'-]+) $")


def _in_name(text: str, start: int) -> bool:
    """Whether the number at `start` is part of a name: "Power of Siberia 2", "Boeing 737", "Article 5".

    The word just before it is capitalised and is not a sentence opener, a
    function word, a month or a weekday ("In 2022", "Since 2014", "May 7").
    """
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not before:
        return False
    word = before.group(1).lower()
    return not (word in STOPWORDS or word in STARTERS or word in MONTHS or word[:3] in MONTH_ABBR
                or word in WEEKDAYS)


def _blank(text: str, matches: Iterable[re.Match]) -> str:
    """`text` with the matched spans turned into spaces (positions kept)."""
    pieces, at = [], 0
    for match in matches:
        pieces += [text[at:match.start()], " " * (match.end() - match.start())]
        at = match.end()
    return "".join(pieces) + text[at:]


def _date(match: re.Match) -> list[Number]:
    """The dates a `_DATE` match names: one, two for a range ("9-10 December"), none for a month alone."""
    groups = match.groupdict()
    if groups["m5"]:
        return []
    if groups["m1"] or groups["m2"]:
        month = MONTH_ABBR[(groups["m1"] or groups["m2"])[:3].lower()]
    elif groups["m3"]:
        month = _MONTH_RU.index(groups["m3"].lower()) + 1
    else:
        month = int(groups["m4"] or 0)
    first = groups["d1"] or groups["d2"] or groups["d3"] or groups["d4"] or groups["d6"]
    last = groups["e1"] or groups["e2"] or groups["e3"]
    out = []
    for day in (int(first), int(last)) if last else (int(first),):
        if not 1 <= day <= 31 or not 0 <= month <= 12:
            return []
        shown = f"{_MONTH_NAMES[month - 1].capitalize()} {day}" if month else f"the {day}{_ordinal(day)}"
        out.append(Number(float(month * 100 + day), False, match.group(0).strip(), "#date", shown,
                           date=(month, day)))
    return out


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# Words after a number that are not what it counts ("$240 billion last year", "с 1989 по 1994").
_NOT_UNITS = {"last", "next", "this", "ago", "earlier", "later", "year-on-year", "higher", "lower", "less",
              "в", "во", "на", "по", "с", "со", "до", "из", "за", "от", "к", "о", "об", "у", "и", "а", "но",
              "или", "что", "как", "при", "для", "после", "года", "году"}
# Measures whose next word belongs to them ("50 billion cubic metres").
_TWO_WORD_UNITS = {"cubic", "square", "metric"}


# One spelling of metric units, so that "cubic meters" (a translation) and
# "cubic metres" (an English outlet) read as the same figure.
_UNIT_SPELLING = re.compile(r"\b((?:kilo|centi|milli)?(?:met|lit))er(s?)\b")
_UNIT_WORD = re.compile(rf"\s*([a-z{RUSSIAN_LOWER}][A-Za-z{CYRILLIC}-]*)")  # lowercase: not a name
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_HYPHEN_WORD = re.compile(rf"-([a-z{RUSSIAN_LOWER}]+)")  # "12-point", "21-gun", "two-day"


def _unit_after(text: str, end: int, span: str) -> tuple[str, str]:
    """The lowercase word following a number, and the span with it ("10 agreements", "50 bn cubic metres").

    A capitalised word is a name, not a unit ("in 2020 Putin ..."). Metric
    units are shown in one spelling ("kilometers" -> "kilometres"). A word
    joined by a hyphen is what the number counts ("a 12-point plan").
    """
    joined = _HYPHEN_WORD.match(text, end)
    if joined:
        return joined.group(1), f"{span}-{joined.group(1)}"
    match = _UNIT_WORD.match(text, end)
    if not match or match.group(1).lower() in STOPWORDS or match.group(1).lower() in _NOT_UNITS:
        return "", span
    unit = match.group(1)
    if unit.lower() in _TWO_WORD_UNITS:
        more = _NEXT_WORD.match(text, match.end())
        if more:
            unit = f"{unit} {more.group(1)}"
    unit = _UNIT_SPELLING.sub(r"\1re\2", unit)
    return unit.split()[0].lower(), f"{span} {unit}"


def _parse_number(raw: str) -> tuple[float, int] | None:
    """Digits with thousands and decimal separators in English or Russian style: (value, decimals).

    A single "." is a decimal point; a single "," is a decimal comma unless
    exactly three digits follow ("1,500"); spaces group thousands; with
    several separators the last differing one is the decimal mark.
    `decimals` counts the digits after the decimal mark ("26,3": 1).
    """
    raw = raw.replace("\u00a0", " ").replace("\u202f", " ")
    separators = re.findall(r"[ ,.]", raw)
    groups = re.split(r"[ ,.]", raw)
    if not separators:
        whole, fraction = raw, ""
    elif len(set(separators)) > 1:
        whole, fraction = "".join(groups[:-1]), groups[-1]
    elif len(separators) == 1 and (separators[0] == "." or (separators[0] == "," and len(groups[1]) != 3)):
        whole, fraction = groups
    else:
        whole, fraction = "".join(groups), ""
    try:
        return float(f"{whole}.{fraction}" if fraction else whole), len(fraction)
    except ValueError:
        return None


def same_number(x: Number, y: Number, tolerance: float) -> bool:
    """Whether two figures agree: equal within `tolerance`, or one is the other rounded as written
    ("26%" and "26.3%", "$240 billion" and "2401亿美元"). A date agrees only with the same date
    (a day without a month with that day of any month)."""
    if x.is_date or y.is_date:
        if not (x.is_date and y.is_date) or x.date[1] != y.date[1]:
            return False
        return x.date[0] == y.date[0] or 0 in (x.date[0], y.date[0])
    if x.percent != y.percent:
        return False
    if abs(x.value - y.value) <= tolerance * max(abs(x.value), abs(y.value), 1e-9):
        return True
    return _rounds_to(y, x) or _rounds_to(x, y)


def magnitude_slips(source: str, english: str) -> list[tuple[str, str]]:
    """Figures of `source` that `english` gives with the same digits at another power of ten
    ("600万英镑" as "£600 million", "3400 гривен" as "34,000"), as (source span, English span).

    A translation check: a figure the English gives right, or leaves out, is no slip.
    """
    tolerance = NUMBER_TOLERANCE
    theirs = [y for y in numbers(english) if not y.word and not y.is_date and y.value > 0]
    slips = []
    for x in numbers(source):
        if x.word or x.is_date or x.value <= 0 or any(same_number(x, y, tolerance) for y in theirs):
            continue
        for y in theirs:
            shift = math.log10(x.value / y.value)
            if x.percent == y.percent and round(shift) != 0 and abs(shift - round(shift)) < 1e-6:
                slips.append((x.span, y.context))
                break
    return slips


# Handles, hashtags and links: the model drops them with their digits ("@user39"), and no fact is lost.
_NOT_FIGURES = re.compile(r"[@#]\w+|https?://\S+|www\.\S+")
_DIGIT_RUN = re.compile(r"\d+(?:[ ,.\u00a0\u202f]\d+)*")
# One and two in the words `numbers` leaves out as too often no count ("1 процент" = "one percent",
# "第1节" = "the first section", "2 раза" = "twice").
_ONE_OR_TWO = {1: re.compile(r"\b(?:one|first|single|once)\b", re.I),
               2: re.compile(r"\b(?:second|both|twice|double|pair|couple)\b", re.I)}


def dropped_figures(source: str, english: str) -> list[Number]:
    """Figures and dates of `source` that `english` does not give.

    A translation check: "10年に及ぶ議論" came out as "the discussion" with no
    ten years. (The facts detector reads the originals' figures as well, so it is the
    reader of the English who loses the figure.) A figure counts as given
    when the English has one of the same value (written in figures or in
    words, at any scale: "135万吨" and "1.35 million tonnes"), or the same
    digits anywhere (in a name, "Boeing 737"; as a percent, "6 per cent"); a
    date when the English has the same date or the day's digits.
    """
    tolerance = NUMBER_TOLERANCE
    theirs = numbers(english)
    runs = {re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(english)} | set(re.findall(r"\d+", english))
    missing = []
    for x in numbers(_NOT_FIGURES.sub(" ", source)):
        if x.word or any(same_number(x, y, tolerance) for y in theirs):
            continue
        digits = str(x.date[1]) if x.is_date else re.sub(r"\D", "", _DIGIT_RUN.search(x.span).group(0))
        if digits in runs or (x.value in _ONE_OR_TWO and not x.is_date and _ONE_OR_TWO[x.value].search(english)):
            continue
        missing.append(x)
    return missing


def _rounds_to(precise: Number, rounded: Number) -> bool:
    """`precise`, rounded to the last digit `rounded` is written with, gives `rounded`."""
    if rounded.word or precise.word or precise.resolution >= rounded.resolution:
        return False
    return round(precise.value / rounded.resolution) == round(rounded.value / rounded.resolution)
