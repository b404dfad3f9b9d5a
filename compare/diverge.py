"""Where outlets diverge: pure functions of aligned groups and their texts.

No model is loaded: everything works on the English side of each paragraph
(`ProcessedParagraph.translation.text`), with the original text used as well
for numbers (digits survive translation better in the original).

Kinds, each with a strength in [0, 1], evidence spans and a one-line reason:

- omission: content that some outlets carry and others leave out; per
  article also its unique content ("unique") and what it leaves out;
- emphasis: share of the article's words, position (headline, lede, buried
  in the last third) and repetition, compared across outlets;
- framing: loaded terms on one side with a contrasting term, or none, on
  the other (a generic lexicon of news framing, grouped by topic and frame);
- facts: numbers (normalised: "$240bn" = "240 billion" = "240,1 млрд" to
  1%), dates and names present on one side only or different;
- tone: a lexicon-based tone per paragraph and the gap between outlets.

Two paragraphs that say the same thing in different words produce nothing:
framing needs a lexicon term whose frame the other side lacks, facts need a
number or a name the other side has no trace of.
"""

from __future__ import annotations

import difflib
import itertools
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Callable, Collection, Iterable, Mapping, Sequence

from compare.translate import cedict
from compare.translit import transliterate
from compare.types import Divergence, Evidence, Group, GroupDivergence, Nearest, ProcessedArticle, pilcrow

log = logging.getLogger(__name__)

# -- lexicons (generic news vocabulary; not tied to any one story) ----------------

# topic -> frame -> word patterns (regex, matched on lowercase word starts).
# Two sides that use different frames of one topic frame the event
# differently ("invasion" / "special operation"); a side that uses a frame
# the other side has no term of that topic for carries a loaded term.
FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "armed conflict": {
        "war/aggression": (r"invasion", r"invad\w*", r"aggression", r"aggressor", r"war\b", r"wars\b",
                           r"occupation", r"occupied", r"occupier\w*", r"annex\w*", r"assault\w*",
                           r"atrocit\w*", r"massacre\w*", r"bombard\w*", r"onslaught"),
        "operation/euphemism": (r"special (military )?operation", r"military operation",
                                r"counter-?terror\w* operation", r"liberat\w*", r"denazif\w*",
                                r"stabili[sz]ation", r"reunification", r"peacekeep\w*"),
    },
    "political order": {
        "delegitimising": (r"regime\w*", r"dictator\w*", r"autocra\w*", r"authoritarian\w*", r"strongman",
                           r"junta", r"despot\w*", r"tyrant\w*", r"puppet\w*", r"sham\b", r"rigged",
                           r"illegitimate", r"self-proclaimed"),
        "legitimising": (r"democratically elected", r"legitimate", r"constitutional order"),
    },
    "alignment": {
        "alliance/bloc": (r"allian\w*", r"\ball(y|ies)\b", r"axis", r"bloc\b", r"military pact",
                          r"no[- ]limits?", r"anti-western", r"anti-american"),
        "partnership": (r"friendship", r"good[- ]neighbou?r\w*", r"mutual(ly)? benefi\w*", r"win-win",
                        r"multipolar\w*"),
    },
    "response": {
        "condemnation": (r"condemn\w*", r"slam\w*", r"blast\w*", r"denounc\w*", r"rebuk\w*", r"lambast\w*",
                         r"accus\w*", r"provocat\w*"),
        "endorsement": (r"prais\w*", r"hail\w*", r"commend\w*", r"applaud\w*", r"endors\w*"),
    },
    "security": {
        "terrorism/extremism": (r"terroris\w*", r"extremis\w*", r"militant\w*", r"insurgen\w*", r"separatis\w*"),
        "rebels/fighters": (r"rebel\w*", r"freedom fighter\w*"),
    },
    "attribution": {
        "distancing": (r"alleged\w*", r"claim\w*", r"purported\w*", r"so-called", r"what (it|they|he|she) calls?",
                       r"reportedly", r"supposed\w*"),
    },
    "magnitude": {
        "landmark": (r"historic\w*", r"landmark", r"milestone", r"unprecedented", r"new era", r"breakthrough",
                     r"turning point"),
    },
}
# Everyday news words that take a side only against another frame of the same
# topic: "cooperation" where another outlet says "alliance", "fighters" where
# another says "terrorists". On their own they are plain reporting ("trading
# partner", "economic cooperation", "a welcome ceremony", "sanctions",
# "fighter jets") and are never reported as loaded wording.
CONTRAST_ONLY: dict[str, dict[str, tuple[str, ...]]] = {
    "alignment": {"partnership": (r"partner\w*", r"cooperat\w*", r"co-operat\w*")},
    "response": {"condemnation": (r"threat\w*", r"warn\w*", r"sanction\w*"), "endorsement": (r"welcom\w*",)},
    "security": {"rebels/fighters": (r"fighters?", r"resistance", r"partisan\w*")},
}

POSITIVE = set("""
accord achieve achievement advance agree agreed agreement benefit beneficial boost celebrate constructive
cordial deepen deepened deepening develop effective encourage fruitful friendly gain good great grow growth
harmony help hope hopeful improve improved important mutual opportunity optimism optimistic peace peaceful
positive productive progress prosper prosperity reliable respect respected secure stable stability
strengthen strengthened strong succeed success successful support trust unity vibrant warm warmly welcome
welcomed win
""".split())

