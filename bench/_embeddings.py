"""Embeddings for the benchmark, cached on disk under bench/.cache/ (git-ignored)."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"


class EmbeddingCache:
    """text -> vector per model, pickled under bench/.cache/."""

    def __init__(self, name: str, make: Callable[[], object], label: str = ""):
        self.path = CACHE / f"emb-{name}.pkl"
        self.label = label  # the model's name in the score table
        self.make = make
        self.model = None
        self.store: dict[str, np.ndarray] = {}
        if self.path.exists():
            self.store = pickle.loads(self.path.read_bytes())
        self.dirty = False

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        missing = sorted({t for t in texts if self.key(t) not in self.store})
        if missing:
            if self.model is None:
                self.model = self.make()
            vectors = self.model.embed(missing)
            for text, vector in zip(missing, vectors):
                self.store[self.key(text)] = np.asarray(vector, dtype=np.float32)
            self.dirty = True
        return np.stack([self.store[self.key(t)] for t in texts]) if texts else np.zeros((0, 1), np.float32)

    def save(self) -> None:
        if self.dirty:
            CACHE.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(pickle.dumps(self.store))
            self.dirty = False


def minilm(other: Path | None = None) -> EmbeddingCache:
    """The English view's vectors: MiniLM, or the sentence-transformers folder `other` (--st-model)."""
    if other is not None:
        def make_other():
            from compare.embed import SentenceTransformerEmbedder

            return SentenceTransformerEmbedder(other)

        return EmbeddingCache(f"{other.name}-windows", make_other, "ST*")

    def make():
        from compare import models
        from compare.embed import SentenceTransformerEmbedder

        path = models.minilm_dir()
        if not (path / "modules.json").exists() and Path("/tmp/minilm/modules.json").exists():
            path = Path("/tmp/minilm")  # dev fallback while the model installs
        return SentenceTransformerEmbedder(path)

    # "-windows": long paragraphs are read whole (`compare.embed.windows`).
    return EmbeddingCache("minilm-windows", make, "MiniLM")


def use() -> EmbeddingCache:
    def make():
        from compare.embed import MultilingualUseEmbedder

        return MultilingualUseEmbedder()

    return EmbeddingCache("usem3", make)
