"""The whole chain on the sample set, with the real models and no network."""

import json
from pathlib import Path

import pytest

from compare import model_files, pipeline
from compare.corpus import load_article_set
from compare.evaluate import evaluate, load_gold
from compare.report import render
from compare.translate.base import foreign_script_share

pytestmark = pytest.mark.real_models

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024"


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    if not model_files.gguf_path().exists() or not (model_files.english_model_dir() / "model.safetensors").exists():
        pytest.skip("models are not installed: run `parallax models install`")
    cache = tmp_path_factory.mktemp("cache") / "cache.sqlite"
    options = pipeline.RunOptions(cache_path=str(cache))
    return pipeline.run(load_article_set(SAMPLE), options=options)


def test_every_paragraph_in_exactly_one_group(comparison):
    data = json.loads(render(comparison, "json"))
    seen = [(m["article"], i) for g in data["groups"] for m in g["members"] for i in m["paragraphs"]]
    expected = [(a["id"], p["index"]) for a in data["articles"] for p in a["paragraphs"]]
    assert sorted(seen) == sorted(expected)
    assert len(seen) == len(set(seen))


def test_languages_detected_and_translated_to_english(comparison):
    for article in comparison.articles:
        assert article.language.lang == article.article.declared_lang
        for p in article.paragraphs:
            if p.lang == "en":
                assert p.translation.text == p.text
            else:
                assert foreign_script_share(p.translation.text) < 0.05, p.translation.text


def test_alignment_against_hand_made_gold(comparison, capsys):
    langs = {a.id: a.language.lang for a in comparison.articles}
    result = evaluate(comparison.groups, load_gold(SAMPLE), langs)
    with capsys.disabled():
        print(f"\nsample set link F1 {result.overall.f1:.3f} (P {result.overall.precision:.3f} "
              f"R {result.overall.recall:.3f}); " +
              ", ".join(f"{k} {v.f1:.2f}" for k, v in sorted(result.by_pair.items())))
    # The gold is hard (different outlets, different structure); this guards against collapse.
    assert result.overall.f1 > 0.3
