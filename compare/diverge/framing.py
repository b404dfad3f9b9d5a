"""Framing: loaded terms on one side with a contrasting term, or none, on the other."""

from __future__ import annotations

import re
from dataclasses import dataclass

from compare.diverge.lexicon import CONTRAST_ONLY, FRAMES, NEGATORS
from compare.diverge.sides import Side
from compare.text.names import name_spans, part_of_name
from compare.types import Divergence


@dataclass(frozen=True)
class Term:
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


def loaded_terms(text: str) -> list[Term]:
    """Lexicon terms in a text, with their topic and frame.

    Negated ones are skipped, and so is a term that is only part of a
    capitalised name ("War" in "the Cold War", "Great" in "the Great Hall"):
    the name is what the outlet writes, not the loaded word. A term that is
    the whole name ("Special Military Operation") still counts.
    """
    found = []
    inside = name_spans(text)
    for topic, frame, loaded, pattern in _COMPILED:
        for match in pattern.finditer(text):
            before = re.findall(r"\w+", text[: match.start()].lower())[-2:]
            if NEGATORS & set(before):
                continue
            end = len(_whole_words(text, match.start(), match.end())) + match.start()
            if part_of_name(inside, match.start(), end):
                continue
            found.append(Term(topic, frame, text[match.start():end], _quoted(text, match.start()), loaded))
    return found


_OPENING, _CLOSING = "“«„", "”»"


def _quoted(text: str, at: int) -> bool:
    """Whether position `at` lies inside quotation marks in its paragraph ("...", “...”, «...»)."""
    paragraph = text[text.rfind("\n", 0, at) + 1:at]
    if paragraph.count('"') % 2 == 1:
        return True
    opened = max(paragraph.rfind(c) for c in _OPENING)
    return opened > max(paragraph.rfind(c) for c in _CLOSING)



def _whole_words(text: str, start: int, end: int) -> str:
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[start:end]


def framing_items(a: Side, b: Side) -> list[Divergence]:
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
