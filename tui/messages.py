"""Messages the pipeline worker posts to the app (the only way it reports)."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from compare.types import ArticleSet, Comparison, Progress


class SetLoaded(Message):
    """The article set was read; `problems` may list articles that were skipped."""

    def __init__(self, article_set: ArticleSet) -> None:
        super().__init__()
        self.article_set = article_set


class PipelineStarted(Message):
    """No cached result: the pipeline is running and will report progress."""

    def __init__(self, article_set: ArticleSet) -> None:
        super().__init__()
        self.article_set = article_set


class PipelineProgress(Message):
    """One progress report from a pipeline stage."""

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress


class ComparisonReady(Message):
    """The comparison is finished (from the cache or a fresh run)."""

    def __init__(self, comparison: Comparison, *, cached: bool, seconds: float) -> None:
        super().__init__()
        self.comparison = comparison
        self.cached = cached
        self.seconds = seconds


class TranslationUpdate(Message):
    """A provisional comparison while translation streams in (`compare.stream.Update`): the first one
    is the first screen, later ones have more paragraphs in English. `run` tells runs apart: an update
    of a run the reader left behind is dropped."""

    def __init__(self, update: Any, run: object) -> None:
        super().__init__()
        self.update = update
        self.run = run
