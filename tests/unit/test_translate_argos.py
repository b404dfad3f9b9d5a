"""The argos backend without a model: sentence splitting and batching on fakes."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from compare.text.sentences import split_sentences
from compare.translate.argos import ArgosTranslator
from compare.translate.base import TranslatorUnavailable
from compare.types import Cancelled


# ------------------------------------------------------------ splitter


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Президент прибыл в Пекин. Он встретился с Си Цзиньпином! Что дальше?",
            ["Президент прибыл в Пекин.", "Он встретился с Си Цзиньпином!", "Что дальше?"],
        ),
        ("В. В. Путин прибыл в Пекин. Визит продлится два дня.",
         ["В. В. Путин прибыл в Пекин.", "Визит продлится два дня."]),
        ("В 2024 г. рост составил 5%. Это т. е. много.", ["В 2024 г. рост составил 5%.", "Это т. е. много."]),
        ("«Всё хорошо», — сказал он. «Мы довольны.» Затем он уехал.",
         ["«Всё хорошо», — сказал он.", "«Мы довольны.»", "Затем он уехал."]),
        ("Цена выросла до 3.5 рубля. 10 мая он уехал.", ["Цена выросла до 3.5 рубля.", "10 мая он уехал."]),
        ("习近平与普京举行会谈。双方讨论了贸易！会谈持续了三个小时？",
         ["习近平与普京举行会谈。", "双方讨论了贸易！", "会谈持续了三个小时？"]),
        ("他说：“我们很满意。”会后签署了声明。", ["他说：“我们很满意。”", "会后签署了声明。"]),
        ("Dr. Smith arrived. He spoke briefly.", ["Dr. Smith arrived.", "He spoke briefly."]),
        ("no final stop here", ["no final stop here"]),
        ("Ends with a stop.", ["Ends with a stop."]),
        ("", []),
        ("   \n ", []),
    ],
)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


@given(st.text(alphabet=st.sampled_from(list("абв ГДЕ xyz .!?。！？«»\"\n")), max_size=80))
def test_split_sentences_never_loses_text(text):
    pieces = split_sentences(text)
    assert "".join(pieces).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")
    assert all(p == p.strip() and p for p in pieces)


# ------------------------------------------------------------ batching on fakes


class FakeProcessor:
    """SentencePiece stand-in: one piece per word, '▁' marks a word start."""

    def encode(self, text, out_type=str):
        return ["\u2581" + w for w in text.split()]

    def decode_pieces(self, pieces):
        return "".join(pieces).replace("\u2581", " ").strip()


class FakeResult:
    def __init__(self, hypothesis):
        self.hypotheses = [hypothesis]


class FakeCT2:
    """Records every translate_batch call; 'translates' by upper-casing."""

    def __init__(self):
        self.calls = []

    def translate_batch(self, batch, **kwargs):
        self.calls.append((batch, kwargs))
        return [FakeResult([piece.upper() for piece in tokens]) for tokens in batch]


def make_package(root: Path, **meta) -> Path:
    (root / "model").mkdir(parents=True)
    (root / "model" / "model.bin").write_bytes(b"")
    (root / "sentencepiece.model").write_bytes(b"")
    data = {"from_code": "ru", "to_code": "en", "package_version": "1.9", **meta}
    (root / "metadata.json").write_text(json.dumps(data), encoding="utf-8")
    return root


@pytest.fixture
def fake_translator(tmp_path):
    translator = ArgosTranslator("ru", make_package(tmp_path / "ru_en"))
    translator._translator = FakeCT2()
    translator._processor = FakeProcessor()
    return translator


def test_all_sentences_of_all_paragraphs_in_one_call(fake_translator):
    steps = []
    out = fake_translator.translate(
        ["один два. Три четыре.", "", "пять шесть!"], "ru", on_step=lambda d, t: steps.append((d, t))
    )
    calls = fake_translator._translator.calls
    assert len(calls) == 1
    batch, kwargs = calls[0]
    assert batch == [["▁один", "▁два."], ["▁Три", "▁четыре."], ["▁пять", "▁шесть!"]]
    assert kwargs["beam_size"] == 4 and kwargs["length_penalty"] == 0.2
    assert kwargs["replace_unknowns"] is True and kwargs["num_hypotheses"] == 1
    assert kwargs["target_prefix"] is None
    assert [t.text for t in out] == ["ОДИН ДВА. ТРИ ЧЕТЫРЕ.", "", "ПЯТЬ ШЕСТЬ!"]
    assert out[0].sentences == (("один два.", "ОДИН ДВА."), ("Три четыре.", "ТРИ ЧЕТЫРЕ."))
    assert out[1].sentences == ()
    assert all(t.model == fake_translator.model_id and not t.flagged for t in out)
    assert steps == [(3, 3)]


def test_model_id_names_package_and_settings(fake_translator):
    assert fake_translator.model_id == "argos:ru_en:1.9:b4:s1"
    assert fake_translator.supports("ru") and not fake_translator.supports("zh")


def test_target_prefix_is_sent_and_stripped_per_sentence(tmp_path):
    translator = ArgosTranslator("ru", make_package(tmp_path / "p", target_prefix="__en__"))
    ct2 = FakeCT2()
    ct2.translate_batch = lambda batch, **kw: (
        ct2.calls.append((batch, kw)) or [FakeResult(["__en__"] + t) for t in batch]
    )
    translator._translator, translator._processor = ct2, FakeProcessor()
    out = translator.translate(["аа бб. Вв гг."], "ru")
    assert ct2.calls[0][1]["target_prefix"] == [["__en__"], ["__en__"]]
    assert out[0].text == "аа бб. Вв гг."


def test_cancel_before_work(fake_translator):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        fake_translator.translate(["а."], "ru", cancel=cancel)
    assert fake_translator._translator.calls == []


def test_empty_input_loads_nothing(tmp_path):
    translator = ArgosTranslator("ru", make_package(tmp_path / "p"))
    assert translator.translate([], "ru") == []
    assert translator._translator is None


def test_bpe_package_is_refused_clearly(tmp_path):
    root = make_package(tmp_path / "p")
    (root / "sentencepiece.model").unlink()
    (root / "bpe.model").write_text("")
    with pytest.raises(TranslatorUnavailable, match="BPE"):
        ArgosTranslator("ru", root)


def test_missing_package_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    with pytest.raises(TranslatorUnavailable, match="parallax models install"):
        ArgosTranslator("ru")


# ------------------------------------------------------------ selection

from compare.translate import factory  # noqa: E402
from compare.translate.base import IdentityTranslator  # noqa: E402


def test_select_identity_for_english_and_argos_when_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    assert isinstance(factory.choose_backend("auto", "en"), IdentityTranslator)
    assert isinstance(factory.choose_backend("identity", "ru"), IdentityTranslator)
    make_package(tmp_path / "models" / "argos" / "ru_en")
    chosen = factory.choose_backend("auto", "ru")
    assert isinstance(chosen, ArgosTranslator) and chosen.model_id.startswith("argos:ru_en")


def test_select_falls_back_to_llm_and_explains_when_nothing_fits(tmp_path, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PARALLAX_GGUF", str(tmp_path / "missing.gguf"))
    with pytest.raises(TranslatorUnavailable, match="argos.*parallax models install"):
        factory.choose_backend("auto", "zh")
    with pytest.raises(TranslatorUnavailable, match="parallax models install"):
        factory.choose_backend("llm", "zh")
    with pytest.raises(TranslatorUnavailable, match="no argos package"):
        factory.choose_backend("argos", "zh")
    with pytest.raises(ValueError):
        factory.choose_backend("deepl", "zh")
