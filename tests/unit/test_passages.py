"""Passages cut from unbroken text: at content boundaries, nothing lost, the file untouched."""

import json
import re
from pathlib import Path

import pytest

from compare.corpus import load_article_set
from compare.text import passages
from compare.text.passages import cut_points, is_long, weighted_length

SEMEVAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "semeval2022_dev" / "pairs.jsonl"


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _semeval_blocks(lang: str, least: int = 900) -> list[str]:
    if not SEMEVAL.is_file():
        pytest.skip(f"{SEMEVAL} is absent (the shared data sits next to the repo)")
    rows = [json.loads(line) for line in SEMEVAL.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text_1"] for r in rows if r["lang1"] == lang] + [r["text_2"] for r in rows if r["lang2"] == lang]
    return [t for t in texts if "\n\n" not in t and weighted_length(t) >= least]


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_real_unbroken_blocks_are_cut_into_passages_that_keep_every_character(lang):
    blocks = _semeval_blocks(lang)[:15]
    assert blocks, f"no unbroken {lang} block of 900+ characters in the SemEval data"
    for block in blocks:
        pieces = passages.passages(block)
        assert len(pieces) >= 2
        assert _squeeze("".join(pieces)) == _squeeze(block)
        for piece in pieces:
            assert piece in block
        assert max(weighted_length(p) for p in pieces) < weighted_length(block)


def test_passages_come_near_a_news_paragraph_in_length():
    sizes = [weighted_length(p) for block in _semeval_blocks("en", 1500)[:20] for p in passages.passages(block)]
    assert sizes
    median = sorted(sizes)[len(sizes) // 2]
    assert 0.5 * passages.TARGET <= median <= 1.5 * passages.TARGET


def test_the_cut_falls_where_the_subject_changes_not_at_a_fixed_count():
    harbin = [
        "Putin travelled to Harbin on Friday after the talks in Beijing.",
        "In Harbin he opened the Russian-Chinese Expo with Chinese officials.",
        "The Harbin Expo drew exhibitors from forty Russian regions and provinces.",
    ]
    ukraine = [
        "On Ukraine, Lavrov said the peace plan of Beijing deserved attention.",
        "Lavrov added that Kyiv and its Western backers rejected any talks.",
    ]
    starts = cut_points(harbin + ukraine)
    assert 3 in starts  # between the Expo and Lavrov
    starts = cut_points(ukraine + harbin)
    assert 2 in starts


def test_short_and_news_sized_blocks_are_not_long():
    assert not is_long("A short paragraph. Two sentences.", alone=True)
    assert is_long("Word " * 200, alone=True)
    assert not is_long("Word " * 200, alone=False)
    assert is_long("Word " * 300, alone=False)
    assert weighted_length("普京") == 2 * passages.HAN_WEIGHT


def test_one_block_article_is_loaded_as_marked_passages_and_the_file_is_unchanged(tmp_path):
    block = " ".join(f"Sentence {i} says something about topic {'alpha' if i < 6 else 'beta'} and more words here."
                     for i in range(12))
    folder = tmp_path / "set"
    (folder / "articles").mkdir(parents=True)
    (folder / "set.toml").write_text('[set]\ntitle = "t"\n', encoding="utf-8")
    text = f'+++\noutlet = "Wire"\n+++\n\n{block}\n'
    path = folder / "articles" / "01-wire.md"
    path.write_text(text, encoding="utf-8")
    (folder / "articles" / "02-short.md").write_text('+++\noutlet = "Other"\n+++\n\nOne short paragraph.\n',
                                                    encoding="utf-8")
    article_set = load_article_set(folder)
    wire = article_set.article("01-wire")
    assert len(wire.paragraphs) >= 2
    assert all(p.cut and p.block == 0 for p in wire.paragraphs)
    assert [p.index for p in wire.paragraphs] == list(range(len(wire.paragraphs)))
    assert _squeeze("".join(p.text for p in wire.paragraphs)) == _squeeze(block)
    assert not any(p.cut for p in article_set.article("02-short").paragraphs)
    assert path.read_text(encoding="utf-8") == text


def test_the_sample_set_has_no_cut_paragraphs():
    root = Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024"
    assert not any(p.cut for a in load_article_set(root).articles for p in a.paragraphs)
