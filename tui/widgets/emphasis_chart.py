"""Emphasis per outlet as bars: share of words per topic, omissions, uniques."""

from __future__ import annotations

from rich.console import Group as RenderGroup
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from compare.overview import OutletOverview, comes_close
from compare.types import Comparison, Group

from tui import palette, view
from tui.sanitize import one_line
from tui.widgets.aligned_grid import lang_tag

BLOCKS = " ▏▎▍▌▋▊▉█"
# A set of thousands of groups (a 1 MB article) would make a chart no reader
# scrolls and take half a minute to draw: the chart shows this many topics,
# those more than one outlet carries first, and the lists name this many groups.
MAX_TOPICS = 200
MAX_LISTED = 25


def shown_topics(groups: list[Group], limit: int = MAX_TOPICS) -> list[Group]:
    """At most `limit` groups, in the order given: those more than one outlet carries first."""
    if len(groups) <= limit:
        return list(groups)
    shared = [g.id for g in groups if len(g.articles) > 1]
    alone = [g.id for g in groups if len(g.articles) <= 1]
    keep = set((shared + alone)[:limit])
    return [g for g in groups if g.id in keep]


def listed(groups: list[Group], describe, limit: int = MAX_LISTED) -> str:
    """`describe(g)` for the first `limit` groups, joined, and how many more there are."""
    text = ", ".join(describe(g) for g in groups[:limit])
    return text + (f", and {len(groups) - limit} more" if len(groups) > limit else "")


def bar(fraction: float, width: int, style: str) -> Text:
    """A horizontal bar `width` cells wide at most, with eighth-cell resolution."""
    fraction = max(0.0, min(1.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = Text("█" * full, style=style, end="")
    if part:
        text.append(BLOCKS[part], style=style)
    if fraction > 0 and not full and not part:
        text.append("▏", style=style)
    return text


class EmphasisChart(Widget):
    """Renders the overview chart for a comparison at the widget's width."""

    DEFAULT_CSS = "EmphasisChart { height: auto; }"

    def __init__(self, comparison: Comparison, groups: list[Group], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.comparison = comparison
        self.groups = groups
        self._stats: list[OutletOverview] | None = None  # computed once: render runs on every resize

    def render(self):
        comparison = self.comparison
        width = max(60, self.size.width or self.app.size.width)
        if self._stats is None:
            self._stats = view.emphasis(comparison)
        stats = self._stats
        names = view.outlet_names(comparison.articles)
        n = max(1, len(stats))
        label_width = max(12, min(34, width // 4))
        # Padding: one cell either side of every column, plus the scrollbar.
        col = max(8, (width - label_width - 2 * (n + 1) - 2) // n)
        bar_width = max(3, col - 5)
        top = max((s for e in stats for s in e.share.values()), default=1.0) or 1.0

        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False,
                      title=Text("Share of each outlet's words per topic (reading order of the anchor)",
                                 style="bold"), title_justify="left")
        table.add_column(Text("topic", style="dim"), width=label_width, no_wrap=True)
        for e in stats:
            head = lang_tag(e.article)
            head.append(" " + names[e.article.id], style="bold")
            head.truncate(col, overflow="ellipsis")
            table.add_column(head, width=col, no_wrap=True)
        shown = shown_topics(self.groups)
        quiet = view.wordless_ids(comparison)
        for group in shown:
            label = Text(f"#{group.id} ", style="dim", end="")
            label.append(view.topic_label(comparison, group, label_width))
            label.truncate(label_width, overflow="ellipsis")
            row = [label]
            wordless = group.id in quiet  # links, figures: nothing to omit or stress
            for e in stats:
                if group.id in e.share:
                    share = e.share[group.id]
                    colour = view.lang_style(e.article.language.lang)
                    cell = bar(share / top, bar_width, colour)
                    cell.append(f" {share:.0%}", style="bold")
                    if len(group.articles) == 1 and not wordless:
                        cell.append("★", style=f"bold {palette.ALONE}")
                    row.append(cell)
                elif wordless:
                    row.append(Text(""))
                elif comes_close(group, e.article.id):  # an omission to check: see the detail pane
                    row.append(Text("· possibly" if col >= 10 else "· maybe", style=f"italic {palette.MAYBE_OMITTED}"))
                else:
                    row.append(Text("· omitted" if col >= 9 else "· omit", style=f"italic {palette.OMITTED}"))
            table.add_row(*row)
        if len(shown) < len(self.groups):
            table.add_row(Text(f"… {len(self.groups) - len(shown)} more topics (single-outlet ones go "
                               "first); the grid shows them all", style="dim italic"))

        summary = Table(box=None, padding=(0, 1), show_edge=False, show_header=False,
                        title=Text("What each outlet carries, omits and alone reports", style="bold"),
                        title_justify="left")
        summary.add_column(width=min(24, label_width))
        summary.add_column(ratio=1)
        wide = max(10, width - min(24, label_width) - 20)
        for e in stats:
            head = lang_tag(e.article)
            head.append(" " + names[e.article.id], style="bold")
            head.truncate(min(24, label_width), overflow="ellipsis")
            body = Text(end="")
            body.append_text(bar(e.shared_share, min(30, wide // 2), palette.SHARED))
            body.append_text(bar(1 - e.shared_share, min(30, wide // 2), palette.ALONE)
                             if e.shared_share < 1 else Text())
            body.append(f"  {e.shared_share:.0%} shared, {1 - e.shared_share:.0%} alone"
                        f", {e.words} words", style="dim")
            body.append("\n")
            body.append(f"omits {len(e.omits)}: ", style=f"bold {palette.OMITTED}")
            body.append(listed(e.omits, lambda g: f"#{g.id} " + view.topic_label(comparison, g, 28))
                        or "nothing the others carry", style="" if e.omits else "dim")
            if e.possibly:
                body.append("\n")
                body.append(f"possibly {len(e.possibly)}: ", style=f"bold {palette.MAYBE_OMITTED}")
                body.append(listed(e.possibly, lambda g: f"#{g.id}? " + view.topic_label(comparison, g, 28)))
            body.append("\n")
            body.append(f"only here {len(e.only_here)}: ", style=f"bold {palette.ALONE}")
            body.append(listed(e.only_here, lambda g: f"#{g.id} " + view.topic_label(comparison, g, 28))
                        or "nothing", style="" if e.only_here else "dim")
            items = comparison.article_divergences.get(e.article.id, ())
            for item in items[:MAX_LISTED]:
                body.append("\n")
                body.append(f" {view.kind_badge(item.kind):<5} ",
                            style=palette.badge(view.kind_style(item.kind)))
                body.append(f" {item.strength:.2f} {one_line(item.reason)}")
            if len(items) > MAX_LISTED:
                body.append(f"\n and {len(items) - MAX_LISTED} more (the exported report lists them all)",
                            style="dim")
            summary.add_row(head, body)
            summary.add_row("", "")
        legend = Text("  ", end="")
        legend.append("█", style=palette.SHARED)
        legend.append(" shared with other outlets   ")
        legend.append("█", style=palette.ALONE)
        legend.append(" only in this outlet   ★ topic no other outlet carries", style="")
        return RenderGroup(table, Text(""), summary, legend)
