"""Build a tiny, random-weight argostranslate package for tests and benchmarks.

The package is real in every way that matters to the loading and batching
code: a SentencePiece model trained on a few lines, a CTranslate2
Transformer saved from `ctranslate2.specs` with small random weights, and a
metadata.json, zipped as a `.argosmodel`. Its output is garbage, but it is
deterministic garbage, which is all a test of the plumbing needs.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import numpy as np

TRAINING_LINES = [
    "Президент России прибыл в Пекин с государственным визитом.",
    "Стороны обсудили торговлю, энергетику и безопасность в регионе.",
    "Переговоры продолжались более трёх часов, сообщили в Кремле.",
    "По итогам встречи было подписано совместное заявление.",
    "Министр иностранных дел заявил, что отношения находятся на высоком уровне.",
    "Экономисты ожидают роста товарооборота в следующем году.",
    "The president arrived in Beijing on a state visit.",
    "The sides discussed trade, energy and regional security.",
    "Talks lasted more than three hours, the Kremlin said.",
    "A joint statement was signed after the meeting.",
    "Economists expect trade to grow next year.",
    "习近平与普京在北京举行会谈。双方讨论了贸易和能源合作。",
    "会谈持续了三个多小时。会后双方签署了联合声明。",
]


def train_sentencepiece(folder: Path, vocab_size: int = 120) -> Path:
    """Train a small SentencePiece model on TRAINING_LINES; return its path."""
    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(TRAINING_LINES * 4) + "\n", encoding="utf-8")
    prefix = folder / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
    )
    corpus.unlink()
    prefix.with_suffix(".vocab").unlink(missing_ok=True)
    return prefix.with_suffix(".model")


def _vocabulary(sp_model: Path) -> list[str]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _shape_for(name: str, d_model: int, d_ff: int, vocab: int) -> tuple[int, ...]:
    """The shape of one Transformer variable, from its scoped name."""
    leaf = name.rsplit("/", 1)[-1]
    if "embeddings" in name:
        return (vocab, d_model)
    if "projection" in name:
        return (vocab, d_model) if leaf == "weight" else (vocab,)
    if leaf in ("gamma", "beta"):
        return (d_model,)
    rows = d_model
    if "self_attention/linear_0" in name:
        rows = 3 * d_model  # fused query/key/value
    elif "/attention/linear_1" in name:
        rows = 2 * d_model  # fused key/value over the encoder output
    elif "ffn/linear_0" in name:
        rows = d_ff
    cols = d_ff if "ffn/linear_1" in name else d_model
    return (rows, cols) if leaf == "weight" else (rows,)


def build_ctranslate2_model(
    folder: Path, vocabulary: list[str], *, d_model: int = 32, d_ff: int = 64, seed: int = 7
) -> Path:
    """Save a 1-layer, 2-head Transformer with random weights into `folder`."""
    from ctranslate2.specs import model_spec, transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(num_layers=1, num_heads=2)
    vocab = len(vocabulary)
    eos = vocabulary.index("</s>")

    def fill(layer, name, value):
        leaf = name.rsplit("/", 1)[-1]
        optional = isinstance(value, str) and value == model_spec.OPTIONAL
        if value is not None and not (optional and leaf == "bias"):
            return
        shape = _shape_for(name, d_model, d_ff, vocab)
        if leaf == "gamma":
            array = np.ones(shape, dtype=np.float32)
        elif leaf in ("beta", "bias"):
            array = (0.1 * rng.standard_normal(shape)).astype(np.float32)
        else:
            array = (rng.standard_normal(shape) / np.sqrt(shape[-1])).astype(np.float32)
        if name == "decoder/projection/bias":
            array[eos] += 0.5  # end most sentences within a few dozen tokens
        setattr(layer, leaf, array)

    model_spec.visit_spec(spec, fill)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    folder.mkdir(parents=True, exist_ok=True)
    spec.save(str(folder))
    return folder


def build_argos_package(
    workdir: Path, from_code: str = "ru", to_code: str = "en", version: str = "0.0.1"
) -> Path:
    """Build `<workdir>/<from>_<to>.argosmodel` and return its path."""
    package = workdir / f"translate-{from_code}_{to_code}-tiny"
    if package.exists():
        shutil.rmtree(package)
    sp_model = train_sentencepiece(package)
    build_ctranslate2_model(package / "model", _vocabulary(sp_model))
    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "type": "translate",
    }
    (package / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    archive_path = workdir / f"{from_code}_{to_code}.argosmodel"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(package.rglob("*")):
            archive.write(path, path.relative_to(workdir))
    return archive_path
