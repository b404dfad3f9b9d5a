"""The main screen while translation streams in: a newer comparison of the same set replaces the shown one.

A mixin of `MainScreen`. The reader's place, marks, notes and corrections
follow their paragraphs (`compare.regroup`); only the rows that changed are
drawn again; a regrouping says which groups changed, briefly. It also tells
the translating thread which paragraphs the reader needs first
(`reading_order`).
"""

from __future__ import annotations

from dataclasses import dataclass

from compare import regroup
from compare.types import Comparison, ParagraphRef

from tui import view

# How long the groups a regrouping changed keep their ↻ in the grid (seconds).
CHANGED_FOR = 6.0


@dataclass(frozen=True)
class Translating:
    """The translation behind the shown comparison."""

    left: int  # paragraphs not yet in English
    total: int
    eta: float | None = None  # seconds left, when known
    stopped: bool = False  # the reader stopped it (Escape): reopening the set continues it
    # Once every paragraph is in English: the stage the final comparison is at ("embed", "align",
    # "diverge"), `eta` then being that stage's.
    finishing: str = ""


def status_fields(comparison: Comparison, state: Translating | None) -> dict:
    """What the status bar says of the translation (`tui.widgets.status_bar.Status`)."""
    if state is None:
        return {"provisional": comparison.provisional}
    return {"provisional": comparison.provisional, "translating": state.left, "eta": state.eta,
            "stopped": state.stopped, "finishing": state.finishing}


class Streaming:
    """Needs the screen's `comparison`, `grid`, `anchor`, `marked`, `refresh_view`, `refresh_status` and the
    correcting mixin's `init_corrections`."""

    translating: Translating | None = None

    def set_translating(self, state: Translating | None) -> None:
        self.translating = state
        if self.is_mounted:
            self.refresh_status()

    def replace_comparison(self, comparison: Comparison) -> set[int]:
        """Show `comparison` (the same set, more of it in English) in place of the shown one; the ids of
        the groups whose paragraphs changed."""
        before = self.comparison
        current = self.grid.current_group if self.is_mounted else None
        self.comparison = self.init_corrections(comparison)
        self._prepared = False  # the correcting mixin prepares divergences for the new comparison
        changed = regroup.changed_groups(before, self.comparison)
        keep = regroup.follow(before, self.comparison, current.id, self.anchor) if current else None
        if changed:
            self.marked = regroup.carry_marks(before, self.comparison, self.marked)
        if not self.is_mounted:
            return changed
        if changed:
            self.grid.changed = frozenset(changed)
            self.refresh_view(keep_group=keep)
            shown = ", ".join(f"#{gid}" for gid in sorted(changed)[:8]) + (" …" if len(changed) > 8 else "")
            self.notify(f"Regrouped with the English: {len(changed)} group(s) changed ({shown}, marked ↻). "
                        "Your selection, marks and notes followed their paragraphs.",
                        title="Groups refined", timeout=CHANGED_FOR, markup=False)
            self.set_timer(CHANGED_FOR, self._changes_seen)
        else:
            self.refresh_view(keep_group=keep, touched=frozenset(regroup.redrawn_groups(before, self.comparison)))
        return changed

    def _changes_seen(self) -> None:
        seen, self.grid.changed = self.grid.changed, frozenset()
        if seen:
            self.refresh_view(touched=seen)

    def reading_order(self) -> tuple[list[ParagraphRef], list[ParagraphRef]]:
        """The paragraphs in the order the reader needs them: (the selected group's, then the groups on
        screen and every group in the grid's order, the anchor's reading order)."""
        grid = self.grid
        shown = list(grid.groups)
        selected, on_screen = [], []
        if shown:
            row = min(max(grid.cursor_row, 0), len(shown) - 1)
            _, height = grid._geometry()
            top = int(grid.scroll_offset.y // max(1, height))
            rows = max(1, grid.size.height // max(1, height) + 1)
            selected, on_screen = [shown[row]], shown[top:top + rows]
        seen: set[int] = set()

        def refs(groups) -> list[ParagraphRef]:
            out = []
            for group in groups:
                if group.id not in seen:
                    seen.add(group.id)
                    out += [ParagraphRef(article, i) for article, indices in group.members for i in indices]
            return out

        urgent = refs(selected)
        return urgent, refs(on_screen + shown + view.ordered_groups(self.comparison, self.anchor))
