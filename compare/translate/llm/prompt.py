"""The LLM's prompt: instructions, a worked example, the paragraph's context and glossary.

The prompt is in the Qwen chat format. Its fixed start (`build_prefix`) is
evaluated once and shared by every paragraph; the end (`build_prompt_suffix`)
carries the title, the glossary entries that occur in the paragraph and the
names learned earlier in the run (`learn_names`).
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Mapping

from compare.text import languages
from compare.text.translit import transliterate

# Part of the model id, so the cache keys on it: bump it when the prompt of a
# first attempt or the decoding changes (history: docs/CHANGELOG.md).
PROMPT_VERSION = 6

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

@functools.lru_cache(maxsize=4096)
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
        if occurs(term, paragraph):
            hits[term] = glossary[term]
    return hits


def occurs(term: str, paragraph: str) -> bool:
    """Whether a glossary entry for `term` applies to the paragraph (inflected forms count)."""
    return bool(_term_pattern(term).search(paragraph)) or term in paragraph


def name_candidates(source: str) -> list[str]:
    """The capitalised Russian words `learn_names` may pair, each once, in the order they first occur."""
    return list(dict.fromkeys(re.findall(r"(?<![\w-])[А-ЯЁ][а-яё]{3,}", source)))


def learn_names(source: str, english: str) -> dict[str, str]:
    """Pair capitalised Russian words with their English rendering, in the order they occur.

    A Cyrillic word is paired with the capitalised English word whose
    spelling is closest to its transliteration (similarity >= 0.75); this
    catches personal and place names ("Песков" -> "Peskov"). The order
    matters: the names learned go into later prompts' glossaries in it.
    """
    candidates = dict.fromkeys(re.findall(r"[A-Z][a-z'-]{2,}", english))  # in order: a tie goes to the first
    found = {}
    for word in name_candidates(source):
        key = transliterate(word)
        best, score = None, 0.0
        for candidate in candidates:
            ratio = difflib.SequenceMatcher(None, key, candidate.lower()).ratio()
            if ratio > score:
                best, score = candidate, ratio
        if best and score >= 0.75:
            found[word] = best
    return found
