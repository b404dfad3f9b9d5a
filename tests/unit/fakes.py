"""Cheap stand-ins for the models, for unit tests of the engine."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from compare.translate.base import Translator
from compare.types import Cancelled, Translation


class FakeTranslator(Translator):
    """'Translates' by looking words up in a small dictionary; counts calls."""

    def __init__(self, words: dict[str, str] | None = None, model_id: str = "fake:1", batch_size: int = 2,
                 slow: float = 0.0):
        self.words = words or {}
        self.model_id = model_id
        self.batch_size = batch_size
        self.slow = slow
        self.calls: list[list[str]] = []

    def supports(self, src: str) -> bool:
        return True

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        import time

        self.calls.append(list(paragraphs))
        out = []
        for i, paragraph in enumerate(paragraphs, 1):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if self.slow:
                time.sleep(self.slow)
            tokens = re.findall(r"\w+|[^\w\s]", paragraph)
            out.append(Translation(text=" ".join(self.words.get(t.lower(), t) for t in tokens),
                                   model=self.model_id))
            if on_step:
                on_step(i, len(paragraphs))
        return out


class FakeEmbedder:
    """Bag-of-words vectors hashed into 64 dimensions: same words, close vectors."""

    model_id = "fake-embed:1"

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.calls = 0

    def embed(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                if len(word) < 3:
                    continue
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[row, h % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return out / norms
