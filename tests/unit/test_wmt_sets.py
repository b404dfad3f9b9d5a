"""The benchmark's synthetic outlets (bench/_wmt.py): gold groups follow the shared source text."""

from __future__ import annotations

import itertools

from bench import _wmt


def _doc(docid: str, n: int, langs=("en", "ru", "zh")) -> _wmt.Doc:
    text = {
        "en": "Paragraph {i} opens here. It goes on. It ends.",
        "ru": "Абзац {i} начинается. Он продолжается. Он кончается.",
        "zh": "第{i}段开始。它继续。它结束。",
    }
    return _wmt.Doc(docid, {lang: [text[lang].format(i=i) for i in range(n)] for lang in langs})


def _check_gold(sset: _wmt.SynthSet) -> None:
    """Two paragraphs share a gold group iff a chain of shared source paragraphs joins them."""
    where = {}
    for number, group in enumerate(sset.gold):
        for article, indices in group.items():
            for i in indices:
                assert (article, i) not in where, "a paragraph in two gold groups"
                where[(article, i)] = number
    nodes = [(a, i) for a, units in sset.articles.items() for i in range(len(units))]
    assert set(where) == set(nodes)
    for (a, i), (b, j) in itertools.combinations(nodes, 2):
        if sset.articles[a][i].sources & sset.articles[b][j].sources:
            assert where[(a, i)] == where[(b, j)]


def test_three_outlet_set_keeps_english_and_repacks_the_others():
    docs = [_doc("d1", 12), _doc("d2", 6)]
    sset = _wmt.make_set(docs[0], docs, seed=3)
    assert list(sset.articles) == ["en", "ru", "zh"]
    assert [u.text for u in sset.articles["en"]] == docs[0].paragraphs["en"]
    for lang in ("ru", "zh"):
        intruders = [u for u in sset.articles[lang] if all(d == "d2" for d, _ in u.sources)]
        assert len(intruders) == 2
    _check_gold(sset)


def test_sets_are_deterministic_in_the_seed():
    docs = [_doc("d1", 12), _doc("d2", 6)]
    first = _wmt.make_set(docs[0], docs, seed=7)
    assert first == _wmt.make_set(docs[0], docs, seed=7)
    assert any(_wmt.make_set(docs[0], docs, seed=s).articles != first.articles for s in range(8, 12))


def test_a_two_language_document_gives_a_two_outlet_set():
    docs = [_doc("a", 9, ("en", "ru")), _doc("b", 5, ("en", "ru")), _doc("c", 5)]
    sset = _wmt.make_set(docs[0], docs, seed=0)
    assert list(sset.articles) == ["en", "ru"]
    assert set(sset.langs.values()) == {"en", "ru"}
    _check_gold(sset)


def test_merged_and_split_units_carry_their_sentences():
    docs = [_doc("d1", 30), _doc("d2", 6)]
    seen_merge = seen_split = False
    for seed in range(5):
        for unit in _wmt.make_set(docs[0], docs, seed).articles["ru"]:
            if len(unit.pieces) == 2:
                seen_merge = True
                (first, _), (second, _) = unit.pieces
                assert second[1] == first[1] + 1
            elif len(unit.pieces[0][1]) < 3:
                seen_split = True
                assert unit.text.count(".") == len(unit.pieces[0][1])
    assert seen_merge and seen_split


def test_other_domains_load_only_their_documents_of_a_useful_length(tmp_path):
    import json

    rows = [
        {"docid": "s1", "domain": "social", "en": ["a"] * 5, "ru": ["б"] * 5, "zh": ["丙"] * 5},
        {"docid": "s2", "domain": "social", "en": ["a"] * 2, "ru": ["б"] * 2, "zh": ["丙"] * 2},  # too short
        {"docid": "n1", "domain": "news", "en": ["a"] * 5, "ru": ["б"] * 5, "zh": ["丙"] * 5},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    assert [d.docid for d in _wmt.load_domain("social", path)] == ["s1"]
    assert [d.docid for d in _wmt.load_news(path)] == ["n1"]
