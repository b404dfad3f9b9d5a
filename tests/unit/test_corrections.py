"""Corrections of the alignment: replayed by paragraph, recomputed where they touch, kept beside the marks."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from pathlib import Path

import pytest

from compare import corrections, corrections_store, marks
from compare.corrections import Correction, apply, regroup
from compare.diverge import diverge
from compare.overview import per_outlet
from compare.report import render, to_dict
from compare.types import (
    Article, ArticleSet, Comparison, Group, LanguageGuess, Nearest, Paragraph, ParagraphRef as Ref,
    ProcessedArticle, ProcessedParagraph, Translation,
)
from tui.__main__ import main

SAMPLE = str(Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024")

TEXTS = {
    "en": ["Putin and Xi met in Beijing on Thursday.", "Trade reached 240 billion dollars last year.",
           "Li Qiang met Putin in the evening."],
    "ru": ["Путин и Си встретились в Пекине.", "Товарооборот достиг 240 миллиардов долларов."],
    "zh": ["普京和习近平在北京会晤。", "李强会见普京。"],
}
ENGLISH = {
    "ru": ["Putin and Xi met in Beijing.", "Trade reached 240 billion dollars."],
    "zh": ["Putin and Xi Jinping met in Beijing.", "Li Qiang met Putin."],
}


def processed(aid: str, texts: dict[str, list[str]] = TEXTS, english: dict[str, list[str]] = ENGLISH) -> ProcessedArticle:
    lang = aid
    article = Article(id=aid, outlet=f"Outlet {aid.upper()}", paragraphs=tuple(
        Paragraph(i, t) for i, t in enumerate(texts[aid])))
    return ProcessedArticle(article, LanguageGuess(lang, 1.0), tuple(
        ProcessedParagraph(i, t, lang, 1.0, Translation((english.get(aid) or texts[aid])[i], "m"))
        for i, t in enumerate(texts[aid])))


def build(path: str = "", **kwargs) -> Comparison:
    """The aligner put zh ¶2 (Li Qiang) with the Xi-Putin talks, and left en ¶3 on its own."""
    articles = tuple(processed(a, **kwargs) for a in ("en", "ru", "zh"))
    groups = (
        Group(0, (("en", (0,)), ("ru", (0,)), ("zh", (0, 1))), 0.8),
        Group(1, (("en", (1,)), ("ru", (1,))), 0.9, closest=(Nearest("zh", 1, 0.2),)),
        Group(2, (("en", (2,)),), 0.0),
    )
    groups, per_article = diverge(groups, articles)
    return Comparison(set=ArticleSet(path=path, title="Set", articles=tuple(a.article for a in articles)),
                      articles=articles, groups=groups, article_divergences=per_article)


def members(comparison: Comparison) -> dict[int, tuple]:
    return {g.id: g.members for g in comparison.groups}


def test_a_move_regroups_by_paragraph_and_recomputes_only_the_touched_groups():
    aligned = build()
    fixed = apply(aligned, [corrections.move("zh", 1, Ref("en", 2))])
    assert members(fixed) == {0: (("en", (0,)), ("ru", (0,)), ("zh", (0,))), 1: members(aligned)[1],
                              2: (("en", (2,)), ("zh", (1,)))}
    assert fixed.groups[1] is aligned.groups[1]  # untouched: not recomputed
    assert [g.corrected_by for g in fixed.groups] == ["the reader", "", "the reader"]
    assert [(c.paragraph, c.before, c.after) for c in fixed.corrections] == [(Ref("zh", 1), 0, 2)]
    # group 2 was en's alone ("unique"); now zh carries it too, and ru leaves it out
    assert "unique" not in fixed.groups[2].divergence.kinds
    assert any(d.kind == "omission" and d.articles == ("ru",) for d in fixed.groups[2].divergence.items)
    unique = [d for d in fixed.article_divergences["en"] if d.kind == "unique"]
    assert not unique and any(d.kind == "unique" for d in aligned.article_divergences["en"])


def test_an_omission_disappears_when_the_omitted_paragraph_joins_the_group():
    aligned = build()
    assert any(d.kind == "omission" and "zh" in d.articles for d in aligned.groups[1].divergence.items)
    fixed = apply(aligned, [corrections.move("zh", 1, Ref("en", 1))])
    assert not any("zh" in d.articles for d in fixed.groups[1].divergence.items if d.kind == "omission")
    assert fixed.groups[1].closest == ()  # zh is in it now: no closest paragraph outside
    overview = {o.article.id: o for o in per_outlet(fixed)}
    assert 1 not in {g.id for g in overview["zh"].omits}


def test_split_join_and_no_ops():
    aligned = build()
    split = apply(aligned, [corrections.split([("zh", 1)])])
    assert members(split)[3] == (("zh", (1,)),) and members(split)[0][-1] == ("zh", (0,))
    joined = apply(aligned, [corrections.join(aligned.groups[2], aligned.groups[1])])
    assert 2 not in members(joined) and members(joined)[1] == (("en", (1, 2)), ("ru", (1,)))
    assert {c.paragraph for c in joined.corrections} == {Ref("en", 2)}
    # already so, or naming paragraphs not in the set: nothing changes
    for c in (corrections.move("en", 2, None), corrections.move("en", 0, Ref("ru", 0)),
              corrections.move("xx", 9, Ref("en", 0)), corrections.split([("en", 0), ("ru", 0), ("zh", 0), ("zh", 1)])):
        assert regroup(aligned.groups, [c]) == regroup(aligned.groups, [])


def test_corrections_are_kept_and_follow_their_paragraphs_to_a_new_comparison(tmp_path):
    aligned = build(str(tmp_path / "set"))
    kept = [corrections.move("zh", 1, Ref("en", 2)), corrections.split([("en", 0)])]
    path = corrections_store.save(aligned, kept)
    assert path.parent == marks.marks_path(aligned.set.path).parent and path.name.endswith(".corrections.json")
    # compared again with another translation of zh and groups numbered anew: the corrections hold
    again = build(str(tmp_path / "set"), english={**ENGLISH, "zh": ["Putin met Xi.", "Premier Li met Putin."]})
    again = replace(again, groups=tuple(replace(g, id=g.id + 10) for g in again.groups))
    fixed, loaded = corrections_store.corrected(again)
    assert list(loaded.corrections) == kept and not loaded.warnings
    assert (("en", (2,)), ("zh", (1,))) in members(fixed).values() and (("en", (0,)),) in members(fixed).values()


def test_a_changed_paragraph_sets_its_correction_aside_with_a_warning(tmp_path, caplog):
    aligned = build(str(tmp_path / "set"))
    corrections_store.save(aligned, [corrections.move("zh", 1, Ref("en", 2)), corrections.split([("en", 0)])])
    changed = build(str(tmp_path / "set"), texts={**TEXTS, "zh": ["普京和习近平在北京会晤。", "李强总理会见了普京。"]})
    with caplog.at_level(logging.WARNING):
        fixed, loaded = corrections_store.corrected(changed)
    assert loaded.corrections == (corrections.split([("en", 0)]),)
    assert "the text of zh ¶2 changed" in loaded.warnings[0] and "set aside" in caplog.text
    assert loaded.set_aside[0]["reason"] == "the text of zh ¶2 changed"
    corrections_store.save(changed, loaded.corrections, loaded.set_aside)  # set aside, never lost
    data = json.loads(corrections_store.corrections_path(changed.set.path).read_text(encoding="utf-8"))
    assert len(data["corrections"]) == 1 and data["set_aside"][0]["kind"] == "move"


@pytest.mark.parametrize("content", ["{not json", '{"corrections": [{"kind": "teleport", "paragraphs": []}]}',
                                     '{"corrections": [{"kind": "move", "paragraphs": [["en", "x", 1]]}]}', "[]"])
def test_a_bad_corrections_file_is_set_aside_and_the_marks_stay(tmp_path, content, caplog):
    aligned = build(str(tmp_path / "set"))
    marks.save(aligned, {1: "trade"})
    path = corrections_store.corrections_path(aligned.set.path)
    path.write_text(content, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        fixed, loaded = corrections_store.corrected(aligned)
    assert fixed is aligned and loaded.corrections == () and "cannot be read" in loaded.warnings[0]
    assert not path.exists() and path.with_name(path.name + ".bad").read_text(encoding="utf-8") == content
    assert marks.load(aligned) == {1: "trade"}


def test_marks_follow_a_join():
    aligned = build()
    fixed = apply(aligned, [corrections.join(aligned.groups[2], aligned.groups[1])])
    assert marks.carry(aligned, fixed, {1: "a", 2: "b"}) == {1: "a; b"}


def test_reports_carry_the_corrections(tmp_path):
    fixed = apply(build(str(tmp_path)), [corrections.move("zh", 1, Ref("en", 2))])
    data = to_dict(fixed)
    assert data["corrections"] == [{"paragraph": {"article": "zh", "index": 1}, "from_group": 0, "to_group": 2}]
    assert [g.get("corrected") for g in data["groups"]] == ["by the reader", None, "by the reader"]
    assert "✎ corrected by the reader · Group 2" in render(fixed, "markdown")
    assert "corrected by the reader" in render(fixed, "html")
    assert to_dict(build())["corrections"] == []


@pytest.fixture
def stored(monkeypatch):
    """`parallax report` on a stored comparison of the sample set's folder."""
    found = build(SAMPLE)
    monkeypatch.setattr("compare.pipeline.load_cached", lambda article_set, options=None: found)
    return found


