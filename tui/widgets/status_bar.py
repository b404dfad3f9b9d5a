"""One line under the header: anchor, text mode, filter, search, counts."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events
from textual.widgets import Static

from tui import palette, view
from tui.sanitize import one_line

WIDE, NARROW = "  │  ", " │ "
LEAST_NAME = 8  # an anchor name or a search query is shortened to no fewer cells than this


@dataclass(frozen=True)
class Status:
    """What the grid shows right now, as the status line reports it."""

    anchor: str
    translated: bool
    kind: str | None
    min_strength: float
    query: str
    shown: int
    total: int
    cached: bool | None = None
    marked: int = 0
    only_marked: bool = False
    corrected: int = 0  # groups the reader corrected (`compare.corrections`)
    # While translation streams in (`compare.stream`): groups from the originals, paragraphs not yet in
    # English, the seconds left (None: not known yet), and whether the reader stopped it.
    provisional: bool = False
    translating: int | None = None
    eta: float | None = None
    stopped: bool = False
    finishing: str = ""  # once all is in English: the final comparison's stage (embed, align, diverge)


def _shortened(text: str, cells: int) -> str:
    """`text` cut to at most `cells` cells, an ellipsis marking the cut."""
    if Text(text).cell_len <= cells:
        return text
    cut = Text(text)
    cut.truncate(max(cells, 1) - 1)
    return cut.plain + "…"


def status_line(status: Status, width: int | None = None) -> Text:
    """The status line, fitted to `width` cells when it is given.

    When the line is too long, things give way in this order until it fits:
    the wide separators, "from cache", the dim labels ("anchor", "filter",
    "search"), the text mode, the anchor. From the third step on, the search
    query and then the anchor's name are first cut (with an ellipsis, to no
    fewer than `LEAST_NAME` cells) before the next thing goes. The counts of
    groups shown and marked, the filter and the state of a running
    translation (short once the labels go) are always kept.
    """
    whole = _Fit(anchor=one_line(status.anchor), query=one_line(status.query))
    if width is None:
        return _line(status, whole)
    for n, fit in enumerate(_giving_way(whole)):
        line = _line(status, fit)
        for name in ("query", "anchor") if n >= 2 else ():
            excess = line.cell_len - width
            if excess > 0:
                value = getattr(fit, name)
                fit = replace(fit, **{name: _shortened(value, max(LEAST_NAME, Text(value).cell_len - excess))})
                line = _line(status, fit)
        if line.cell_len <= width:
            break
    return line


@dataclass(frozen=True)
class _Fit:
    """How much of the status line is shown."""

    anchor: str
    query: str
    sep: str = WIDE
    cache: bool = True
    labels: bool = True
    mode: bool = True


def _giving_way(fit: _Fit) -> list[_Fit]:
    """The whole line, then each step of `status_line`'s order of giving way."""
    steps = [fit, replace(fit, sep=NARROW)]
    steps.append(replace(steps[-1], cache=False))
    steps.append(replace(steps[-1], labels=False))
    steps.append(replace(steps[-1], mode=False))
    steps.append(replace(steps[-1], anchor=""))
    return steps


def _line(status: Status, fit: _Fit) -> Text:
    text = Text(end="")
    sep = fit.sep

    def label(word: str) -> None:
        if fit.labels:
            text.append(word + " ", style="dim")

    if fit.anchor:
        label("anchor")
        text.append(fit.anchor, style="bold")
        text.append(sep, style="dim")
    if fit.mode:
        text.append("English" if status.translated else "original", style="bold")
        text.append(sep, style="dim")
    if status.kind or status.min_strength > 0:
        label("filter")
        kind = status.kind or "any divergence"
        text.append(kind, style=f"bold {view.kind_style(status.kind) if status.kind else ''}".strip())
        if status.min_strength > 0:
            text.append(f" ≥{status.min_strength:.2f}", style="bold")
        text.append(sep, style="dim")
    if status.only_marked:
        label("showing")
        text.append("⚑ marked only", style=f"bold {palette.MARK}")
        text.append(sep, style="dim")
    if fit.query.strip():
        label("search")
        text.append(f"“{fit.query}”", style=f"bold {palette.MARK}")
        text.append(sep, style="dim")
    text.append(f"{status.shown}/{status.total} groups", style="")
    if status.marked and not status.only_marked:
        text.append(sep, style="dim")
        text.append(f"⚑ {status.marked} marked", style=f"bold {palette.MARK}")
    if status.corrected:
        text.append(sep, style="dim")
        text.append(f"✎ {status.corrected} corrected", style=f"bold {palette.MARK}")
    if status.provisional or status.translating:
        text.append(sep, style="dim")
        text.append_text(translation_state(status, short=not fit.labels))
    if fit.cache and status.cached is not None:
        text.append(sep, style="dim")
        text.append("from cache" if status.cached else "fresh run", style="dim")
    return text


def minutes(seconds: float) -> str:
    """A time left as a reader wants it: "under a minute", "about 4 min", "about 1 h 10 min"."""
    if seconds < 60:
        return "under a minute"
    whole = round(seconds / 60)
    return f"about {whole // 60} h {whole % 60} min" if whole >= 60 else f"about {whole} min"


# What the final comparison is doing, by pipeline stage, once every paragraph is in English.
FINISHING = {"embed": "embedding", "align": "aligning", "diverge": "finding divergences"}


def translation_state(status: Status, short: bool = False) -> Text:
    """"⧗ provisional: 12 ¶ to translate, about 4 min left" (short: "⧗ 12 ¶ ~4 min")."""
    text = Text("⧗ ", style=f"bold {palette.MARK}", end="")
    left = status.translating
    if not left and status.provisional and status.finishing:
        doing = FINISHING.get(status.finishing, status.finishing)
        text.append(doing if short else f"provisional: all in English, final groups: {doing}", style="bold")
        if status.eta is not None:
            text.append(time_left(status.eta, short))
        return text
    if left is None or left == 0:
        text.append("provisional" if status.provisional else "translated", style="bold")
        return text
    if status.stopped:
        text.append(f"{left} ¶ as written" if short else
                    f"provisional: translation stopped, {left} ¶ as written (reopen the set to go on)", style="bold")
        return text
    if short:
        text.append(f"{left} ¶", style="bold")
        if status.eta is not None:
            text.append(time_left(status.eta, short=True))
        return text
    text.append("provisional: " if status.provisional else "", style="bold")
    text.append(f"{left} ¶ to translate", style="bold")
    text.append(time_left(status.eta) if status.eta is not None else ", timing the first")
    return text


def time_left(eta: float, short: bool = False) -> str:
    """", about 4 min left" (short: " ~4 min"), to follow what is being done."""
    return " ~" + minutes(eta).replace("about ", "") if short else f", {minutes(eta)} left"


class StatusBar(Static):
    """Says what the grid is showing right now, in the width it has."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status: Status | None = None
        self._shown: tuple | None = None  # the line shown: the same line again is not laid out again

    def show(self, status: Status) -> None:
        self.status = status
        self._render_status()

    def on_resize(self, event: events.Resize) -> None:
        self._render_status()

    def _render_status(self) -> None:
        if self.status is None:
            return
        width = self.content_size.width or None  # None before the first layout: the whole line
        line = status_line(self.status, width)
        shown = (line.plain, tuple(line.spans), line.style, line.justify, line.overflow, line.no_wrap, line.end)
        if shown == self._shown:
            return
        self._shown = shown
        self.update(line)
