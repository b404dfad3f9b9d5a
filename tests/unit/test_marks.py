"""Marks: groups a reader keeps as findings, saved per set and found again after a new comparison."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

import pytest

from compare import marks
from compare.report import render, to_dict
from compare.types import (
    Article, ArticleSet, Comparison, Group, LanguageGuess, Paragraph, ProcessedArticle, ProcessedParagraph, Translation,
)
from tui.__main__ import main


def comparison(path: str, groups: tuple[Group, ...]) -> Comparison:
    return Comparison(set=ArticleSet(path=path, title="Set", articles=()), articles=(), groups=groups)


GROUPS = (
    Group(0, (("en", (0,)), ("ru", (1,))), 0.9),
    Group(1, (("en", (1,)), ("ru", (0,))), 0.8),
    Group(2, (("en", (2,)),), 0.0),
)


def test_marks_are_kept_per_set_and_read_back(tmp_path):
    here, there = comparison(str(tmp_path / "a"), GROUPS), comparison(str(tmp_path / "b"), GROUPS)
    marks.save(here, {1: "", 2: "Only the wire names the figure."})
    assert marks.load(here) == {1: "", 2: "Only the wire names the figure."}
    assert marks.load(there) == {}  # another set has its own
    marks.save(here, {})
    assert marks.load(here) == {}


def test_a_mark_follows_its_paragraphs_when_the_groups_are_numbered_anew(tmp_path, caplog):
    before = comparison(str(tmp_path / "a"), GROUPS)
    marks.save(before, {1: "note", 2: ""})
    # compared again: the group of en ¶2 is now number 7, and en ¶3 is gone
    after = comparison(str(tmp_path / "a"), (Group(7, (("ru", (0,)), ("en", (1,))), 0.8), GROUPS[0]))
    with caplog.at_level(logging.WARNING):
        assert marks.load(after) == {7: "note"}
    assert "1 marked group(s)" in caplog.text


def test_two_marks_that_land_in_one_group_keep_both_notes(tmp_path):
    before = comparison(str(tmp_path / "a"), GROUPS)
    marks.save(before, {0: "first", 1: "second"})
    merged = comparison(str(tmp_path / "a"), (Group(0, GROUPS[0].members + GROUPS[1].members, 0.7), GROUPS[2]))
    assert marks.load(merged) == {0: "first; second"}


def test_an_unreadable_marks_file_is_read_as_no_marks(tmp_path, caplog):
    here = comparison(str(tmp_path / "a"), GROUPS)
    path = marks.save(here, {0: ""})
    path.write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert marks.load(here) == {}
    assert "cannot be read" in caplog.text
    assert marks.save(here, {0: ""}) == path and marks.load(here) == {0: ""}


def test_a_set_with_no_folder_keeps_no_marks():
    assert marks.save(comparison("", GROUPS), {0: ""}) is None
    assert marks.load(comparison("", GROUPS)) == {}


def with_articles(base: Comparison) -> Comparison:
    def processed(article_id: str, lang: str, texts: list[str]) -> ProcessedArticle:
        article = Article(id=article_id, outlet=article_id, title="T",
                          paragraphs=tuple(Paragraph(i, t) for i, t in enumerate(texts)))
        return ProcessedArticle(article, LanguageGuess(lang, 1.0), tuple(
            ProcessedParagraph(i, t, lang, 1.0, Translation(text=t, model="m")) for i, t in enumerate(texts)))

    return replace(base, articles=(processed("en", "en", ["One.", "Two.", "Three."]),
                                   processed("ru", "ru", ["Два.", "Один."])))


def test_reports_star_the_marked_groups_or_hold_only_them(tmp_path):
    note = "Only <b>one</b> outlet says *this*"
    whole = marks.with_marks(with_articles(comparison(str(tmp_path), GROUPS)), {1: note})
    data = to_dict(whole)
    assert [g["marked"] for g in data["groups"]] == [False, True, False]
    assert data["groups"][1]["note"] == note and "note" not in data["groups"][0]
    assert data["marked"] == [1] and "selection" not in data
    markdown = render(whole, "markdown")
    assert "### ⚑ Group 1" in markdown and "### Group 0" in markdown
    assert "> ⚑ Only \\<b\\>one\\</b\\> outlet says \\*this\\*" in markdown  # the note is text, not markup
    assert "<em>Only &lt;b&gt;one&lt;/b&gt; outlet says *this*</em>" in render(whole, "html")
    only = marks.only_marked(whole, {1: note})
    data = to_dict(only)
    assert [g["id"] for g in data["groups"]] == [1]
    assert data["selection"] == "The 1 group marked in Parallax, of 3."
    assert "The 1 group marked in Parallax, of 3." in render(only, "markdown")
    assert "The 1 group marked in Parallax, of 3." in render(only, "html")


@pytest.fixture
def stored(monkeypatch, tmp_path):
    """`parallax report` on a stored comparison of the sample set's folder, with three groups."""
    sample = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024")
    found = comparison(sample, GROUPS)
    monkeypatch.setattr("compare.pipeline.load_cached", lambda article_set, options=None: found)
    return found


def test_report_marked_gives_only_the_marked_groups(stored, tmp_path):
    marks.save(stored, {2: ""})
    out = tmp_path / "found.json"
    assert main(["report", stored.set.path, "--marked", "-o", str(out)]) == 0
    assert [g["id"] for g in json.loads(out.read_text(encoding="utf-8"))["groups"]] == [2]
    whole = tmp_path / "all.json"
    assert main(["report", stored.set.path, "-o", str(whole)]) == 0
    assert [g["marked"] for g in json.loads(whole.read_text(encoding="utf-8"))["groups"]] == [False, False, True]


def test_report_marked_with_nothing_marked_says_how_to_mark(stored, tmp_path, capsys):
    assert main(["report", stored.set.path, "--marked", "-o", str(tmp_path / "x.json")]) == 2
    assert "mark them in the UI with m" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
    marks.save(stored, {})  # marks kept once, all taken back since
    assert main(["report", stored.set.path, "--marked", "-o", str(tmp_path / "x.json")]) == 2
    assert "mark them in the UI with m" in capsys.readouterr().err


def test_report_marked_with_nothing_marked_fails_before_comparing(stored, monkeypatch, capsys):
    def never(*a, **kw):
        raise AssertionError("compared first")

    monkeypatch.setattr("compare.pipeline.load_cached", lambda article_set, options=None: None)
    monkeypatch.setattr("compare.pipeline.run", never)
    assert main(["report", stored.set.path, "--marked"]) == 2
    assert "mark them in the UI with m" in capsys.readouterr().err
