"""The real GGUF through llama-cpp-python: Russian and Chinese into English.

The paragraphs are written for this test. Slow (about a minute on 2 cores).
"""

from __future__ import annotations

import importlib.util

import pytest

from compare import model_files
from compare.translate.base import TranslationContext, foreign_script_share

if importlib.util.find_spec("llama_cpp") is None:
    pytest.skip("llama-cpp-python is not installed (see README: it compiles from source)", allow_module_level=True)
if not model_files.gguf_path().is_file():
    pytest.skip(f"the GGUF is not installed at {model_files.gguf_path()}: run `parallax models install`",
                allow_module_level=True)

from compare.translate.llm import LlmTranslator  # noqa: E402

RU = "В среду в Москве открылась международная выставка книг. Её посетили более десяти тысяч человек."
ZH = "星期三，国际图书展览会在上海开幕。一万多人参观了展览。"


@pytest.fixture(scope="module")
def translator():
    return LlmTranslator(slots=2)


def _words(text):
    return text.lower()


def test_russian_paragraph(translator):
    steps = []
    out = translator.translate([RU], "ru", context=TranslationContext(title="Книжная выставка"),
                               on_step=lambda d, t: steps.append((d, t)))
    text = _words(out[0].text)
    assert "moscow" in text and "book" in text and ("exhibition" in text or "fair" in text), out[0].text
    assert "wednesday" in text and ("10,000" in text or "ten thousand" in text), out[0].text
    assert foreign_script_share(out[0].text) == 0
    assert steps == [(1, 1)]


def test_chinese_paragraph_with_glossary(translator):
    out = translator.translate([ZH], "zh",
                               context=TranslationContext(glossary={"上海": "Shanghai"}))
    text = _words(out[0].text)
    assert "shanghai" in text and "book" in text and "wednesday" in text, out[0].text
    assert "10,000" in text or "ten thousand" in text, out[0].text
    assert foreign_script_share(out[0].text) == 0
