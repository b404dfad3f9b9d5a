"""The status line gives way in a narrow terminal, and never loses the counts."""

from __future__ import annotations

from tui.widgets.status_bar import Status, status_line


def busy(**changes) -> Status:
    """A status with everything on: a filter, a search, marks, from the cache."""
    fields = dict(anchor="Агентство «Российские Новости» (ru)", translated=True, kind="framing",
                  min_strength=0.5, query="Power of Siberia pipeline", shown=3, total=32, cached=True,
                  marked=2)
    return Status(**{**fields, **changes})


def test_a_wide_terminal_gets_the_whole_line():
    line = status_line(busy(), width=200).plain
    assert line == ("anchor Агентство «Российские Новости» (ru)  │  English  │  filter framing ≥0.50  │  "
                    "search “Power of Siberia pipeline”  │  3/32 groups  │  ⚑ 2 marked  │  from cache")
    assert status_line(busy(), width=None).plain == line


def test_at_80_columns_the_counts_stay_and_the_names_are_cut():
    line = status_line(busy(), width=78)
    assert line.cell_len <= 78
    assert line.plain.endswith("3/32 groups │ ⚑ 2 marked")
    assert "from cache" not in line.plain
    assert "framing ≥0.50" in line.plain
    assert "Агентс" in line.plain and "…" in line.plain


def test_narrow_separators_come_before_dropping_anything():
    whole = status_line(busy(query=""), width=None)
    narrow = status_line(busy(query=""), width=whole.cell_len - 1)
    assert narrow.plain.endswith("⚑ 2 marked │ from cache")
    assert "Агентство «Российские Новости» (ru)" in narrow.plain


def test_the_query_is_cut_when_the_anchor_cannot_give_more():
    line = status_line(busy(anchor="Wire (en)", query="x" * 60), width=78)
    assert line.cell_len <= 78
    assert "Wire (en)" in line.plain
    assert "“xxxxxxx" in line.plain and "…”" in line.plain
    assert line.plain.endswith("⚑ 2 marked")


def test_wide_characters_are_counted_in_cells():
    line = status_line(busy(anchor="华辰通讯社华辰通讯社华辰通讯社 (zh)"), width=70)
    assert line.cell_len <= 70
    assert line.plain.endswith("⚑ 2 marked")


def test_markup_in_a_query_is_text():
    line = status_line(busy(query="[b]bold[/b]"), width=None)
    assert "“[b]bold[/b]”" in line.plain


def test_the_final_comparisons_stage_is_said_once_all_is_in_english():
    finishing = busy(provisional=True, translating=0, finishing="embed", eta=30.0)
    assert "⧗ provisional: all in English, final groups: embedding, under a minute left" in \
        status_line(finishing, width=250).plain
    assert "⧗ embedding ~under a minute" in status_line(finishing, width=80).plain
    done = busy(provisional=False, translating=0, finishing="diverge")
    assert "final groups" not in status_line(done, width=250).plain
