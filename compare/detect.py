"""Language detection: langdetect, seeded, guarded by a script check.

langdetect is random unless seeded and often wrong on short text; it also
answers "zh-cn"/"zh-tw" for Chinese. A count of letters per script (Latin,
Cyrillic, Han, kana, Hangul) settles short paragraphs and catches its
mistakes: a paragraph written in Cyrillic is not Macedonian English.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter

from compare.text.scripts import script_of
from compare.types import Article, LanguageGuess

log = logging.getLogger(__name__)

SHORT = 60  # characters; below this, langdetect alone is not trusted
# Below this probability, langdetect does not move a Latin-script paragraph
# away from its article's language: "it seems like even iMessage over WiFi
# isn't working" reads as Afrikaans at 0.71, and a paragraph it cannot place
# at all ("und") is in its article's language more often than in none.
CONFIDENT = 0.9
# Links, e-mail addresses, @handles and #tags are not words of any language:
# a line holding only a link has no language to translate from.
_NOT_WORDS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|[@#]\w+")
_lock = threading.Lock()
_factory_ready = False

# What a script implies when langdetect cannot be trusted.
SCRIPT_LANG = {"Cyrillic": "ru", "Han": "zh", "Kana": "ja", "Hangul": "ko"}
# Languages each script can plausibly be written in.
SCRIPT_FAMILY = {
    "Cyrillic": {"ru", "uk", "bg", "be", "mk", "sr", "kk"},
    "Han": {"zh", "ja"},
    "Kana": {"ja"},
    "Hangul": {"ko"},
}


def script_counts(text: str) -> Counter:
    return Counter(script_of(c) for c in text if c.isalpha())


def dominant_script(text: str) -> tuple[str, float]:
    counts = script_counts(text)
    if not counts:
        return "", 0.0
    # Japanese mixes kana with Han: any real share of kana makes it Japanese.
    total = sum(counts.values())
    if counts["Kana"] >= 0.1 * total:
        return "Kana", (counts["Kana"] + counts["Han"]) / total
    script, n = counts.most_common(1)[0]
    return script, n / total


def _langdetect(text: str) -> tuple[str, float]:
    global _factory_ready
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    with _lock:
        if not _factory_ready:
            DetectorFactory.seed = 0
            _factory_ready = True
        try:
            best = detect_langs(text[:5000])[0]
        except LangDetectException:
            return "und", 0.0
    lang = best.lang.split("-")[0]  # zh-cn, zh-tw -> zh
    return lang, float(best.prob)


def has_words(text: str) -> bool:
    """Whether a text has words of some script; one with none (a link, a figure, a handle) is
    what `detect_text` calls "und". Cheap: no language is guessed."""
    return bool(dominant_script(_NOT_WORDS.sub(" ", text).strip())[0])


def detect_text(text: str, fallback: str | None = None) -> LanguageGuess:
    """Language of one text. `fallback` (the article's language) decides short Latin text
    and Latin text langdetect is unsure of. Text with no words (a link, a figure) is "und":
    there is nothing in it to translate."""
    text = _NOT_WORDS.sub(" ", text).strip()
    script, share = dominant_script(text)
    if not script:
        return LanguageGuess(lang="und", confidence=0.0, script="")
    if script in SCRIPT_LANG:
        lang, prob = _langdetect(text) if len(text) >= SHORT else ("und", 0.0)
        if lang not in SCRIPT_FAMILY[script]:
            if fallback in SCRIPT_FAMILY[script]:
                lang, prob = fallback, share
            else:
                lang, prob = SCRIPT_LANG[script], share
        return LanguageGuess(lang=lang, confidence=round(prob, 4), script=script)
    lang, prob = _langdetect(text)
    short, unsure, other = len(text) < SHORT, prob < CONFIDENT, lang != fallback
    if fallback and ((short and (unsure or other)) or (other and unsure)):
        lang, prob = fallback, min(prob, share)
    if lang in {l for family in SCRIPT_FAMILY.values() for l in family} and script == "Latin":
        lang, prob = fallback or "en", share * 0.5
    return LanguageGuess(lang=lang, confidence=round(prob, 4), script=script)


def detect_article(article: Article) -> tuple[LanguageGuess, list[LanguageGuess]]:
    """The article's language (flagging a disagreeing declaration) and each paragraph's."""
    whole = detect_text("\n".join(p.text for p in article.paragraphs))
    declared = article.declared_lang
    disagrees = bool(declared) and declared.split("-")[0] != whole.lang
    if disagrees:
        log.warning("%s: declared lang %r but the text reads as %r (%.2f)",
                    article.id, declared, whole.lang, whole.confidence)
    guess = LanguageGuess(lang=whole.lang, confidence=whole.confidence, script=whole.script,
                          declared=declared, disagrees=disagrees)
    per_paragraph = [detect_text(p.text, fallback=whole.lang) for p in article.paragraphs]
    return guess, per_paragraph
