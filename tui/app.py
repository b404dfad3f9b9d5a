"""The Parallax terminal UI: `make_app()` is shared by the CLI and the tests."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Header, Label
from textual.worker import Worker, WorkerState

from compare.types import ArticleSet, Cancelled, Comparison

from tui import engine
from tui.app_streaming import StreamingApp
from tui.engine import CheckCached, LoadCached, LoadSet, Render, RunPipeline, RunStream
from tui.messages import ComparisonReady, PipelineProgress, PipelineStarted, SetLoaded, TranslationUpdate
from tui.sanitize import clean, one_line
from tui.widgets.key_footer import KeyFooter

log = logging.getLogger(__name__)

class ParallaxApp(StreamingApp, App[None]):
    """Compare how outlets in different languages cover one event."""

    CSS_PATH = "app.tcss"
    TITLE = "Parallax"
    BINDINGS = [
        Binding("q", "quit", "Quit", tooltip="Quit Parallax", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?", tooltip="This list of keys",
                id="app.help"),
    ]

    def __init__(
        self,
        path: str | None = None,
        *,
        run_pipeline: RunPipeline | None = None,
        load_cached: LoadCached | None = None,
        check_cached: CheckCached | None = None,
        load_set: LoadSet | None = None,
        render_report: Render | None = None,
        corpora_dir: str | Path | None = None,
        options: Any = None,
        export_dir: str | Path | None = None,
        stream: RunStream | None = None,
        article_set: ArticleSet | None = None,
    ) -> None:
        super().__init__()
        self.start_path = path
        # The set at `path` as the CLI loaded and checked it: its stored comparison is read on the
        # spot after the first frame, and its main view drawn next, with no worker in between.
        self._given_set = article_set
        self._run_pipeline = run_pipeline or engine.run
        self._load_cached = load_cached if load_cached is not None else (
            engine.load_cached if run_pipeline is None else None)
        self._check_cached = check_cached if check_cached is not None else (
            engine.check_cached if run_pipeline is None else None)
        self._load_set = load_set or engine.load_set
        self._render = render_report or engine.render
        # Translation streamed in behind a provisional comparison (`compare.stream.run`); None: the
        # pipeline runs whole behind the loading screen.
        self._stream = stream if stream is not None else (engine.stream if run_pipeline is None else None)
        self.corpora_dir = Path(corpora_dir) if corpora_dir else None  # None: found when the picker opens
        self.options = options
        self.export_dir = Path(export_dir) if export_dir else Path.cwd()
        self.cancel_event = threading.Event()
        self.comparison: Comparison | None = None
        self.article_set: ArticleSet | None = None
        self.loading_path: str | None = None
        self.started = time.perf_counter()
        self.timings: dict[str, float] = {}

    # -- base screen --------------------------------------------------------

    def compose(self) -> ComposeResult:
        bare = self._given_set is not None  # a set likely stored: its main view follows this frame at once
        if not bare:
            yield Header()
        with Middle():
            with Center():
                message = "Opening…" if not self.start_path else f"Opening {one_line(self.start_path)}…"
                yield Label(Text(message), id="opening")
        if not bare:
            yield KeyFooter()

    def on_mount(self) -> None:
        # Paint first, then start the worker: its imports would otherwise
        # compete for the GIL with the first frame.
        self.call_after_refresh(self._first_paint)

    def _first_paint(self) -> None:
        self.timings.setdefault("first_paint", time.perf_counter() - self.started)
        self.timings.setdefault("first_paint_cpu", time.process_time())
        if self._given_set is not None and self.start_path and self._open_stored(self._given_set):
            return
        if self.start_path:
            self.open_set(self.start_path)
        else:
            self.show_picker()

    def _open_stored(self, article_set: ArticleSet) -> bool:
        """Show the stored comparison of a set already loaded, read here rather than in the worker;
        False when there is none (or reading it failed): the set is then opened as any other."""
        from tui.screens.main import MainScreen

        self._given_set = None
        if self._load_cached is None:
            return False
        began = time.perf_counter()
        extra = {} if self.options is None else {"options": self.options}
        try:
            cached = self._load_cached(article_set, **extra)
        except Exception:  # a broken cache must never stop a fresh run
            log.exception("reading the cached comparison failed; running the pipeline")
            return False
        if cached is None:
            return False
        self.loading_path = self.start_path
        self.on_set_loaded(SetLoaded(article_set))
        self.comparison = cached
        self.timings["worker"] = time.perf_counter() - began
        self.timings["ready"] = time.perf_counter() - self.started
        self._present(MainScreen(cached, cached=True))
        self.call_after_refresh(self._opened, cached)
        return True

    # -- navigation ---------------------------------------------------------

    def _present(self, screen: Screen) -> None:
        """Show `screen` in place of whatever is on top of the base screen."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_picker(self, error: str | None = None) -> None:
        from tui.screens.set_picker import SetPickerScreen

        picker = SetPickerScreen(self.corpora_dir or _default_corpora(), error, can_go_back=self.comparison is not None)

        def chosen(path: str | None) -> None:
            if path:
                self.open_set(path)

        if len(self.screen_stack) > 1 and not self.comparison:
            while len(self.screen_stack) > 1:
                self.pop_screen()
        self.push_screen(picker, chosen)

    def open_set(self, path: str, *, use_cached: bool = True) -> None:
        self.cancel_event.set()  # a translation still running for the set shown stops (its work is kept)
        self._end_streaming()
        self.cancel_event = threading.Event()
        self.loading_path = path
        self._worker = self._load(path, self.cancel_event, use_cached)

    def action_open_set(self) -> None:
        self.show_picker()

    # -- the pipeline worker ------------------------------------------------

    @work(thread=True, exclusive=True, group="pipeline", exit_on_error=False)
    def _load(self, path: str, cancel: threading.Event, use_cached: bool = True) -> Comparison:
        began = time.perf_counter()
        article_set = self._load_set(path)
        self.post_message(SetLoaded(article_set))
        # Options only when given here: the CLI passes engine functions with
        # their options already bound (functools.partial).
        extra = {} if self.options is None else {"options": self.options}
        if self._load_cached is not None and use_cached:
            try:
                cached = self._load_cached(article_set, **extra)
            except Exception:  # a broken cache must never stop a fresh run
                log.exception("reading the cached comparison failed; running the pipeline")
                cached = None
            if cached is not None:
                self.post_message(ComparisonReady(cached, cached=True, seconds=time.perf_counter() - began))
                return cached
        if cancel.is_set():
            raise Cancelled()
        self.post_message(PipelineStarted(article_set))
        progress = lambda progress: self.post_message(PipelineProgress(progress))  # noqa: E731
        if self._stream is not None:
            from compare.stream import ReadingOrder

            self._order = ReadingOrder()
            comparison = self._stream(
                article_set, **extra, progress=progress, cancel=cancel, order=self._order,
                on_update=lambda update: None if update.final else self.post_message(TranslationUpdate(update, cancel)))
        else:
            comparison = self._run_pipeline(article_set, **extra, progress=progress, cancel=cancel)
        self.post_message(ComparisonReady(comparison, cached=False, seconds=time.perf_counter() - began))
        return comparison

    def on_set_loaded(self, message: SetLoaded) -> None:
        self.article_set = message.article_set
        problems = message.article_set.problems
        if problems:
            shown = "\n".join(clean(str(p)) for p in problems[:4])
            more = f"\n… and {len(problems) - 4} more" if len(problems) > 4 else ""
            self.notify(f"{len(problems)} problem(s) in the set:\n{shown}{more}",
                        title="Article set", severity="warning", timeout=12, markup=False)

    def on_pipeline_started(self, message: PipelineStarted) -> None:
        from tui.screens.loading import LoadingScreen

        self._present(LoadingScreen(message.article_set, self.cancel_event))

    def on_pipeline_progress(self, message: PipelineProgress) -> None:
        from tui.screens.loading import LoadingScreen

        if not self.screen_stack:  # closing: a last report from the worker
            return
        if isinstance(self.screen, LoadingScreen):
            self.screen.update_progress(message.progress)
        elif self.streaming and self._live is not None:
            from tui.screens.streaming import Translating

            p = message.progress
            if p.stage == "translate":
                self._live.set_translating(Translating(left=p.total - p.done, total=p.total, eta=p.eta))
            elif p.stage in ("embed", "align", "diverge") and self._live.translating is not None:
                # All in English: the final comparison's stage and its time left.
                self._live.set_translating(replace(self._live.translating, left=0, eta=p.eta, finishing=p.stage))

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        from tui.screens.main import MainScreen

        self.comparison = message.comparison
        self.timings["worker"] = message.seconds
        self.timings["ready"] = time.perf_counter() - self.started
        if self.streaming and self._live is not None:  # the last paragraph landed: the final comparison
            live, self._live = self._live, None
            self._end_streaming()
            live.set_translating(None)
            live.replace_comparison(message.comparison)
            self.notify("Every paragraph is in English: the comparison is final.", title="Translated", timeout=4)
            self.call_after_refresh(self._opened)
            return
        self._live = None
        self._present(MainScreen(message.comparison, cached=message.cached))
        self.call_after_refresh(self._opened, message.comparison if message.cached else None)

    def _opened(self, cached: Comparison | None = None) -> None:
        self.timings.setdefault("full_open", time.perf_counter() - self.started)
        self.timings.setdefault("full_open_cpu", time.process_time())
        if cached is not None and self._check_cached is not None and self.loading_path:
            self._check(cached, self.loading_path)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, comparison: Comparison, path: str) -> None:
        """A stored comparison is shown at once; this asks afterwards whether today's
        translators would redo any of its translations, and if so compares again."""
        extra = {} if self.options is None else {"options": self.options}
        try:
            current = self._check_cached(comparison, **extra)
        except Exception:  # the check is a courtesy: the comparison shown stays
            log.exception("checking the stored translations failed")
            return
        if not current:
            self.call_from_thread(self._recompare, comparison, path)

    def _recompare(self, shown: Comparison, path: str) -> None:
        if self.comparison is not shown:  # another set was opened meanwhile
            return
        self.notify("Some stored translations would be made differently now (a newer translator): "
                    "comparing the set again.", title="Translations changed", timeout=8)
        self.open_set(path, use_cached=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place pipeline errors and cancellation are handled."""
        if event.worker.group != "pipeline" or event.state != WorkerState.ERROR:
            return
        if event.worker is not getattr(self, "_worker", event.worker):
            return  # the run of a set the reader left for another: stopped on purpose
        error = event.worker.error
        if isinstance(error, Cancelled) and self.streaming and self._live is not None:
            left = self._live.translating.left if self._live.translating else 0
            self._end_streaming(stopped=True)
            self.notify(f"Translation stopped: {left} paragraph(s) stay as written. What was translated is kept; "
                        "open the set again to go on.", title="Stopped", timeout=8)
        elif isinstance(error, Cancelled):
            self.notify("Cancelled. Finished work is kept in the cache.", title="Stopped")
            if self.comparison is None:
                self.show_picker()
            else:
                self._present_existing()
        elif engine.is_set_error(error):
            self.show_picker(clean(str(error)))
        else:
            log.error("pipeline failed", exc_info=error)
            text = f"{type(error).__name__}: {clean(str(error))}"
            self.notify(text, title="Comparison failed", severity="error", timeout=15, markup=False)
            if self.streaming and self._live is not None:
                self._end_streaming(stopped=True)  # the provisional comparison stays, as far as it got
            elif self.comparison is None:
                self.show_picker(f"Could not compare {one_line(self.loading_path or '')}: {text}")
            else:
                self._present_existing()

    def _present_existing(self) -> None:
        from tui.screens.main import MainScreen

        assert self.comparison is not None
        self._present(MainScreen(self.comparison))

    # -- actions ------------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen
        from tui.screens.main import MainScreen
        from tui.widgets.aligned_grid import AlignedGrid

        if self.screen.__class__.__name__ == "HelpScreen":
            self.pop_screen()
            return
        grid_keys = [
            Binding("up,down", "", "Move between groups"),
            Binding("left,right", "", "Scroll the outlet columns"),
            Binding("enter", "", "Open / close the detail pane"),
        ]
        from tui.screens.correcting import BINDINGS as correcting

        sections = [
            ("Grid", grid_keys),
            ("Comparison", [b for b in MainScreen.BINDINGS if b not in correcting]),
            ("Anywhere", list(self.BINDINGS) + [Binding("ctrl+p", "", "Command palette: every action")]),
            ("Corrections", list(correcting)),
        ]
        del AlignedGrid
        self.push_screen(HelpScreen(sections))

    def action_export(self, fmt: str | None = None, marked: Mapping[int, str] | None = None,
                      comparison: Comparison | None = None) -> None:
        """`marked`: the reader's marks, group id -> note; `comparison`: as the reader corrected it
        (the main screen keeps both)."""
        from tui.screens.export import ExportScreen

        comparison = comparison or self.comparison
        if comparison is None:
            self.notify("Nothing to export yet.", severity="warning")
            return

        def done(path: Path | None) -> None:
            if path is not None:
                self.notify(f"Exported to {path}", title="Export", markup=False)

        self.push_screen(ExportScreen(comparison, self._render, self.export_dir, fmt or "json",
                                      marked=marked), done)

    def action_quit(self) -> None:  # type: ignore[override]
        self.cancel_event.set()
        self.exit()

    def on_unmount(self) -> None:
        self.cancel_event.set()

    # -- command palette ----------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from tui import view
        from tui.screens.main import MainScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand("Open an article set", "Choose another set to compare", self.action_open_set)
        yield SystemCommand("Help: keys", "List every key", self.action_help)
        if not isinstance(screen, MainScreen):
            return
        yield SystemCommand("Toggle original / English", "Show the original texts or the translations",
                            screen.action_toggle_text)
        yield SystemCommand("Next anchor article", "Order rows by the next article", screen.action_next_anchor)
        names = view.outlet_names(screen.comparison.articles)
        for article in screen.comparison.articles:
            yield SystemCommand(
                f"Anchor: {names[article.id]} ({article.language.lang})",
                "Order rows by this article's reading order",
                lambda a=article.id: screen.set_anchor(a), discover=False)
        yield SystemCommand("Detail pane", "Open or close the selected group's detail", screen.action_toggle_detail)
        yield SystemCommand("Next divergence", "Jump to the next group that diverges", screen.action_next_divergence)
        yield SystemCommand("Previous divergence", "Jump to the previous group that diverges",
                            screen.action_previous_divergence)
        yield SystemCommand("Search", "Search all texts", screen.action_search)
        yield SystemCommand("Filter…", "Filter by divergence kind and strength", screen.action_filter)
        for kind in view.KINDS:
            yield SystemCommand(f"Filter: {kind}", f"Show only groups with a {kind} divergence",
                                lambda k=kind: screen.set_filter(k, screen.min_strength))
        yield SystemCommand("Filter: strong divergences (≥ 0.5)", "Any kind, strength 0.5 or more",
                            lambda: screen.set_filter(None, 0.5))
        yield SystemCommand("Clear filter", "Show every group", lambda: screen.set_filter(None, 0.0))
        yield SystemCommand("Mark / unmark the group", "Keep the selected group as a finding (key m)",
                            screen.action_toggle_mark)
        yield SystemCommand("Note on the group", "Write why the selected group is a finding (key M; marks it)",
                            screen.action_note)
        yield SystemCommand("Show marked groups only", "The groups marked with m, alone (Escape: all again)",
                            screen.show_only_marked)
        yield SystemCommand("Move a paragraph to another group", "Correct the alignment: the selected group's "
                            "paragraph goes to another group or one of its own (key g)", screen.action_move_paragraph)
        yield SystemCommand("Split the group", "Correct the alignment: choose the paragraphs that leave the "
                            "selected group (key x)", screen.action_split_group)
        yield SystemCommand("Join with another group", "Correct the alignment: another group joins the selected "
                            "one (key j)", screen.action_join_group)
        yield SystemCommand("Undo the last correction", "The alignment as it was before the last move, split or "
                            "join (key u)", screen.action_undo_correction)
        yield SystemCommand("Overview", "Emphasis per outlet, omissions, unique content", screen.action_overview)
        for fmt, label in (("json", "JSON"), ("markdown", "Markdown"), ("html", "HTML")):
            yield SystemCommand(f"Export {label}", f"Write the comparison as {label}",
                                lambda f=fmt: screen.action_export(f))


def _default_corpora() -> Path:
    """Where the picker looks for sets: ./corpora, else the working folder when it holds
    sets (`parallax import my-set ...` writes one there), else the sample sets shipped here."""
    from tui.screens.set_picker import is_set_folder

    here = Path.cwd()
    if (here / "corpora").is_dir():
        return here / "corpora"
    if any(is_set_folder(child) for child in here.iterdir()):
        return here
    return Path(__file__).resolve().parent.parent / "corpora"


def make_app(
    path: str | None = None,
    *,
    run_pipeline: RunPipeline | None = None,
    load_cached: LoadCached | None = None,
    check_cached: CheckCached | None = None,
    load_set: LoadSet | None = None,
    corpora_dir: str | Path | None = None,
    render_report: Render | None = None,
    options: Any = None,
    export_dir: str | Path | None = None,
    stream: RunStream | None = None,
    article_set: ArticleSet | None = None,
) -> ParallaxApp:
    """Build the app. Engine functions default to the real ones, imported lazily.

    Tests pass fakes: `run_pipeline(article_set, *, options, progress, cancel)`,
    `load_cached(article_set, options) -> Comparison | None`, `load_set(path)`,
    `render_report(comparison, fmt) -> str`, `check_cached(comparison, options) -> bool`
    (run after a stored comparison is shown: False compares the set again), and `stream(article_set, *,
    options, progress, cancel, order, on_update) -> Comparison` (translation streamed in behind
    provisional comparisons, `compare.stream.run`). `article_set`: the set at `path`, already loaded
    (the CLI checks it before the app starts); its stored comparison is then read without a worker.
    """
    return ParallaxApp(
        path,
        run_pipeline=run_pipeline,
        load_cached=load_cached,
        check_cached=check_cached,
        load_set=load_set,
        render_report=render_report,
        corpora_dir=corpora_dir,
        options=options,
        export_dir=export_dir,
        stream=stream,
        article_set=article_set,
    )