NEGATIVE = set("""
accuse accused aggression alarm anger angry attack attacked bad ban blame blast collapse concern concerned
condemn condemned conflict crackdown crisis critic critical criticise criticised criticism criticize
criticized damage danger dangerous deadly decline defeat deny destroy dispute fail failed failure fear fears
fight hostile illegal isolate isolated isolation kill killed loss lose pressure problem protest punish
punishment reject rejected risk sanction sanctions scandal shock slam slammed tension tensions threat
threaten threatened threatens violence war warn warned warning weak worry worried worse worst
""".split())

NEGATORS = {"not", "no", "never", "without", "nor", "neither", "hardly"}

STOPWORDS = set("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself
no nor not now of off on once only or other our ours ourselves out over own same she should so some such
than that the their theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yourself said says
say told according also new one two three
""".split())

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()}
WEEKDAYS = set("monday tuesday wednesday thursday friday saturday sunday".split())

# Number scale words in English, Russian and Chinese (Chinese ones follow digits directly).
SCALES = {
    "thousand": 1e3, "k": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "千": 1e3,
    "万": 1e4, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "млн": 1e6, "миллион": 1e6,
    "миллиона": 1e6, "миллионов": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9, "млрд": 1e9, "миллиард": 1e9,
    "миллиарда": 1e9, "миллиардов": 1e9, "亿": 1e8, "trillion": 1e12, "tn": 1e12, "трлн": 1e12,
    "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12, "万亿": 1e12,
}
PERCENT = {"%", "percent", "per cent", "процент", "процента", "процентов", "％"}
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "hundred": 100, "dozen": 12,
                # ordinals ("the eighth Expo" agrees with "the 8th"); "first" and "second" are too
                # often no count at all
                "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
                "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20}


@dataclass(frozen=True)
class DivergeParams:
    """Thresholds of the detectors (chosen on crafted examples, see tests)."""

    emphasis_gap: float = 0.25  # emphasis score difference worth reporting
    tone_gap: float = 0.35  # tone difference worth reporting (tone in [-1, 1])
    number_tolerance: float = 0.01  # relative difference under which two numbers agree
    max_items_per_kind: int = 4  # per group, strongest first
    # An omitting outlet whose closest paragraph (`Group.closest`) is at least
    # this similar is named in the omission's reason, to be checked: the
    # aligner's least link cosine (`AlignParams.min_cos`). On the real sets
    # with gold (sample set, clusters, summit_2024), 11 of the 34 omission
    # claims above it were wrong, 7 of the 71 below it.
    near_omission: float = 0.5


# -- public API ---------------------------------------------------------------------


def diverge(
    groups: Sequence[Group],
    articles: Sequence[ProcessedArticle],
    params: DivergeParams | None = None,
) -> tuple[tuple[Group, ...], dict[str, tuple[Divergence, ...]]]:
    """Fill each group's `divergence`; return per-article divergences too."""
    params = params or DivergeParams()
    by_id = {a.id: a for a in articles}
    ids = [a.id for a in articles]
    words = {a.id: sum(_word_count(p.translation.text) for p in a.paragraphs) or 1 for a in articles}
    wholes = {a.id: _Whole.of(a) for a in articles}  # once per article, not once per group
    # A word any outlet of the set uses as a name in mid-sentence (see `names`)
    recurring = frozenset().union(*(w.recurring for w in wholes.values()))
    out_groups = []
    per_article: dict[str, list[Divergence]] = {a: [] for a in ids}
    for group in groups:
        sides = [_Side.of(article, indices, by_id[article], wholes[article])
                 for article, indices in group.members if article in by_id]
        if wordless(group, by_id):  # links, handles, figures: nothing reported, nothing to leave out
            out_groups.append(group)
            continue
        items: list[Divergence] = []
        items += _omission(group, sides, ids, params)
        items += _emphasis(sides, words, params)
        for a, b in itertools.combinations(sides, 2):
            items += _framing(a, b)
            items += _facts(a, b, params, recurring)
            items += _tone(a, b, params)
        items = _strongest(_combine(items), params.max_items_per_kind)
        score = max((d.strength for d in items), default=0.0)
        out_groups.append(replace(group, divergence=GroupDivergence(round(score, 3), tuple(items))))
        for item in _article_items(group, sides, ids, params):
            for article in item.articles[:1]:
                per_article[article].append(item)
    # Detectors and `_combine` work with ids; a reader is told outlets.
    labelled = _labeller(outlet_labels(articles))
    out_groups = [replace(g, divergence=replace(g.divergence, items=labelled(g.divergence.items)))
                  for g in out_groups]
    return tuple(out_groups), {a: labelled(sorted(v, key=lambda d: -d.strength)) for a, v in per_article.items()}


def wordless(group: Group, articles: Mapping[str, ProcessedArticle]) -> bool:
    """True when every paragraph of the group has no words (language "und": a link, a figure).

    Such a group reports nothing: no outlet omits it, none alone carries or stresses it.
    """
    langs = [articles[a].paragraphs[i].lang for a, indices in group.members if a in articles
             for i in indices if i < len(articles[a].paragraphs)]
    return bool(langs) and all(lang == "und" for lang in langs)


def outlet_labels(articles: Sequence[ProcessedArticle], names: Mapping[str, str] | None = None) -> dict[str, str]:
    """What reasons, reports and screens call each article: its outlet, or its id when it has none.

    Two articles of one outlet (a broadcast on two days) are told apart by
    their dates ("CCTV · 05-16"; the year is left out when they share it),
    or by their ids when the dates do not differ ("CCTV · 03-cctv").
    `names` gives the outlet names to start from, when the caller shortens
    them first (the screens do).
    """
    if names is None:
        names = {a.id: " ".join(a.article.outlet.split()) or a.id for a in articles}
    labels = dict(names)
    counts = Counter(names[a.id] for a in articles)
    for name in (name for name, count in counts.items() if count > 1):
        same = [a for a in articles if names[a.id] == name]
        dates = [" ".join(a.article.date.split()) for a in same]
        distinct = all(dates) and len(set(dates)) == len(dates)
        if distinct and len({d[:5] for d in dates}) == 1 and all(len(d) == 10 and d[4] == "-" for d in dates):
            dates = [d[5:] for d in dates]  # ISO dates of one year: "05-16" fits a column header
        for a, date in zip(same, dates):
            labels[a.id] = f"{name} · {date if distinct else a.id}"
    return labels


_QUOTED = re.compile(r'"[^"]*"')


def _labeller(labels: Mapping[str, str]) -> Callable[[Iterable[Divergence]], tuple[Divergence, ...]]:
    """Items -> the same items with article ids in their reasons replaced by labels (quoted text left alone).

    `articles` and the evidence keep the ids.
    """
    renames = {a: label for a, label in labels.items() if label != a}
    if not renames:
        return tuple
    ids = _article_pattern(*renames)  # one pass: a label is never searched again

    def rename(part: str) -> str:
        return ids.sub(lambda m: renames[m.group(0)], part)

    def relabel(reason: str) -> str:
        out, at = [], 0
        for quoted in _QUOTED.finditer(reason):
            out += [rename(reason[at:quoted.start()]), quoted.group(0)]
            at = quoted.end()
        return "".join(out + [rename(reason[at:])])

    return lambda items: tuple(replace(d, reason=relabel(d.reason)) for d in items)


# -- one side of a comparison: an article's paragraphs in one group --------------------


@dataclass(frozen=True)
class _Whole:
    """A whole article, English and original, title included, and the figures in it."""

    text: str
    numbers: tuple["_Number", ...]
    recurring: frozenset[str]  # capitalised in mid-sentence somewhere in the paragraphs (see `names`)
    original: str = ""  # the original texts alone, title included

    @classmethod
    def of(cls, article: ProcessedArticle) -> "_Whole":
        originals = [p.text for p in article.paragraphs]
        body = "\n".join([p.translation.text for p in article.paragraphs] + originals)
        text = (article.article.title or "") + "\n" + body
        original = "\n".join([article.article.title or "", *originals])
        return cls(text, tuple(numbers(text)), recurring_words(body), original)

    @cached_property
    def _russian_words(self) -> frozenset[str]:
        """The capitalised Russian words of the original, in Latin letters ("Ливерпуле" -> "liverpule")."""
        return frozenset(transliterate(w) for w in re.findall(r"(?<![\w-])[А-ЯЁ][а-яё]+", self.original))

    @cached_property
    def _chinese_names(self) -> tuple[str, ...]:
        """What CC-CEDICT gives in English for the proper nouns of the original ("天安门广场" -> "Tiananmen Square")."""
        runs = cedict.HAN_RUN.findall(self.original)
        if not runs:
            return ()
        if cedict.looks_traditional(self.original):
            runs = cedict.HAN_RUN.findall(cedict.simplified(self.original))
        table = cedict.entries()
        words = dict.fromkeys(word for run in runs for word in cedict.words_in(run, table))
        found: dict[str, None] = {}
        for word in words:
            for choice in (cedict.rendering(word, table, names_only=True) or "").split(" / "):
                if choice:
                    found[choice] = None
        return tuple(found)

    def names_in_original(self, name: str) -> bool:
        """Whether the original names `name` where its English does not: the translation left it
        out or garbled it. A Russian word counts when its transliteration is the name's word with
        an ending ("Ливерпуле" for "Liverpool", "Путина" for "Putin"); a Chinese word when
        CC-CEDICT gives it as the name ("普京" for "Vladimir Putin" or "Putin")."""
        words = [w for w in re.split(r"[- ]", name) if w[:1].isupper() and w.lower() not in TITLES]
        if any(_transliteration_of(latin, w.lower()) for w in words if len(w) >= 4 for latin in self._russian_words):
            return True
        return any(_same_name(name, choice) for choice in self._chinese_names)


@dataclass(frozen=True)
class _Side:
    article: str
    indices: tuple[int, ...]
    english: tuple[str, ...]  # per paragraph
    original: tuple[str, ...]
    n_paragraphs: int
    title: str
    whole: _Whole  # the article the paragraphs come from
    outlet: str

    @classmethod
    def of(cls, article_id: str, indices: Sequence[int], article: ProcessedArticle, whole: _Whole) -> "_Side":
        paragraphs = [article.paragraphs[i] for i in indices if i < len(article.paragraphs)]
        return cls(
            article=article_id,
            indices=tuple(p.index for p in paragraphs),
            english=tuple(p.translation.text for p in paragraphs),
            original=tuple(p.text for p in paragraphs),
            n_paragraphs=len(article.paragraphs),
            title=article.article.title,
            whole=whole,
            outlet=article.article.outlet,
        )

    @property
    def text(self) -> str:
        return "\n".join(self.english)

    def paragraph_with(self, span: str) -> int:
        """The index of the paragraph whose English (or original) contains span."""
        low = span.lower()
        for index, english, original in zip(self.indices, self.english, self.original):
            if low in english.lower() or low in original.lower():
                return index
        return self.indices[0] if self.indices else 0

    def evidence(self, span: str) -> Evidence:
        return Evidence(self.article, self.paragraph_with(span), span)


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _snippet(text: str, words: int = 12) -> str:
    tokens = text.split()
    return " ".join(tokens[:words]) + (" ..." if len(tokens) > words else "")


def _combine(items: list[Divergence]) -> list[Divergence]:
    """Say once what pairwise detectors say once per pair.

    First, items of one side against several others that differ only in
    that other outlet become one: "A names X; B, C and D do not". Then
    items that differ only in the side they start with, against the same
    others, become one: "A and B name X; C does not" (the same name, the
    same figure as written, the same loaded word).
    """
    def against(item: Divergence) -> tuple | None:
        other = item.articles[1] if len(item.articles) == 2 else None
        if other is None or len(_id_mentions(item.reason, other)) != 1 or not item.evidence:
            return None
        return (item.kind, item.articles[0], item.evidence[0].span, _id_replace(item.reason, other, "\x00"))

    def saying(item: Divergence) -> tuple | None:
        subject = item.articles[0] if item.articles else ""
        found = _id_mentions(item.reason, subject) if subject else []
        if len(found) != 1 or found[0].start() != 0:
            return None
        return (item.kind, _id_replace(item.reason, subject, "\x00"), item.articles[1:])

    return _merge_items(_merge_items(items, against, position=1), saying, position=0)


def _merge_items(items: list[Divergence], key_of, position: int) -> list[Divergence]:
    """Items with the same key (None: no key) become one, naming all the articles at `position`."""
    merged: dict[tuple, list[Divergence]] = {}
    for item in items:
        key = key_of(item)
        merged.setdefault((id(item),) if key is None else key, []).append(item)
    out = []
    for same in merged.values():
        if len(same) == 1:
            out.append(same[0])
            continue
        first, varying = same[0], [d.articles[position] for d in same]
        names = ", ".join(varying[:-1]) + " and " + varying[-1]
        out.append(Divergence(
            kind=first.kind,
            strength=max(d.strength for d in same),
            reason=_plural(_id_replace(first.reason, varying[0], names), names),
            evidence=tuple(dict.fromkeys(e for d in same for e in d.evidence)),
            articles=(*first.articles[:position], *varying, *first.articles[position + 1:]),
        ))
    return out


def _article_pattern(*articles: str) -> re.Pattern:
    """Any of the ids as a whole word; longer ids first, so one id is not found inside another."""
    alternatives = "|".join(re.escape(a) for a in sorted(articles, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-])")


def _id_mentions(reason: str, article: str) -> list[re.Match]:
    """Where an article id stands in a reason as a whole word ("a" in "a names X", not in "names")."""
    return list(_article_pattern(article).finditer(reason))


def _id_replace(reason: str, article: str, by: str) -> str:
    return _article_pattern(article).sub(lambda _: by, reason)


_PLURAL_VERBS = {"has": "have", "does": "do", "says": "say", "uses": "use", "gives": "give", "names": "name",
                 "is": "are", "puts": "put", "stresses": "stress", "reads": "read", "quotes": "quote"}


def _plural(reason: str, subject: str) -> str:
    """Make the verb after a list of outlets plural ("A and B says" -> "A and B say")."""
    for singular, plural in _PLURAL_VERBS.items():
        reason = reason.replace(f"{subject} {singular} ", f"{subject} {plural} ")
    return reason


def _strongest(items: list[Divergence], per_kind: int) -> list[Divergence]:
    kept, count = [], {}
    for item in sorted(items, key=lambda d: (-d.strength, d.kind, d.reason)):
        if count.get(item.kind, 0) < per_kind:
            count[item.kind] = count.get(item.kind, 0) + 1
            kept.append(item)
    return kept


# -- omission -----------------------------------------------------------------------------


def _omission(group: Group, sides: Sequence[_Side], ids: Sequence[str], params: DivergeParams) -> list[Divergence]:
    carriers = [s.article for s in sides]
    absent = [a for a in ids if a not in carriers]
    if not absent or len(ids) < 2:
        return []
    share = (len(carriers) - 1) / max(1, len(ids) - 2) if len(ids) > 2 else 1.0
    strength = 0.3 + 0.7 * share if len(carriers) > 1 else 0.3
    first = sides[0]
    leave = "leaves" if len(absent) == 1 else "leave"
    if len(carriers) == 1:
        reason = f"Only {first.article} reports this; {_names(absent)} {leave} it out."
    else:
        reason = f"{_names(carriers)} report this; {_names(absent)} {leave} it out."
    reason += _check_near(group, absent, params)
    evidence = tuple(Evidence(s.article, s.indices[0], _snippet(s.english[0])) for s in sides if s.indices)
    return [Divergence("omission", round(min(1.0, strength), 3), reason, evidence, tuple(absent))]


def comes_close(group: Group, article: str, params: DivergeParams | None = None) -> Nearest | None:
    """The article's closest paragraph to a group it is not in, when it comes close enough to doubt the omission.

    Compared as shown (two decimals), so a reader never sees 0.50 left unmarked.
    """
    threshold = (params or DivergeParams()).near_omission
    return next((n for n in group.closest if n.article == article and round(n.similarity, 2) >= threshold), None)


def _check_near(group: Group, absent: Sequence[str], params: DivergeParams) -> str:
    """" Check X ¶6, which comes close (0.61)." for omitting articles whose closest paragraph is near."""
    near = [n for a in absent if (n := comes_close(group, a, params)) is not None]
    if not near:
        return ""
    if len(near) == 1:
        return f" Check {near[0].article} {pilcrow(near[0].paragraph)}, which comes close ({near[0].similarity:.2f})."
    places = _names([f"{n.article} {pilcrow(n.paragraph)} ({n.similarity:.2f})" for n in near])
    return f" Check {places}, which come close."


def _names(ids: Sequence[str]) -> str:
    ids = list(ids)
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


def _article_items(group: Group, sides: Sequence[_Side], ids: Sequence[str],
                   params: DivergeParams) -> list[Divergence]:
    """Per-article view: unique content of an article, content it leaves out."""
    carriers = [s.article for s in sides]
    items = []
    if len(carriers) == 1 and len(ids) > 1:
        side = sides[0]
        items.append(Divergence(
            "unique", 0.5,
            f"Only {side.article} carries {_indices(side.indices)}: \"{_snippet(side.english[0])}\"",
            (Evidence(side.article, side.indices[0], _snippet(side.english[0])),), (side.article,)))
    elif len(carriers) >= 2:
        for article in ids:
            if article in carriers:
                continue
            strength = min(1.0, 0.3 + 0.7 * (len(carriers) - 1) / max(1, len(ids) - 2)) if len(ids) > 2 else 1.0
            items.append(Divergence(
                "omission", round(strength, 3),
                f"{article} leaves out what {_names(carriers)} report: \"{_snippet(sides[0].english[0])}\""
                + _check_near(group, [article], params),
                tuple(Evidence(s.article, s.indices[0], _snippet(s.english[0])) for s in sides),
                (article,)))
    return items


def _indices(indices: Sequence[int]) -> str:
    return ", ".join(pilcrow(i) for i in indices)


# -- emphasis --------------------------------------------------------------------------------


def emphasis_score(side: _Side, article_words: int) -> tuple[float, list[str]]:
    """How much an article stresses this content, in [0, 1], with the reasons."""
    share = sum(_word_count(t) for t in side.english) / max(1, article_words)
    notes = [f"{share:.0%} of its words"]
    score = min(1.0, share * 2.0)  # half the article = maximal
    first = min(side.indices) if side.indices else 0
    if side.title and _mentions(side.title, side.text):
        score += 0.2
        notes.append("in the headline")
    if first == 0:
        score += 0.25
        notes.append("leads with it")
    elif first <= 1:
        score += 0.15
        notes.append("in its second paragraph")
    elif side.n_paragraphs >= 3 and first >= math.ceil(side.n_paragraphs * 2 / 3):
        score -= 0.15
        notes.append("buried in the last third")
    if len(side.indices) >= 2:
        score += 0.1 * min(3, len(side.indices) - 1)
        notes.append(f"over {len(side.indices)} paragraphs")
    return max(0.0, min(1.0, score)), notes


def _mentions(title: str, text: str) -> bool:
    """The headline shares at least two content words (or half of them) with the text."""
    head = _content_words(title)
    body = _content_words(text)
    shared = head & body
    return bool(head) and (len(shared) >= 2 or len(shared) >= max(1, len(head) // 2))


def _content_words(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 3 and w not in STOPWORDS}


def _emphasis(sides: Sequence[_Side], words: Mapping[str, int], params: DivergeParams) -> list[Divergence]:
    if len(sides) < 2:
        return []
    scored = [(emphasis_score(s, words[s.article]), s) for s in sides]
    (hi_score, hi_notes), hi = max(scored, key=lambda x: (x[0][0], x[1].article))
    (lo_score, lo_notes), lo = min(scored, key=lambda x: (x[0][0], x[1].article))
    gap = hi_score - lo_score
    if gap < params.emphasis_gap:
        return []
    reason = f"{hi.article} stresses this ({', '.join(hi_notes)}); {lo.article} less ({', '.join(lo_notes)})."
    evidence = (
        Evidence(hi.article, hi.indices[0], _snippet(hi.english[0], 8)),
        Evidence(lo.article, lo.indices[0], _snippet(lo.english[0], 8)),
    )
    return [Divergence("emphasis", round(min(1.0, gap), 3), reason, evidence, (hi.article, lo.article))]


# -- framing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    topic: str
    frame: str
    span: str  # the words as written
    quoted: bool = False  # inside quotation marks: someone else's words the outlet reports
    loaded: bool = True  # loaded on its own; False: counts only against another frame (CONTRAST_ONLY)

    @property
    def verb(self) -> str:
        return "quotes" if self.quoted else "says"


_COMPILED = [
    (topic, frame, lexicon is FRAMES, re.compile(r"\b(" + "|".join(patterns) + r")", re.IGNORECASE))
    for lexicon in (FRAMES, CONTRAST_ONLY)
    for topic, frames in lexicon.items()
    for frame, patterns in frames.items()
]


def loaded_terms(text: str) -> list[_Term]:
    """Lexicon terms in a text, with their topic and frame.

    Negated ones are skipped, and so is a term that is only part of a
    capitalised name ("War" in "the Cold War", "Great" in "the Great Hall"):
    the name is what the outlet writes, not the loaded word. A term that is
    the whole name ("Special Military Operation") still counts.
    """
    found = []
    inside = _name_spans(text)
    for topic, frame, loaded, pattern in _COMPILED:
        for match in pattern.finditer(text):
            before = re.findall(r"\w+", text[: match.start()].lower())[-2:]
            if NEGATORS & set(before):
                continue
            end = len(_whole_words(text, match.start(), match.end())) + match.start()
            if _part_of_name(inside, match.start(), end):
                continue
            found.append(_Term(topic, frame, text[match.start():end], _quoted(text, match.start()), loaded))
    return found


_OPENING, _CLOSING = "“«„", "”»"


def _quoted(text: str, at: int) -> bool:
    """Whether position `at` lies inside quotation marks in its paragraph ("...", “...”, «...»)."""
    paragraph = text[text.rfind("\n", 0, at) + 1:at]
    if paragraph.count('"') % 2 == 1:
        return True
    opened = max(paragraph.rfind(c) for c in _OPENING)
    return opened > max(paragraph.rfind(c) for c in _CLOSING)


def _name_spans(text: str) -> list[tuple[int, int]]:
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


def _part_of_name(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of `spans` and is not the whole of it."""
    return any(s <= start and end <= e and (s, e) != (start, end) for s, e in spans)


def _whole_words(text: str, start: int, end: int) -> str:
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end]


def _framing(a: _Side, b: _Side) -> list[Divergence]:
    terms_a, terms_b = loaded_terms(a.text), loaded_terms(b.text)
    frames_a = {(t.topic, t.frame) for t in terms_a}
    frames_b = {(t.topic, t.frame) for t in terms_b}
    topics_a, topics_b = {t.topic for t in terms_a}, {t.topic for t in terms_b}
    items = []
    for topic in sorted(topics_a | topics_b):
        only_a = [t for t in terms_a if t.topic == topic and (t.topic, t.frame) not in frames_b]
        only_b = [t for t in terms_b if t.topic == topic and (t.topic, t.frame) not in frames_a]
        if only_a and only_b:  # the same topic, framed differently
            if not any(t.loaded for t in only_a + only_b):
                continue  # "warned" against "welcomed": everyday words on both sides
            # loaded wording first, then the outlet's own before a quotation
            ta, tb = (min(only, key=lambda t: (not t.loaded, t.quoted)) for only in (only_a, only_b))
            items.append(Divergence(
                "framing", 0.8,
                f"On {topic}, {a.article} {ta.verb} \"{ta.span}\" ({ta.frame}) where {b.article} {tb.verb} "
                f"\"{tb.span}\" ({tb.frame}).",
                (a.evidence(ta.span), b.evidence(tb.span)), (a.article, b.article)))
            continue
        for side, other, only in ((a, b, only_a), (b, a, only_b)):
            only = [t for t in only if t.loaded]
            if only and topic not in {t.topic for t in (terms_b if side is a else terms_a)}:
                # the outlet's own wording first; a quoted term is reported as a quotation, less strongly
                term = min(only, key=lambda t: t.quoted)
                items.append(Divergence(
                    "framing", 0.4 if term.quoted else 0.5,
                    f"{side.article} {'quotes' if term.quoted else 'uses'} loaded wording \"{term.span}\" "
                    f"({topic}: {term.frame}); {other.article} has no such term.",
                    (side.evidence(term.span),), (side.article, other.article)))
    return items


# -- facts -------------------------------------------------------------------------------------


_NUMBER = re.compile(
    r"(?P<cur>[$€£¥]\s?)?(?P<num>\d+(?:[ ,.\u00a0\u202f]\d{3})*(?:[.,]\d+)?)\s*"
    r"(?P<scale>万亿|万|亿|千|thousand|million|billion|trillion|mln|mn|bn|tn|(?<=\d)[kmb]|"
    r"тыс\w*|млн|млрд|трлн|миллион\w*|миллиард\w*|триллион\w*)?"
    r"(?P<ord>st|nd|rd|th)?"  # "75th" is the figure 75
    r"(?![A-Za-z\u0400-\u04FF0-9_])\s*"  # a Han character may follow: "2023年", "14个"
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
class _Number:
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


def numbers(text: str) -> list[_Number]:
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
        found.append(_Number(value * factor, bool(match.group("pct")), span, unit, context,
                             decimals=decimals, scale=factor))
    for match in _WORD_NUMBER.finditer(text):
        unit, context = _unit_after(text, match.end(), match.group(0))
        found.append(_Number(float(WORD_NUMBERS[match.group(1).lower()]), False, match.group(0), unit, context,
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


def _date(match: re.Match) -> list[_Number]:
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
        out.append(_Number(float(month * 100 + day), False, match.group(0).strip(), "#date", shown,
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
_UNIT_WORD = re.compile(r"\s*([a-z\u0430-\u044f\u0451][A-Za-z\u0400-\u04FF-]*)")  # lowercase: not a name
_NEXT_WORD = re.compile(r"\s+([a-z]+)")
_HYPHEN_WORD = re.compile(r"-([a-z\u0430-\u044f\u0451]+)")  # "12-point", "21-gun", "two-day"


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


def _same_number(x: _Number, y: _Number, tolerance: float) -> bool:
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
    tolerance = DivergeParams().number_tolerance
    theirs = [y for y in numbers(english) if not y.word and not y.is_date and y.value > 0]
    slips = []
    for x in numbers(source):
        if x.word or x.is_date or x.value <= 0 or any(_same_number(x, y, tolerance) for y in theirs):
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


def dropped_figures(source: str, english: str) -> list[_Number]:
    """Figures and dates of `source` that `english` does not give.

    A translation check: "10年に及ぶ議論" came out as "the discussion" with no
    ten years. (`_facts` reads the originals' figures as well, so it is the
    reader of the English who loses the figure.) A figure counts as given
    when the English has one of the same value (written in figures or in
    words, at any scale: "135万吨" and "1.35 million tonnes"), or the same
    digits anywhere (in a name, "Boeing 737"; as a percent, "6 per cent"); a
    date when the English has the same date or the day's digits.
    """
    tolerance = DivergeParams().number_tolerance
    theirs = numbers(english)
    runs = {re.sub(r"\D", "", run) for run in _DIGIT_RUN.findall(english)} | set(re.findall(r"\d+", english))
    missing = []
    for x in numbers(_NOT_FIGURES.sub(" ", source)):
        if x.word or any(_same_number(x, y, tolerance) for y in theirs):
            continue
        digits = str(x.date[1]) if x.is_date else re.sub(r"\D", "", _DIGIT_RUN.search(x.span).group(0))
        if digits in runs or (x.value in _ONE_OR_TWO and not x.is_date and _ONE_OR_TWO[x.value].search(english)):
            continue
        missing.append(x)
    return missing


def _rounds_to(precise: _Number, rounded: _Number) -> bool:
    """`precise`, rounded to the last digit `rounded` is written with, gives `rounded`."""
    if rounded.word or precise.word or precise.resolution >= rounded.resolution:
        return False
    return round(precise.value / rounded.resolution) == round(rounded.value / rounded.resolution)


_CAP = r"(?:[A-Z][a-z]+['’]s(?= [A-Z])|[A-Z][a-z]+|[A-Z]{2,}s?)"  # "People's Republic": one name
_NAME = re.compile(r"\b(" + _CAP + r"(?:[- ](?:" + _CAP + r"|(?:of|for|de|al|bin|von|van)(?= [A-Z]))){0,4})\b")
_DEMONYM = re.compile(r"^[A-Z][a-z]+(ian|ean|ese|ish|ern|can|ic)s?$")
# Titles and offices: part of a name's context, not of the name.
TITLES = set("""
president vice prime minister ministers foreign defence defense finance secretary general chairman chair
premier king queen prince chancellor ambassador spokesman spokeswoman spokesperson senator governor mayor
mr mrs ms dr sir state deputy head leader director chief commander party central committee
commissioner commissioners envoy representative ombudsman speaker adviser advisor councillor
""".split())
# Capitalised only because they start a sentence; never taken for a name there.
STARTERS = set("""
however meanwhile earlier later today yesterday tomorrow both many most some several officials experts
analysts according during since while although though despite still yet then thus therefore instead indeed
moreover furthermore overall finally first second third last next speaking asked talks among under over
after before once when where there here this that these those it its their they we he she his her our
""".split())


# Capitalised, but never a name on their own: time of day and time zones.
NOT_NAMES = {"am", "pm", "gmt", "utc"}
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


def _name_present(name: str, text: str) -> bool:
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


def _transliteration_of(latin: str, word: str) -> bool:
    """Whether a Russian word in Latin letters (`transliterate`) is the lowercase name word `word`
    with at most a case ending: "putina" for "putin", "liverpule" for "liverpool", not "novaya"
    for "novak". Short words must match exactly up to the ending; longer ones may differ in
    spelling ("zelenskiy" and "zelensky")."""
    if latin[:1] != word[:1] or not -2 <= len(latin) - len(word) <= 4:
        return False
    if len(word) < 6:
        return latin.startswith(word)
    return difflib.SequenceMatcher(None, latin[:len(word)], word).ratio() >= 0.75


def _same_name(name: str, rendering: str) -> bool:
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


def _own_outlet(name: str, outlet: str) -> bool:
    """Whether a name is the outlet's own (all its words are words of the outlet's name)."""
    outlet_words = set(re.findall(r"\w+", outlet.casefold()))
    name_words = re.findall(r"\w+", name.casefold())
    return bool(name_words) and all(w in outlet_words for w in name_words)


def _facts(a: _Side, b: _Side, params: DivergeParams, recurring: Collection[str]) -> list[Divergence]:
    """Figures and names on one side only, or different between the sides (`recurring`: see `names`)."""
    items = []
    nums_a = _distinct(numbers(a.text) + numbers("\n".join(a.original)), params.number_tolerance)
    nums_b = _distinct(numbers(b.text) + numbers("\n".join(b.original)), params.number_tolerance)
    differing: set[frozenset[float]] = set()
    for side, other, mine, theirs in ((a, b, nums_a, nums_b), (b, a, nums_b, nums_a)):
        for number in mine:
            if any(_same_number(number, t, params.number_tolerance) for t in theirs):
                continue
            # A figure of theirs that one of mine agrees with, or that another of mine is
            # nearer to, is not a different version of this one ("$240.1 billion, above the
            # $200 billion target" against "$240 billion" or "$227.8 billion").
            close = [t for t in theirs if _comparable(number, t)
                     and not any(_same_number(t, m, params.number_tolerance) for m in mine)
                     and not any(_comparable(m, t) and _distance(m, t) < _distance(number, t) for m in mine)]
            if close:
                key = frozenset((number.value, close[0].value))
                if key in differing:
                    continue
                differing.add(key)
                items.append(Divergence(
                    "facts", 0.8,
                    f"{side.article} gives \"{number.context}\" where {other.article} gives \"{close[0].context}\".",
                    (side.evidence(number.span), other.evidence(close[0].span)), (side.article, other.article)))
            elif not number.word and not any(_same_number(number, t, params.number_tolerance)
                                             for t in other.whole.numbers):
                # (a figure the other outlet gives elsewhere in its article is not missing from it)
                what = "date" if number.is_date else "figure"
                items.append(Divergence(
                    "facts", 0.45,
                    f"{side.article} gives the {what} \"{number.context}\"; {other.article} has no such {what}.",
                    (side.evidence(number.span),), (side.article, other.article)))
    for side, other in ((a, b), (b, a)):
        for name in names(side.text, recurring):
            if _own_outlet(name, side.outlet):
                continue  # a dateline or byline naming the outlet itself ("BEIJING (Meridian Wire) -")
            # Looked up in the other outlet's whole article (its paragraphs here included):
            # a name it uses elsewhere is not one it leaves out.
            if not _name_present(name, other.whole.text) and not other.whole.names_in_original(name):
                items.append(Divergence(
                    "facts", round(0.35 + 0.1 * min(2, name.count(" ")), 3),
                    f"{side.article} names \"{name}\"; {other.article} does not.",
                    (side.evidence(name),), (side.article, other.article)))
    # The same figure read two ways is reported once per direction at most.
    return _dedupe(items)


def _distinct(found: list[_Number], tolerance: float) -> list[_Number]:
    """One entry per value (English spans come first, so they are kept)."""
    out: list[_Number] = []
    for number in found:
        if not any(_same_number(number, kept, tolerance) for kept in out):
            out.append(number)
    return out


def _distance(x: _Number, y: _Number) -> float:
    """How far apart two comparable figures are, in orders of magnitude."""
    return abs(math.log10(x.value) - math.log10(y.value))


def _comparable(x: _Number, y: _Number) -> bool:
    """Two numbers that may be one quantity reported differently.

    The same unit word ("10 agreements", "12 agreements") and the same
    magnitude. A percent sign says nothing of what is measured, so two
    percentages must also be close (within a factor of 1.5: "26%" and "30%",
    not "26%" and "90%"). Dates are never compared: two dates in aligned
    paragraphs are more often two events than one event dated twice.
    """
    if x.word or y.word or x.is_date or y.is_date or x.percent != y.percent:
        return False
    if not x.unit or x.unit[:5] != y.unit[:5]:
        return False
    if x.value <= 0 or y.value <= 0:
        return False
    return _distance(x, y) < (math.log10(1.5) if x.percent else 1.0)


def _dedupe(items: Iterable[Divergence]) -> list[Divergence]:
    seen, out = set(), []
    for item in items:
        key = (item.kind, item.reason)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


# -- tone --------------------------------------------------------------------------------------


def tone(text: str) -> tuple[float, list[str], list[str]]:
    """Tone in [-1, 1] from a small sentiment lexicon, with the words that set it.

    A word that is part of a capitalised name ("Cold War", "Great Hall") does not count.
    """
    matches = list(re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", text))
    tokens = [m.group(0).lower() for m in matches]
    inside = _name_spans(text)
    pos, neg = [], []
    for i, token in enumerate(tokens):
        negated = bool(NEGATORS & set(tokens[max(0, i - 2):i]))
        if (token in POSITIVE or token in NEGATIVE) and _part_of_name(inside, *matches[i].span()):
            continue
        if token in POSITIVE:
            (neg if negated else pos).append(token)
        elif token in NEGATIVE:
            (pos if negated else neg).append(token)
    if not tokens:
        return 0.0, pos, neg
    raw = (len(pos) - len(neg)) / math.sqrt(len(tokens))
    return math.tanh(raw * 1.5), pos, neg


def _charged(warm: Sequence[str], cold: Sequence[str]) -> str:
    """The words that set a tone, for a reason: '"great"', or 'warm "help"; cold "war"' when both kinds occur."""
    quoted = [", ".join(f'"{w}"' for w in dict.fromkeys(words)) for words in (warm, cold)]
    if warm and cold:
        return f"warm {quoted[0]}; cold {quoted[1]}"
    return quoted[0] or quoted[1] or "no charged words"


def _tone(a: _Side, b: _Side, params: DivergeParams) -> list[Divergence]:
    ta, pos_a, neg_a = tone(a.text)
    tb, pos_b, neg_b = tone(b.text)
    gap = abs(ta - tb)
    if gap < params.tone_gap:
        return []
    if ta >= tb:
        (hi, thi, phi, nhi), (lo, tlo, plo, nlo) = (a, ta, pos_a, neg_a), (b, tb, pos_b, neg_b)
    else:
        (hi, thi, phi, nhi), (lo, tlo, plo, nlo) = (b, tb, pos_b, neg_b), (a, ta, pos_a, neg_a)
    strength = round(min(1.0, gap / 2.0 + 0.2), 3)
    if not phi and not nhi:  # the warmer side is plain: the other one is what sets the tone
        reason = (f"{lo.article} reads colder (tone {tlo:+.2f}: {_charged(plo, nlo)}) than "
                  f"{hi.article} (tone {thi:+.2f}: {_charged(phi, nhi)}).")
        return [Divergence("tone", strength, reason, (lo.evidence((nlo or plo)[0]),), (lo.article, hi.article))]
    reason = (f"{hi.article} reads warmer (tone {thi:+.2f}: {_charged(phi, nhi)}) than "
              f"{lo.article} (tone {tlo:+.2f}: {_charged(plo, nlo)}).")
    # The evidence: the warmer side's first warm word, the cooler side's first cold one (else any charged word)
    evidence = tuple(
        side.evidence(words[0]) for side, words in ((hi, phi or nhi), (lo, nlo or plo)) if words
    ) or (Evidence(hi.article, hi.indices[0], _snippet(hi.english[0], 8)),)
    return [Divergence("tone", strength, reason, evidence, (hi.article, lo.article))]
