"""The main screen's corrections of the alignment: move a paragraph, split and join groups, undo.

A mixin of `MainScreen`: it keeps the aligner's comparison (`aligned`) and
the reader's corrections, shows `compare.corrections.apply` of the two, and
keeps the corrections beside the marks (`compare.corrections_store`).
"""

from __future__ import annotations

from textual.binding import Binding

from compare import corrections, corrections_store, marks
from compare.corrections import Correction
from compare.types import Comparison, Group, ParagraphRef, pilcrow

from tui import view

BINDINGS = [
    Binding("g", "move_paragraph", "Move ¶", tooltip="Move a paragraph of the selected group to another group, "
            "or to a group of its own (the alignment corrected by the reader)", id="main.move"),
    Binding("x", "split_group", "Split", show=False, tooltip="Split the selected group: choose the paragraphs "
            "that leave it", id="main.split"),
    Binding("j", "join_group", "Join", show=False, tooltip="Join the selected group with another group",
            id="main.join"),
    Binding("u", "undo_correction", "Undo", show=False, tooltip="Undo the last correction of the alignment",
            id="main.undo"),
]


class Correcting:
    """Needs the screen's `comparison`, `marked`, `grid`, `anchor`, `refresh_view` and `_marks_changed`."""

    comparison: Comparison
    marked: dict[int, str]

    def init_corrections(self, aligned: Comparison) -> Comparison:
        """The comparison to show: the aligner's with the set's kept corrections applied."""
        self.aligned = aligned
        shown, loaded = corrections_store.corrected(aligned)
        self.corrections: list[Correction] = list(loaded.corrections)
        self.set_aside = list(loaded.set_aside)
        self.correction_warnings = loaded.warnings
        return shown

    def warn_corrections(self) -> None:
        for warning in self.correction_warnings:
            self.notify(warning, title="Corrections", severity="warning", timeout=12, markup=False)
        self.correction_warnings = ()

    def _picker_groups(self) -> list[Group]:
        """The groups as the grid orders them; meanwhile, a thread prepares the divergences (once)."""
        if not getattr(self, "_prepared", False):
            self._prepared = True
            self.run_worker(lambda: corrections.prepare(self.aligned), thread=True, group="prepare",
                            exit_on_error=False)
        return view.ordered_groups(self.comparison, self.anchor)

    def action_move_paragraph(self) -> None:
        from tui.screens.move import MovePickerScreen, Pick

        group = self.grid.current_group
        if group is None:
            return

        def done(pick: Pick | None) -> None:
            if pick is None or pick.paragraph is None:
                return
            target = None if pick.group is None else self._group_by_id(pick.group)
            to = None if target is None else corrections.first_paragraph(target)
            self.correct(corrections.move(pick.paragraph.article, pick.paragraph.index, to),
                         keep=pick.group, said=f"{self._paragraph_name(pick.paragraph)} moved to "
                         + (f"group #{pick.group}" if pick.group is not None else "a group of its own"))

        self.app.push_screen(MovePickerScreen(self.comparison, group, self._picker_groups()), done)

    def action_split_group(self) -> None:
        from tui.screens.split import SplitScreen

        group = self.grid.current_group
        if group is None:
            return
        if sum(len(indices) for _, indices in group.members) < 2:
            self.notify("This group holds one paragraph: nothing to split.", severity="warning")
            return
        self._picker_groups()  # the divergences are prepared while the reader chooses

        def done(leaving: list[ParagraphRef] | None) -> None:
            if leaving:
                self.correct(corrections.split((r.article, r.index) for r in leaving), keep=group.id,
                             said=f"group #{group.id} split: {', '.join(self._paragraph_name(r) for r in leaving)} left it")

        self.app.push_screen(SplitScreen(self.comparison, group), done)

    def action_join_group(self) -> None:
        from tui.screens.move import MovePickerScreen, Pick

        group = self.grid.current_group
        if group is None:
            return

        def done(pick: Pick | None) -> None:
            other = None if pick is None or pick.group is None else self._group_by_id(pick.group)
            if other is not None:
                self.correct(corrections.join(other, group), keep=group.id,
                             said=f"group #{other.id} joined group #{group.id}")

        self.app.push_screen(MovePickerScreen(self.comparison, group, self._picker_groups(), join=True), done)

    def action_undo_correction(self) -> None:
        if not self.corrections:
            self.notify("No correction to undo.", severity="warning")
            return
        current = self.grid.current_group
        self._regroup(self.corrections[:-1], keep=current.id if current else None, said="The last correction is undone.")

    def correct(self, correction: Correction, *, keep: int | None = None, said: str = "") -> bool:
        """Apply one more correction: the screen shows it at once, and it is kept for next time."""
        return self._regroup([*self.corrections, correction], keep=keep, said=said)

    def _regroup(self, wanted: list[Correction], *, keep: int | None, said: str) -> bool:
        before = self.comparison
        after = corrections.apply(self.aligned, wanted, shown=before)
        if [(g.id, g.members) for g in after.groups] == [(g.id, g.members) for g in before.groups] \
                and len(wanted) > len(self.corrections):
            self.notify("Nothing changes: the groups are so already.", severity="warning")
            return False
        self.corrections = wanted
        carried = marks.carry(before, after, self.marked)
        self.comparison = after
        if carried != self.marked:
            self.marked.clear()
            self.marked.update(carried)
            self._save_marks()
        try:
            corrections_store.save(self.aligned, self.corrections, self.set_aside)
        except OSError as error:
            self.notify(f"The correction is shown but could not be kept for next time: {error}",
                        severity="warning", markup=False)
        changed = frozenset(g.id for g in after.groups if g not in before.groups)
        self.refresh_view(keep_group=keep if keep is not None and self._group_by_id(keep) else None, touched=changed)
        if said:
            self.notify(said, title="Alignment corrected", timeout=4, markup=False)
        return True

    def _save_marks(self) -> None:
        try:
            marks.save(self.comparison, self.marked)
        except OSError as error:
            self.notify(f"The marks could not be kept for next time: {error}", severity="warning", markup=False)

    def _group_by_id(self, group_id: int) -> Group | None:
        return next((g for g in self.comparison.groups if g.id == group_id), None)

    def _paragraph_name(self, ref: ParagraphRef) -> str:
        return f"{view.outlet_names(self.comparison.articles).get(ref.article, ref.article)} {pilcrow(ref.index)}"
