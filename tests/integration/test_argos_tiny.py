"""A real (tiny, random-weight) .argosmodel, built here, installed and run.

Garbage in, garbage out: what is tested is that the package installs, loads
through CTranslate2 and SentencePiece, and that translating every sentence
in one batch gives exactly what argostranslate's own per-paragraph path
gives for the same sentences.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("sentencepiece")

sys.path.insert(0, str(Path(__file__).parent))
import tiny_argos  # noqa: E402

from compare import install, model_files  # noqa: E402
from compare.text.sentences import split_sentences  # noqa: E402
from compare.translate.argos import ArgosTranslator  # noqa: E402

PARAGRAPHS = [
    "Президент России прибыл в Пекин с государственным визитом. Стороны обсудили торговлю и энергетику.",
    "Переговоры продолжались более трёх часов, сообщили в Кремле.",
    "习近平与普京在北京举行会谈。双方讨论了贸易和能源合作。会后双方签署了联合声明。",
    "По итогам встречи было подписано совместное заявление! Экономисты ожидают роста товарооборота?",
    "",
]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the tiny package and install it into a temporary data dir."""
    work = tmp_path_factory.mktemp("argos")
    archive = tiny_argos.build_argos_package(work / "build")
    mp = pytest.MonkeyPatch()
    mp.setenv("PARALLAX_DATA_DIR", str(work / "data"))
    try:
        path = install.install_argos_file(archive, say=lambda _: None)
        yield path
    finally:
        mp.undo()


class _GivenSentences:
    """An argostranslate sentencizer that splits the way Parallax does."""

    def split_sentences(self, text):
        return split_sentences(text)


def _argostranslate_reference(package_dir: Path, paragraphs: list[str]) -> list[str]:
    """argostranslate's own path: one apply_packaged_translation per paragraph."""
    import ctranslate2
    from argostranslate import package as argos_package
    from argostranslate import translate as argos_translate

    pkg = argos_package.Package(package_dir)
    translator = ctranslate2.Translator(str(package_dir / "model"), device="cpu", compute_type="auto")
    out = []
    for paragraph in paragraphs:
        if not paragraph:
            out.append("")
            continue
        hypotheses = argos_translate.apply_packaged_translation(
            pkg, paragraph, translator, _GivenSentences(), num_hypotheses=1
        )
        out.append(hypotheses[0].value)
    return out


def test_install_puts_the_package_where_models_finds_it(installed, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(installed.parents[2]))
    found = model_files.argos_package_for("ru")
    assert found is not None and found.path == installed
    assert (installed / "model" / "model.bin").is_file()
    assert (installed / "sentencepiece.model").is_file()


def test_batched_output_equals_argostranslate(installed):
    translator = ArgosTranslator("ru", installed)
    calls = []
    real = translator.translate_sentences
    translator.translate_sentences = lambda s: calls.append(len(s)) or real(s)
    steps = []
    ours = translator.translate(PARAGRAPHS, "ru", on_step=lambda d, t: steps.append((d, t)))
    assert calls == [sum(len(split_sentences(p)) for p in PARAGRAPHS)]
    assert steps == [(len(PARAGRAPHS), len(PARAGRAPHS))]
    reference = _argostranslate_reference(installed, PARAGRAPHS)
    assert [t.text for t in ours] == reference
    assert any(t.text for t in ours)
    for paragraph, translation in zip(PARAGRAPHS, ours):
        assert [s for s, _ in translation.sentences] == split_sentences(paragraph)


def test_model_loads_once_and_reuses(installed):
    translator = ArgosTranslator("ru", installed, intra_threads=1)
    first = translator.translate(PARAGRAPHS[:2], "ru")
    loaded = translator._translator
    second = translator.translate(PARAGRAPHS[:2], "ru")
    assert translator._translator is loaded
    assert [t.text for t in first] == [t.text for t in second]
