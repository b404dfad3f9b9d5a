"""The pipeline's embed stage: the views `align` reads, with progress counted in texts.

The English model over the English paragraphs and sentences; unless
--no-cross-lingual, multilingual USE over the original paragraphs and
sentences. Models load on first use, never at import.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Mapping, Sequence

from compare.types import ProcessedArticle

if TYPE_CHECKING:
    from compare.cache import Cache
    from compare.pipeline import RunOptions, Stages

log = logging.getLogger(__name__)

# Multilingual USE's time per character of text against the English model's, for the embed stage's
# time left (measured by bench/embed_chunks.py; docs/performance.md).
CROSS_EMBED_WORK = 0.03


def english_embedder(options: RunOptions, cache: Cache | None):
    """The English model (or the options' stand-in), through the cache."""
    from compare.embed import CachedEmbedder, SentenceTransformerEmbedder

    embedder = options.embedder or SentenceTransformerEmbedder()
    return CachedEmbedder(embedder, cache) if cache is not None else embedder


def cross_embedder(options: RunOptions, cache: Cache | None):
    """Multilingual USE over the originals (or the options' stand-in), through the cache."""
    from compare.embed import CachedEmbedder, MultilingualUseEmbedder

    cross = options.cross_embedder or MultilingualUseEmbedder()
    return CachedEmbedder(cross, cache) if cache is not None else cross


def embed_stage(processed: list[ProcessedArticle], embedder, options: RunOptions, cache: Cache | None,
                stages: Stages) -> tuple[list[dict], dict]:
    """The paragraph views for align and its sentence views (as keyword arguments)."""
    from compare.align import MAX_SENTENCES_PER_ARTICLE, sentence_views_within_budget
    from compare.embed import longest_first, paragraph_sentences, sentence_vectors, view

    english = {a.id: [p.translation.text for p in a.paragraphs] for a in processed}
    # Sentences align would leave out (a very long article, a very large set) are not embedded.
    split = paragraph_sentences(english)
    counts = {a: sum(map(len, paragraphs)) for a, paragraphs in split.items()}
    wanted = sentence_views_within_budget(counts)
    if wanted < (2 if options.cross_lingual else 1):
        log.warning("the set is too large for full sentence matching (an article over %d sentences, or "
                    "%d sentences in all): %s", MAX_SENTENCES_PER_ARTICLE, sum(counts.values()),
                    "paragraphs are aligned without sentence links" if wanted == 0
                    else "sentences of the originals are left out")
    originals = {a.id: [p.text for p in a.paragraphs] for a in processed}
    original_split = paragraph_sentences(originals) if options.cross_lingual and wanted >= 2 else {}
    # The stage's items are the texts embedded, in the order they are done, weighed by their length
    # and by the model's time per character.
    work = [(_paragraphs(english), 1.0), (_sentences(split) if wanted >= 1 else [], 1.0),
            (_paragraphs(originals) if options.cross_lingual else [], CROSS_EMBED_WORK),
            (_sentences(original_split), CROSS_EMBED_WORK)]
    weights = [len(texts[i]) * cost for texts, cost in work for i in longest_first(texts)]
    steps = len(weights)
    stages.start("embed", steps, f"{embedder.model_id}, paragraphs", weights=weights)
    done = 0

    def advance(what: str):
        def step(n: int) -> None:
            nonlocal done
            done += n
            stages.report(done, steps, what)
            stages.check()
        return step

    views = [view(english, embedder, progress=advance(f"{embedder.model_id}, paragraphs"))]
    sentences = {}
    if wanted >= 1:
        sentences["sentences"] = sentence_vectors(english, embedder, split=split,
                                                  progress=advance(f"{embedder.model_id}, sentences"))
    if options.cross_lingual:
        cross = cross_embedder(options, cache)
        views.append(view(originals, cross, progress=advance(f"{cross.model_id}, paragraphs")))
        if wanted >= 2:
            sentences["original_sentences"] = sentence_vectors(
                originals, cross, split=original_split, progress=advance(f"{cross.model_id}, sentences"))
    stages.finish(steps)
    return views, sentences


def _paragraphs(by_article: Mapping[str, Sequence[str]]) -> list[str]:
    """A paragraph view's texts, in the order `view` takes them."""
    return [text for texts in by_article.values() for text in texts]


def _sentences(split: Mapping[str, Sequence[Sequence[str]]]) -> list[str]:
    """A sentence view's texts, in the order `sentence_vectors` takes them."""
    return [s for paragraphs in split.values() for sentences in paragraphs for s in sentences]
