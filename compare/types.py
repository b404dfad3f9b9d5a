"""Plain, frozen data that flows between the stages of the engine.

Every stage takes and returns these types; none of them holds a model or a
file handle, so a Comparison can be cached, serialised and shown by the UI
without importing anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Literal, Mapping, get_args

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, said so that a user can fix it."""

    path: str
    message: str
    hint: str = ""
    line: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass(frozen=True)
class Paragraph:
    """One blank-line-separated block of an article body, as written, or a passage Parallax cut from one."""

    index: int
    text: str
    line: int = 0  # 1-based line in the source file where the paragraph starts
    # For a passage Parallax cut out of a longer block: that block's index
    # among the blocks as written. None for a block as written.
    block: int | None = None

    @property
    def cut(self) -> bool:
        return self.block is not None


@dataclass(frozen=True)
class Article:
    id: str  # the file stem
    outlet: str
    paragraphs: tuple[Paragraph, ...]
    title: str = ""
    url: str = ""
    date: str = ""
    declared_lang: str | None = None
    path: str = ""
    encoding: str = "utf-8"

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class ArticleSet:
    path: str
    title: str
    articles: tuple[Article, ...]
    event: str = ""
    date: str = ""
    description: str = ""
    glossary: Mapping[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    def article(self, article_id: str) -> Article:
        return _by_id(self.articles, article_id)


@dataclass(frozen=True)
class LanguageGuess:
    lang: str  # ISO 639-1 ("en", "ru", "zh", ...) or "und" when unknown
    confidence: float
    script: str = ""  # dominant script: "Latin", "Cyrillic", "Han", ... or ""
    declared: str | None = None
    disagrees: bool = False  # declared language differs from the detected one


@dataclass(frozen=True)
class Translation:
    text: str
    model: str  # the translator's model id ("identity" for English)
    flagged: bool = False  # output failed a guard and is shown with a warning
    note: str = ""  # why it was flagged, in words
    # For a flagged translation: the version of the backend's retry (its
    # stricter prompt and hints) that could not fix it; 0 when not recorded.
    # A backend whose retry has improved since translates it again.
    retry_version: int = 0
    sentences: tuple[tuple[str, str], ...] = ()  # (source, english) where known
    # Not English yet: `text` is the original, shown while the paragraph is being translated
    # (`compare.provisional`). A stored comparison never holds one.
    pending: bool = False


@dataclass(frozen=True)
class ProcessedParagraph:
    index: int
    text: str
    lang: str
    lang_confidence: float
    translation: Translation
    block: int | None = None  # as Paragraph.block

    @property
    def cut(self) -> bool:
        return self.block is not None


@dataclass(frozen=True)
class ProcessedArticle:
    article: Article
    language: LanguageGuess
    paragraphs: tuple[ProcessedParagraph, ...]

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True, order=True)
class ParagraphRef:
    article: str
    index: int


@dataclass(frozen=True)
class Link:
    """Two paragraphs of different articles judged to report the same thing."""

    a: ParagraphRef
    b: ParagraphRef
    score: float  # the aligner's confidence in [0, 1]


@dataclass(frozen=True)
class Evidence:
    article: str
    paragraph: int
    span: str  # the words on this side that the divergence is about


DivergenceKind = Literal["omission", "possible", "facts", "framing", "emphasis", "tone", "unique"]
# Every kind of divergence, in the order the screens list them: one module of `compare.diverge` per
# kind, and "unique", an article's content no other outlet carries (per article only).
DIVERGENCE_KINDS: tuple[DivergenceKind, ...] = get_args(DivergenceKind)


@dataclass(frozen=True)
class Divergence:
    kind: DivergenceKind
    strength: float  # in [0, 1]
    reason: str  # one line a reader can check against the texts
    evidence: tuple[Evidence, ...] = ()
    articles: tuple[str, ...] = ()  # the articles the divergence is about


@dataclass(frozen=True)
class GroupDivergence:
    score: float = 0.0
    items: tuple[Divergence, ...] = ()

    @property
    def kinds(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for item in sorted(self.items, key=lambda d: -d.strength):
            seen.setdefault(item.kind, None)
        return tuple(seen)


def pilcrow(index: int) -> str:
    """A paragraph as a reader counts it, from ¶1 (indices count from 0)."""
    return f"¶{index + 1}"


@dataclass(frozen=True)
class Nearest:
    """An article's paragraph that comes closest to a group the article is not in."""

    article: str
    paragraph: int
    similarity: float  # the aligner's combined cosine to the nearest member of the group

    def describe(self) -> str:
        return f"closest {pilcrow(self.paragraph)}, similarity {self.similarity:.2f}"


@dataclass(frozen=True)
class Group:
    """Paragraphs, from one or more articles, that report the same thing."""

    id: int
    members: tuple[tuple[str, tuple[int, ...]], ...]  # (article id, indices)
    similarity: float  # mean link score inside the group; 0 for a singleton
    links: tuple[Link, ...] = ()
    divergence: GroupDivergence = field(default_factory=GroupDivergence)
    # One per article the group lacks: what a reader checks an omission against.
    closest: tuple[Nearest, ...] = ()
    # Who changed the aligner's group: "the reader" (`compare.corrections`), or "" for nobody.
    corrected_by: str = ""
    # A paragraph of the group is still being translated: framing, facts and tone are not looked
    # for yet (`compare.provisional`).
    provisional: bool = False

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(article for article, _ in self.members)

    def paragraphs_of(self, article_id: str) -> tuple[int, ...]:
        for article, indices in self.members:
            if article == article_id:
                return indices
        return ()


@dataclass(frozen=True)
class Regrouped:
    """A paragraph the reader moved: from the aligner's group `before` to the group `after`."""

    paragraph: ParagraphRef
    before: int
    after: int


@dataclass(frozen=True)
class Comparison:
    set: ArticleSet
    articles: tuple[ProcessedArticle, ...]
    groups: tuple[Group, ...]
    models: Mapping[str, str] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict)
    article_divergences: Mapping[str, tuple[Divergence, ...]] = field(default_factory=dict)
    # A reader's, not the engine's: the groups marked as findings, as (group id, note) pairs with
    # "" for no note (`compare.marks`), and, when the groups are only some of the set's, which
    # ones ("The 3 groups marked in Parallax, of 32.").
    marks: tuple[tuple[int, str], ...] = ()
    selection: str = ""
    # The reader's corrections of the alignment, applied to `groups` (`compare.corrections`).
    corrections: tuple[Regrouped, ...] = ()
    # Groups from the original texts while translation runs (`compare.provisional`); the final
    # comparison, from the English, replaces it when the last paragraph is translated.
    provisional: bool = False

    def article(self, article_id: str) -> ProcessedArticle:
        return _by_id(self.articles, article_id)


@dataclass(frozen=True)
class Progress:
    """A progress report from a long stage; `total` 0 means unknown."""

    stage: str
    done: int
    total: int
    message: str = ""
    eta: float | None = None  # seconds left, when the stage can tell


ProgressCallback = Callable[[Progress], None]


class Cancelled(Exception):
    """Raised inside the pipeline when the caller's cancel event is set."""


def _by_id(articles, article_id: str):
    for article in articles:
        if article.id == article_id:
            return article
    raise KeyError(article_id)
