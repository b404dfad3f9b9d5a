"""The LLM translator: prompts a local GGUF chat model, checks what it writes, retries once.

The prompt carries the article title, the glossary entries that occur in the
paragraph and the names seen earlier in the run; a Chinese paragraph's
glossary also holds the names in it that CC-CEDICT renders one way only
(`cedict.names_in`: "韩正" Han Zheng), which the model otherwise garbles.
Every output goes through the guards (`compare.translate.guards`); a failure
is retried once with a stricter prompt and hints (`compare.translate.hints`),
and if that fails too the better attempt is kept and flagged with a note
saying why.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Event
from typing import Mapping, Sequence

from compare import model_files
from compare.text import cedict
from compare.text.sentences import split_sentences
from compare.translate.base import StepCallback, TranslationContext, Translator, TranslatorUnavailable
from compare.translate.guards import REFUSED, check_output, clean_output
from compare.translate.hints import date_hints, dropped_hints, figure_hints, legible, name_hints, term_hints
from compare.translate.llm.engine import LlamaEngine, shared_engine
from compare.translate.llm.prompt import (
    GLOSSARY_LIMIT,
    PROMPT_VERSION,
    build_prefix,
    build_prompt_suffix,
    glossary_hits,
    learn_names,
    name_candidates,
    occurs,
)
from compare.types import Cancelled, Translation

log = logging.getLogger(__name__)

# Recorded in a flagged translation; one flagged by an older retry is translated
# again, once. Bump it when the retry gets better at fixing what a guard found
# (history: docs/CHANGELOG.md).
RETRY_VERSION = 5


def _use_prefix(engine: LlamaEngine, src: str, *, strict: bool = False) -> None:
    """Give the engine the prompt prefix for `src` (evaluated once, kept while it does not change)."""
    engine.set_prefix(engine.tokenize(build_prefix(src, strict=strict)))


def _model_name(path: Path) -> str:
    """A short, stable name for the GGUF file ("qwen2.5-coder-1.5b-q4km" for the default)."""
    if path.name == model_files.GGUF_NAME:
        return "qwen2.5-coder-1.5b-q4km"
    return path.stem.lower()


@dataclass
class _Attempt:
    text: str
    problems: list[str]


class LlmTranslator(Translator):
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
        self.path = Path(path) if path else model_files.gguf_path()
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
        if engine is None and self.path == model_files.models_dir() / model_files.GGUF_NAME and not model_files.verify(
            self.path, model_files.GGUF_SHA256
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
        self.names: dict[str, str] = {}  # source name -> English, learned during the run (or `recall`ed)
        # What the run made: (src, paragraph) -> its translation, and the user's glossary and the glossary
        # its first attempt was given (`made_otherwise` compares the glossary the names give now).
        self._made: dict[tuple[str, str], Translation] = {}
        self._offered: dict[tuple[str, str], tuple[dict[str, str], list[tuple[str, str]]]] = {}
        self._learned: dict[tuple[str, str], dict[str, str]] = {}  # (source, English) -> learn_names of them
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
        """Load the model, evaluate the prompt prefix for `src` (and read CC-CEDICT for Chinese) now,
        so the seconds it takes are not counted as the speed of the first paragraphs."""
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

    # -- names learned from earlier paragraphs (Russian): the order a run translates in matters

    def _learn(self, src: str, source: str, translation: Translation) -> dict[str, str]:
        if src != "ru" or translation.flagged:
            return {}
        key = (source, translation.text)
        if key not in self._learned:
            self._learned[key] = learn_names(source, translation.text)
        return self._learned[key]

    def depends_on(self, paragraph: str, earlier: str, src: str) -> bool:
        """A name `earlier` may teach is one the paragraph's glossary would offer."""
        return src == "ru" and any(occurs(word, paragraph) for word in name_candidates(earlier))

    def recall(self, paragraphs, src, translations=None) -> None:
        names: dict[str, str] = {}
        for i, paragraph in enumerate(paragraphs):
            made = (translations or {}).get(i) or self._made.get((src, paragraph))
            if made is not None:
                names.update(self._learn(src, paragraph, made))
        self.names = names

    def made_otherwise(self, paragraph: str, src: str) -> bool:
        """Whether the names learned now give the paragraph's first attempt another glossary (entries or
        their order) than the one it was translated with."""
        if src == "zh" and self.simplify_traditional and cedict.looks_traditional(paragraph):
            paragraph = cedict.simplified(paragraph)
        offered = self._offered.get((src, paragraph))
        if offered is None:
            return False
        glossary, hits = offered
        return list(self._glossary_for(paragraph, glossary, src).items()) != hits

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
            self._made[(src, paragraphs[i])] = results[i]
            self.names.update(self._learn(src, paragraphs[i], results[i]))
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
            if not strict:
                self._offered[(src, paragraphs[i])] = (dict(context.glossary), list(glossary.items()))
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
        """What today's guards find wrong with a stored translation of `source` (checked on read, so
        one made before a guard existed is redone); a flagged one is kept unless its retry is older."""
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


def _in_simplified(paragraphs: Sequence[str], context: TranslationContext) -> tuple[list[str], TranslationContext]:
    """Traditional Chinese paragraphs (and the title and glossary) in Simplified characters.

    The small model reads Simplified far better (`bench/translate.py
    --traditional`; figures in docs/CHANGELOG.md). Simplified text
    is unchanged.
    """
    if not any(cedict.looks_traditional(p) for p in paragraphs):
        return list(paragraphs), context
    glossary = {cedict.simplified(word): english for word, english in context.glossary.items()}
    return ([cedict.simplified(p) for p in paragraphs],
            replace(context, title=cedict.simplified(context.title), previous=cedict.simplified(context.previous),
                    glossary=glossary))


def map_sentences(source: str, english: str) -> tuple[tuple[str, str], ...]:
    """Pair source and English sentences when both sides split into the same count."""
    src_sentences = split_sentences(source)
    en_sentences = split_sentences(english)
    if len(src_sentences) != len(en_sentences) or not src_sentences:
        return ()
    return tuple(zip(src_sentences, en_sentences))
