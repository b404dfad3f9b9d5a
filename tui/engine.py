"""The engine functions the app calls unless a caller hands it others (tests pass fakes).

Each imports `compare` only when first called (inside the worker thread), so
that starting the UI never pays for torch or the models.
"""

from __future__ import annotations

from typing import Any, Callable

from compare.types import ArticleSet, Comparison

RunPipeline = Callable[..., Comparison]
LoadCached = Callable[..., "Comparison | None"]
CheckCached = Callable[..., bool]
LoadSet = Callable[[str], ArticleSet]
Render = Callable[[Comparison, str], str]
RunStream = Callable[..., Comparison]


def load_set(path: str) -> ArticleSet:
    from compare.corpus import load_article_set

    return load_article_set(path)


def load_cached(article_set: ArticleSet, options: Any = None) -> Comparison | None:
    from compare import pipeline

    return pipeline.load_cached(article_set, options, check_translations=False)  # asked once the view is drawn


def check_cached(comparison: Comparison, options: Any = None) -> bool:
    from compare import pipeline

    return pipeline.translations_current(comparison, options)


def run(article_set: ArticleSet, **kwargs: Any) -> Comparison:
    from compare import pipeline

    return pipeline.run(article_set, **kwargs)


def stream(article_set: ArticleSet, **kwargs: Any) -> Comparison:
    from compare import stream as streaming

    return streaming.run(article_set, **kwargs)


def render(comparison: Comparison, fmt: str) -> str:
    from compare import report

    return report.render(comparison, fmt)


def is_set_error(error: BaseException) -> bool:
    from compare.corpus import SetError

    return isinstance(error, SetError)
