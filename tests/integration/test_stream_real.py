"""The streaming translation end to end with the real models, on a small set of short paragraphs."""

from pathlib import Path

import pytest

from compare import model_files, pipeline, stream
from compare.corpus import load_article_set
from compare.translate.base import foreign_script_share

pytestmark = pytest.mark.real_models


def small_set(root: Path, english: tuple[str, str], russian: tuple[str, str], title: str = "Small") -> Path:
    """A set of two articles of two paragraphs: a wire in English and an agency in Russian."""
    (root / "articles").mkdir(parents=True)
    (root / "set.toml").write_text(f'[set]\ntitle = "{title}"\n', encoding="utf-8")
    (root / "articles" / "01-en.md").write_text(
        '+++\noutlet = "Wire"\n+++\n\n' + "\n\n".join(english) + "\n", encoding="utf-8")
    (root / "articles" / "02-ru.md").write_text(
        '+++\noutlet = "Агентство"\nlang = "ru"\n+++\n\n' + "\n\n".join(russian) + "\n", encoding="utf-8")
    return root


def skip_without_models() -> None:
    if not model_files.gguf_path().exists() or not (model_files.english_model_dir() / "model.safetensors").exists():
        pytest.skip("models are not installed: run `parallax models install`")


def test_provisional_first_then_the_pipelines_comparison(tmp_path):
    skip_without_models()
    article_set = load_article_set(small_set(
        tmp_path / "set",
        ("Putin arrived in Beijing for talks with Xi Jinping.", "Trade between the two countries reached a record last year."),
        ("Товарооборот двух стран в прошлом году достиг рекорда.", "Путин прибыл в Пекин на переговоры с Си Цзиньпином.")))
    options = pipeline.RunOptions(cache_path=str(tmp_path / "cache.sqlite"))
    updates = []
    final = stream.run(article_set, options=options, on_update=updates.append)
    first = updates[0].comparison
    assert first.provisional and updates[0].left == 2
    assert all(p.translation.pending for p in first.article("02-ru").paragraphs)
    # USE over the originals pairs the two outlets' paragraphs before any English exists.
    assert any(set(g.articles) == {"01-en", "02-ru"} for g in first.groups)
    assert updates[-1].final and not final.provisional
    for p in final.article("02-ru").paragraphs:
        assert not p.translation.pending and foreign_script_share(p.translation.text) < 0.05
    # The same as today's pipeline on the same translations (read back from the cache).
    today = pipeline.run(article_set, options=options)
    assert [(g.members, g.divergence) for g in final.groups] == [(g.members, g.divergence) for g in today.groups]


def test_the_streams_english_is_a_fresh_pipelines(tmp_path):
    """The stream may take the second Russian paragraph first (its group may hold the English article's
    first paragraph), but the name the LLM learns from the first ("Песков") is in the second's glossary
    in the pipeline's order: the stream's English must still be a fresh pipeline run's, word for word."""
    skip_without_models()
    root = small_set(tmp_path / "set",
                     ("Putin arrived in Beijing; Peskov was asked about the talks.",
                      "Peskov described the plans for the visit."),
                     ("Песков рассказал о планах визита.", "Путин прибыл в Пекин; Пескова спросили о переговорах."),
                     title="Order")
    article_set = load_article_set(root)
    final = stream.run(article_set, options=pipeline.RunOptions(cache_path=str(tmp_path / "stream.sqlite")))
    today = pipeline.run(article_set, options=pipeline.RunOptions(cache_path=str(tmp_path / "today.sqlite")))
    assert [p.translation.text for p in final.article("02-ru").paragraphs] == \
        [p.translation.text for p in today.article("02-ru").paragraphs]
    assert [(g.members, g.divergence) for g in final.groups] == [(g.members, g.divergence) for g in today.groups]
