"""Argos Translate packages, driven directly through CTranslate2.

An installed argos package is a folder with `metadata.json`, a CTranslate2
model in `model/` and a `sentencepiece.model`. argostranslate itself
translates paragraph by paragraph (and reads its settings at import time);
here every sentence of every paragraph of one call goes through a single
`ctranslate2.Translator.translate_batch`, with the decoding settings
argostranslate uses, so the English is the same and the model works on one
big batch instead of many small ones. argostranslate is never imported.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Sequence

from compare import model_files
from compare.text.sentences import split_sentences
from compare.translate.base import StepCallback, TranslationContext, Translator, TranslatorUnavailable
from compare.types import Cancelled, Translation

log = logging.getLogger(__name__)

# Decoding settings of argostranslate 1.11 (translate.apply_packaged_translation
# with its defaults ARGOS_BEAM_SIZE=4, one hypothesis).
BEAM_SIZE = 4
LENGTH_PENALTY = 0.2
# CTranslate2 sorts the sentences of the one call by length and decodes them
# in sub-batches of this many (measured: 16 is ~2.5x faster than one padded
# batch of everything on 2 cores, and gives the same tokens).
BATCH_SENTENCES = 16
# Bump when the splitter or the decoding changes: it is part of the model id.
SPLITTER_VERSION = 1

# ---------------------------------------------------------------- package


@dataclass(frozen=True)
class _PackageFiles:
    root: Path
    from_code: str
    to_code: str
    version: str
    target_prefix: str


def _read_package(root: Path) -> _PackageFiles:
    """Check an argos package folder and read what the translator needs."""
    try:
        meta = json.loads((root / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TranslatorUnavailable(f"{root}: unreadable argos package metadata ({exc})") from exc
    if not (root / "model" / "model.bin").is_file():
        raise TranslatorUnavailable(f"{root}: the argos package has no CTranslate2 model/ folder")
    if not (root / "sentencepiece.model").is_file():
        what = "a BPE tokenizer (bpe.model)" if (root / "bpe.model").exists() else "no tokenizer"
        raise TranslatorUnavailable(
            f"{root}: this argos package uses {what}; Parallax handles SentencePiece "
            "packages only. Use --translator llm, or install a SentencePiece package."
        )
    return _PackageFiles(
        root=root,
        from_code=meta.get("from_code", ""),
        to_code=meta.get("to_code", ""),
        version=str(meta.get("package_version", "")),
        target_prefix=meta.get("target_prefix", ""),
    )


def _decode(processor, tokens: list[str]) -> str:
    """Detokenize exactly as argostranslate's SentencePieceTokenizer does."""
    value = processor.decode_pieces(tokens).replace("\u2581", " ").replace("_", " ")
    return value[1:] if value.startswith(" ") else value


def _without_prefix(tokens: list[str], target_prefix: str) -> list[str]:
    """Drop the target-prefix token CTranslate2 echoes at the start of a hypothesis."""
    return tokens[1:] if target_prefix and tokens[:1] == [target_prefix] else tokens


class ArgosTranslator(Translator):
    """Translate with an installed argos package, all sentences in one batch."""

    guard_output = True  # it does not check its output itself

    def __init__(
        self,
        src: str,
        package_dir: Path | None = None,
        *,
        dst: str = "en",
        intra_threads: int = 2,
        inter_threads: int = 1,
        compute_type: str = "auto",
    ):
        if package_dir is None:
            found = model_files.argos_package_for(src, dst)
            if found is None:
                raise TranslatorUnavailable(
                    f"no argos package for {src}->{dst} is installed in {model_files.argos_dir()}. "
                    f"Install one with `parallax models install --argos translate-{src}_{dst}.argosmodel` "
                    "(or from the argos index when the network allows), or use --translator llm."
                )
            package_dir = found.path
        self.files = _read_package(Path(package_dir))
        self.src = src
        self.intra_threads = intra_threads
        self.inter_threads = inter_threads
        self.compute_type = compute_type
        self.model_id = (
            f"argos:{self.files.from_code}_{self.files.to_code}:{self.files.version}"
            f":b{BEAM_SIZE}:s{SPLITTER_VERSION}"
        )
        self._translator = None
        self._processor = None
        self._lock = threading.Lock()

    def supports(self, src: str) -> bool:
        return src == self.files.from_code

    # -- loading

    def _load(self):
        """Load the CTranslate2 model and SentencePiece processor once."""
        with self._lock:
            if self._translator is None:
                try:
                    import ctranslate2
                    import sentencepiece
                except ImportError as exc:
                    raise TranslatorUnavailable(
                        f"the argos backend needs ctranslate2 and sentencepiece ({exc}); "
                        "`pip install ctranslate2 sentencepiece`"
                    ) from exc
                log.info("loading argos model %s", self.files.root)
                self._processor = sentencepiece.SentencePieceProcessor(
                    model_file=str(self.files.root / "sentencepiece.model")
                )
                self._translator = ctranslate2.Translator(
                    str(self.files.root / "model"),
                    device="cpu",
                    compute_type=self.compute_type,
                    intra_threads=self.intra_threads,
                    inter_threads=self.inter_threads,
                )
        return self._translator, self._processor

    # -- translating

    def translate_sentences(self, sentences: Sequence[str]) -> list[list[str]]:
        """Translate sentences in one `translate_batch`; return output tokens each."""
        if not sentences:
            return []
        translator, processor = self._load()
        tokenized = [processor.encode(s, out_type=str) for s in sentences]
        prefix = self.files.target_prefix
        results = translator.translate_batch(
            tokenized,
            target_prefix=[[prefix]] * len(tokenized) if prefix else None,
            replace_unknowns=True,
            beam_size=BEAM_SIZE,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            max_batch_size=BATCH_SENTENCES,
            batch_type="examples",
        )
        return [list(result.hypotheses[0]) for result in results]

    def translate(
        self,
        paragraphs: Sequence[str],
        src: str,
        *,
        context: TranslationContext | None = None,
        on_step: StepCallback | None = None,
        cancel: Event | None = None,
    ) -> list[Translation]:
        """Translate paragraphs; one CTranslate2 call for all their sentences."""
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        split = [split_sentences(p) for p in paragraphs]
        flat = [s for sentences in split for s in sentences]
        tokens = self.translate_sentences(flat)
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        _, processor = self._load() if flat else (None, None)
        out, at = [], 0
        for sentences in split:
            mine = tokens[at:at + len(sentences)]
            at += len(sentences)
            out.append(self._paragraph(processor, sentences, mine))
        if on_step:
            on_step(len(out), len(out))
        return out

    def _paragraph(self, processor, sentences: list[str], tokens: list[list[str]]) -> Translation:
        """Join one paragraph's sentence outputs the way argostranslate does."""
        if not sentences:
            return Translation(text="", model=self.model_id)
        tokens = [_without_prefix(t, self.files.target_prefix) for t in tokens]
        english = [_decode(processor, t) for t in tokens]
        # argostranslate decodes a paragraph's tokens in one go; so do we (same text).
        text = _decode(processor, [t for ts in tokens for t in ts])
        return Translation(text=text, model=self.model_id, sentences=tuple(zip(sentences, english)))
