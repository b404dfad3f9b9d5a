"""WMT24 news documents turned into article sets that look like three outlets.

The WMT24 en-ru-zh documents are paragraph-parallel translations. To look
like three outlets rather than three translations (issue 3): English stays
as it is; Russian and Chinese are re-paragraphed (some consecutive
paragraphs merged, others split at a sentence boundary), about 20% of their
paragraphs dropped, the rest shuffled, and two paragraphs of an unrelated
document slipped in. The truth: paragraphs that share source text report
the same thing; gold groups are the connected components of that relation
(intruders are groups of their own unless two languages drew the same one).

The data is read in place from ../shared/data and never copied.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DATA = SHARED / "wmt24" / "wmt24_en-ru-zh.docs.jsonl"
# WMT23 ru->en news: Russian originals with English references, used only as
# extra calibration documents (two outlets, en and ru).
DATA_WMT23 = SHARED / "wmt23" / "wmt23_ru-en.docs.jsonl"
LANGS = ("en", "ru", "zh")

# A source unit: (document id, paragraph index).
Source = tuple[str, int]


@dataclass(frozen=True)
class Doc:
    docid: str
    paragraphs: dict[str, list[str]]  # lang -> paragraphs (paragraph i parallel in all)


@dataclass(frozen=True)
class Unit:
    """One paragraph of a synthetic article."""

    text: str
    lang: str
    # (source paragraph, sentence indices in that paragraph) it was built from.
    pieces: tuple[tuple[Source, tuple[int, ...]], ...]

    @property
    def sources(self) -> frozenset[Source]:
        return frozenset(src for src, _ in self.pieces)


@dataclass(frozen=True)
class SynthSet:
    name: str
    articles: dict[str, list[Unit]]  # article id -> paragraphs (set order en, ru, zh)
    langs: dict[str, str]  # article id -> language
    gold: tuple[dict[str, tuple[int, ...]], ...]


def _rows(path: Path, domain: str = "news"):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("domain") == domain:
                yield row


def load_news(path: Path = DATA) -> list[Doc]:
    return load_domain("news", path, shortest=0, longest=None)


# WMT24's other three-way domains, as extra dev collections that nothing was fitted on.
OTHER_DOMAINS = ("social", "literary")


def load_domain(domain: str, path: Path = DATA, shortest: int = 4, longest: int | None = 40) -> list[Doc]:
    """The WMT24 documents of one domain (news; social: Mastodon threads; literary: fiction) of
    `shortest` to `longest` paragraphs (the longest social threads would dominate the pool)."""
    docs = [Doc(row["docid"], {lang: list(row[lang]) for lang in LANGS}) for row in _rows(path, domain)
            if shortest <= len(row["en"]) <= (longest or len(row["en"]))]
    return sorted(docs, key=lambda d: d.docid)


def load_wmt23_news(path: Path = DATA_WMT23) -> list[Doc]:
    """WMT23 ru->en news documents as two-language Docs (English reference, Russian source)."""
    docs = [Doc(f"wmt23-{row['docid']}", {"en": [" ".join(p["ref"]) for p in row["paragraphs"]],
                                          "ru": [" ".join(p["src"]) for p in row["paragraphs"]]})
            for row in _rows(path)]
    return sorted(docs, key=lambda d: d.docid)


_SENT_LATIN = re.compile(r"(?<=[.!?…])[\"'»”)]*\s+(?=[\"'«“(]?[A-ZА-ЯЁ0-9])")
_SENT_HAN = re.compile(r"(?<=[。！？])(?![”」』）])|(?<=[。！？][”」』）])")


def split_sentences(text: str, lang: str) -> list[str]:
    pattern = _SENT_HAN if lang == "zh" else _SENT_LATIN
    parts = [p.strip() for p in pattern.split(text)]
    return [p for p in parts if p] or [text]


def join(texts: list[str], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(texts)


def _repack(doc: Doc, lang: str, rng: random.Random, merge: float, split: float) -> list[Unit]:
    """Merge some consecutive paragraphs and split others at a sentence boundary."""
    paragraphs = doc.paragraphs[lang]
    units: list[Unit] = []
    i = 0
    while i < len(paragraphs):
        sentences = split_sentences(paragraphs[i], lang)
        whole = ((doc.docid, i), tuple(range(len(sentences))))
        roll = rng.random()
        if roll < merge and i + 1 < len(paragraphs):
            nxt = split_sentences(paragraphs[i + 1], lang)
            text = join([paragraphs[i], paragraphs[i + 1]], lang)
            units.append(Unit(text, lang, (whole, ((doc.docid, i + 1), tuple(range(len(nxt)))))))
            i += 2
            continue
        if roll < merge + split and len(sentences) >= 2:
            cut = rng.randrange(1, len(sentences))
            units.append(Unit(join(sentences[:cut], lang), lang, (((doc.docid, i), tuple(range(cut))),)))
            units.append(Unit(join(sentences[cut:], lang), lang,
                              (((doc.docid, i), tuple(range(cut, len(sentences)))),)))
        else:
            units.append(Unit(paragraphs[i], lang, (whole,)))
        i += 1
    return units


def make_set(
    doc: Doc,
    others: list[Doc],
    seed: int,
    *,
    merge: float = 0.2,
    split: float = 0.2,
    drop: float = 0.2,
    intruders: int = 2,
) -> SynthSet:
    """One three-outlet set from one document (deterministic in seed)."""
    articles: dict[str, list[Unit]] = {}
    langs: dict[str, str] = {}
    en_units = [
        Unit(p, "en", (((doc.docid, i), tuple(range(len(split_sentences(p, "en"))))),))
        for i, p in enumerate(doc.paragraphs["en"])
    ]
    articles["en"] = en_units
    langs["en"] = "en"
    for lang in (lang for lang in LANGS[1:] if lang in doc.paragraphs):
        rng = random.Random(f"{seed}:{doc.docid}:{lang}")
        units = _repack(doc, lang, rng, merge, split)
        n_drop = round(drop * len(units))
        dropped = set(rng.sample(range(len(units)), min(n_drop, len(units) - 1)))
        units = [u for k, u in enumerate(units) if k not in dropped]
        pool = [o for o in others if o.docid != doc.docid and lang in o.paragraphs]
        other = rng.choice(pool)
        for j in rng.sample(range(len(other.paragraphs[lang])), min(intruders, len(other.paragraphs[lang]))):
            text = other.paragraphs[lang][j]
            units.append(Unit(text, lang, (((other.docid, j), tuple(range(len(split_sentences(text, lang))))),)))
        rng.shuffle(units)
        articles[lang] = units
        langs[lang] = lang
    return SynthSet(f"{doc.docid}#{seed}", articles, langs, _gold(articles))


def _gold(articles: dict[str, list[Unit]]) -> tuple[dict[str, tuple[int, ...]], ...]:
    """Connected components of 'shares a source paragraph'."""
    nodes = [(a, i) for a, units in articles.items() for i in range(len(units))]
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    by_source: dict[Source, tuple[str, int]] = {}
    for a, units in articles.items():
        for i, unit in enumerate(units):
            for src in unit.sources:
                if src in by_source:
                    parent[find((a, i))] = find(by_source[src])
                else:
                    by_source[src] = (a, i)
    comps: dict[tuple[str, int], dict[str, list[int]]] = {}
    for a, i in nodes:
        comps.setdefault(find((a, i)), {}).setdefault(a, []).append(i)
    return tuple({a: tuple(sorted(ix)) for a, ix in comp.items()} for comp in comps.values())


def slice_translation(source: str, english: str, lang: str, sentence_ids: Sequence[int]) -> str:
    """The English sentences matching `sentence_ids` of the source paragraph.

    Sentences are mapped by position (proportionally when the two sides have
    different sentence counts).
    """
    src_sentences = split_sentences(source, lang)
    en_sentences = split_sentences(english, "en")
    if len(sentence_ids) >= len(src_sentences):
        return english
    scale = len(en_sentences) / len(src_sentences)
    lo = round(min(sentence_ids) * scale)
    hi = max(lo + 1, round((max(sentence_ids) + 1) * scale))
    return " ".join(en_sentences[lo:hi])


def reference_english(unit: Unit, docs: dict[str, Doc]) -> str:
    """The WMT English side of a unit: an upper bound stand-in for a translation."""
    return " ".join(
        slice_translation(docs[d].paragraphs[unit.lang][i], docs[d].paragraphs["en"][i], unit.lang, ids)
        for (d, i), ids in unit.pieces
    )
