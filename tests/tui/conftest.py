"""A tiny hand-built comparison and a fake pipeline for the UI tests."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time
from typing import Callable

import pytest

from compare.types import (
    Article,
    ArticleSet,
    Cancelled,
    Comparison,
    Divergence,
    Evidence,
    Group,
    GroupDivergence,
    LanguageGuess,
    Nearest,
    Paragraph,
    ProcessedArticle,
    ProcessedParagraph,
    Progress,
    Translation,
)

@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests with asyncio.run (no async plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


# An article paragraph that tries every trick: Rich markup, an ANSI colour, an
# OSC window-title sequence, a bell, a backspace, a NUL and a bidi override.
HOSTILE = (
    "Officials said [bold red]markup[/] stays literal, "
    "\x1b[31mANSI red\x1b[0m and \x1b]0;pwned-title\x07 too\x08\x00 \u202eevil"
)

EN = [
    "Leaders of Russia and China met in Beijing on Thursday and signed a joint statement.",
    "The statement describes a partnership with no limits, and both sides praised it.",
    HOSTILE,
    "Analysts said the invasion of Ukraine overshadowed the talks.",
]
RU = [
    ("Лидеры России и Китая встретились в Пекине в четверг.",
     "The leaders of Russia and China met in Beijing on Thursday."),
    ("Стороны обсудили ход специальной военной операции.",
     "The parties discussed the progress of the special military operation."),
    ("Товарооборот достиг 240 миллиардов долларов.",
     "Trade reached 240 billion dollars."),
]
ZH = [
    ("中俄两国领导人周四在北京会晤。", "Chinese and Russian leaders met in Beijing on Thursday."),
    ("双方称赞两国关系处于历史最好水平。", "Both sides praised relations as the best in history."),
    ("双边贸易额达到2000亿美元。", "Bilateral trade reached 200 billion dollars."),
    ("双方支持多极化世界。", "Both sides support a multipolar world."),
]


def _article(aid: str, outlet: str, lang: str, title: str, texts) -> ProcessedArticle:
    paragraphs = []
    processed = []
    for i, item in enumerate(texts):
        original, english = (item, item) if isinstance(item, str) else item
        paragraphs.append(Paragraph(i, original, line=i * 2 + 4))
        processed.append(ProcessedParagraph(
            index=i, text=original, lang=lang, lang_confidence=0.99,
            translation=Translation(english, "identity" if lang == "en" else "fake-mt"),
        ))
    article = Article(id=aid, outlet=outlet, paragraphs=tuple(paragraphs), title=title,
                      declared_lang=lang, path=f"articles/{aid}.md")
    return ProcessedArticle(article, LanguageGuess(lang, 0.99, declared=lang), tuple(processed))


def build_comparison() -> Comparison:
    en = _article("01-wire-en", "Global Wire", "en", "Putin and Xi meet", EN)
    ru = _article("02-agency-ru", "Agentstvo", "ru", "Встреча в Пекине", RU)
    zh = _article("03-daily-zh", "Daily 日报", "zh", "中俄会晤", ZH)
    article_set = ArticleSet(path="corpora/tiny-summit", title="Tiny summit",
                             articles=(en.article, ru.article, zh.article))
    groups = (
        Group(0, (("01-wire-en", (0,)), ("02-agency-ru", (0,)), ("03-daily-zh", (0,))), 0.91,
              divergence=GroupDivergence(0.2, (
                  Divergence("tone", 0.2, "All three report the meeting in neutral terms.",
                             articles=("01-wire-en", "02-agency-ru", "03-daily-zh")),))),
        Group(1, (("01-wire-en", (1, 2)), ("03-daily-zh", (1,))), 0.74,
              divergence=GroupDivergence(0.7, (
                  Divergence("omission", 0.7, "Agentstvo does not mention the praise for the partnership.",
                             articles=("02-agency-ru",)),
                  Divergence("framing", 0.4, "Global Wire says “no limits”; Daily says “best in history”.",
                             evidence=(Evidence("01-wire-en", 1, "no limits"),
                                       Evidence("03-daily-zh", 1, "best in history")),
                             articles=("01-wire-en", "03-daily-zh")),
              )),
              closest=(Nearest("02-agency-ru", 0, 0.55),)),
        Group(2, (("01-wire-en", (3,)), ("02-agency-ru", (1,))), 0.66,
              divergence=GroupDivergence(0.85, (
                  Divergence("framing", 0.85,
                             "“invasion” in Global Wire vs “special military operation” in Agentstvo.",
                             evidence=(Evidence("01-wire-en", 3, "invasion"),
                                       Evidence("02-agency-ru", 1, "special military operation")),
                             articles=("01-wire-en", "02-agency-ru")),
              )),
              closest=(Nearest("03-daily-zh", 3, 0.31),)),
        Group(3, (("02-agency-ru", (2,)), ("03-daily-zh", (2,))), 0.8,
              divergence=GroupDivergence(0.6, (
                  Divergence("facts", 0.6, "Trade: 240 billion in Agentstvo, 200 billion in Daily.",
                             evidence=(Evidence("02-agency-ru", 2, "240 billion"),
                                       Evidence("03-daily-zh", 2, "200 billion")),
                             articles=("02-agency-ru", "03-daily-zh")),
                  Divergence("omission", 0.5, "Global Wire gives no trade figure.",
                             articles=("01-wire-en",)),
              ))),
        Group(4, (("03-daily-zh", (3,)),), 0.0,
              divergence=GroupDivergence(0.5, (
                  Divergence("unique", 0.5, "Only Daily reports support for a multipolar world.",
                             articles=("03-daily-zh",)),))),
    )
    return Comparison(
        set=article_set,
        articles=(en, ru, zh),
        groups=groups,
        models={"translator": "fake-mt", "embedder": "fake-embed"},
        timings={"detect": 0.01, "translate": 0.02},
        article_divergences={"01-wire-en": (
            Divergence("omission", 0.5, "Leaves out the trade figures.", articles=("01-wire-en",)),)},
    )


async def wait_for(pilot, predicate, timeout: float = 5.0) -> None:
    """Pause until `predicate()` holds; fail after `timeout` seconds, saying which screen is up."""
    waited = 0.0
    while not predicate():
        await pilot.pause(0.05)
        waited += 0.05
        if waited > timeout:
            raise AssertionError(f"timed out; screen is {pilot.app.screen!r}")


@pytest.fixture
def comparison() -> Comparison:
    return build_comparison()


class FakeEngine:
    """Stands in for compare.corpus / compare.pipeline / compare.report."""

    STAGES = ("detect", "translate", "embed", "align", "diverge")

    def __init__(self, comparison: Comparison, *, delay: float = 0.0, steps: int = 2) -> None:
        self.comparison = comparison
        self.delay = delay
        self.steps = steps
        self.runs = 0
        self.cancelled = threading.Event()
        self.progress: list[Progress] = []
        self.rendered: list[str] = []

    def load_set(self, path: str) -> ArticleSet:
        if "missing" in str(path):
            from compare.corpus import SetError  # the engine's own: the app must recognise it

            raise SetError(f"{path}: no such folder (give the path of an article set folder)")
        return self.comparison.set

    def run(self, article_set: ArticleSet, *, options=None,
            progress: Callable[[Progress], None] | None = None,
            cancel: threading.Event | None = None) -> Comparison:
        self.runs += 1
        for stage in self.STAGES:
            for done in range(self.steps + 1):
                if cancel is not None and cancel.is_set():
                    self.cancelled.set()
                    raise Cancelled()
                item = Progress(stage, done, self.steps, message=f"{stage} {done}",
                                eta=(self.steps - done) * self.delay)
                self.progress.append(item)
                if progress:
                    progress(item)
                if self.delay:
                    time.sleep(self.delay)
        return self.comparison

    def render(self, comparison: Comparison, fmt: str) -> str:
        self.rendered.append(fmt)
        if fmt == "json":
            import json

            return json.dumps({"set": {"title": comparison.set.title, "path": comparison.set.path},
                               "groups": [{"id": g.id} for g in comparison.groups]})
        return f"# {comparison.set.title}\n\nformat: {fmt}\n"


@pytest.fixture
def engine(comparison) -> FakeEngine:
    return FakeEngine(comparison)


@pytest.fixture
def make_test_app(engine, tmp_path):
    """make_app wired to the fake engine; corpora and exports under tmp_path."""
    from tui.app import make_app

    def factory(path: str | None = "corpora/tiny-summit", **kwargs):
        params = dict(run_pipeline=engine.run, load_set=engine.load_set,
                      render_report=engine.render, corpora_dir=tmp_path / "corpora",
                      export_dir=tmp_path)
        params.update(kwargs)
        return make_app(path, **params)

    return factory