def test_report_applies_the_corrections_unless_told_not_to(stored, tmp_path, capsys):
    corrections_store.save(stored, [corrections.move("zh", 1, Ref("en", 2)),
                                    Correction("move", (Ref("ru", 7),), Ref("en", 0))])
    out = tmp_path / "r.json"
    assert main(["report", stored.set.path, "-o", str(out)]) == 0
    assert "ru ¶8 is no longer in the set" in capsys.readouterr().err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["corrections"]) == 1 and data["groups"][2]["members"][-1] == {"article": "zh", "paragraphs": [1]}
    assert main(["report", stored.set.path, "--no-corrections", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["corrections"] == [] and not any("corrected" in g for g in data["groups"])


def test_bench_align_set_scores_the_aligner_and_the_reader(stored, monkeypatch, capsys):
    from argparse import Namespace

    from bench import _real

    gold = ({"en": (0,), "ru": (0,), "zh": (0,)}, {"en": (1,), "ru": (1,)}, {"en": (2,), "zh": (1,)})
    monkeypatch.setattr("compare.evaluate.load_gold", lambda path: gold)
    args = Namespace(translator=None, no_use=False)
    assert _real.run_set(Path(SAMPLE), args) == 0
    out = capsys.readouterr().out
    assert "no corrections made in the UI" in out and "reader's corrections" not in out
    corrections_store.save(stored, [corrections.move("zh", 1, Ref("en", 2))])
    assert _real.run_set(Path(SAMPLE), args) == 0
    lines = capsys.readouterr().out.splitlines()
    aligner = next(line for line in lines if " pipeline " in line)
    reader = next(line for line in lines if "reader's corrections" in line)
    assert "moved 1 paragraph(s) in 1 correction(s)" in lines[0]
    assert float(reader.split()[-2]) > float(aligner.split()[-2]) and reader.split()[-1] == "-"  # F1


def test_a_corrected_comparison_is_stored_and_read_back_as_data():
    from compare import result_json

    fixed = apply(build(), [corrections.move("zh", 1, Ref("en", 2))])
    back = result_json.loads(result_json.dumps(fixed))
    assert back.corrections == fixed.corrections and [g.corrected_by for g in back.groups] == ["the reader", "", "the reader"]
