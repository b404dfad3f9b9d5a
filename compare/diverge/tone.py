"""Tone: a lexicon-based tone per paragraph and the gap between outlets."""

from __future__ import annotations

import math
import re
from typing import Sequence

from compare.diverge.lexicon import NEGATORS
from compare.diverge.sides import DivergeParams, Side, snippet
from compare.text.names import name_spans, part_of_name
from compare.text.words import NEGATIVE, POSITIVE
from compare.types import Divergence, Evidence


def tone(text: str) -> tuple[float, list[str], list[str]]:
    """Tone in [-1, 1] from a small sentiment lexicon, with the words that set it.

    A word that is part of a capitalised name ("Cold War", "Great Hall") does not count.
    """
    matches = list(re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", text))
    tokens = [m.group(0).lower() for m in matches]
    inside = name_spans(text)
    pos, neg = [], []
    for i, token in enumerate(tokens):
        negated = bool(NEGATORS & set(tokens[max(0, i - 2):i]))
        if (token in POSITIVE or token in NEGATIVE) and part_of_name(inside, *matches[i].span()):
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


def tone_items(a: Side, b: Side, params: DivergeParams) -> list[Divergence]:
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
    ) or (Evidence(hi.article, hi.indices[0], snippet(hi.english[0], 8)),)
    return [Divergence("tone", strength, reason, evidence, (hi.article, lo.article))]
