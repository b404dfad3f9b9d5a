"""Embeddings for the benchmark, cached on disk under bench/.cache/ (git-ignored).

A cache file is plain data: a numpy .npz of the text keys (a string array)
and their vectors, read with allow_pickle=False. A file that does not read
as one (damaged, or from an older format) is treated as absent.
"""

from __future__ import annotations

import hashlib
import logging
import os
import zipfile
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
FORMAT = 1  # stored in each file; a file of another format is recomputed


class EmbeddingCache:
    """text -> vector per model, stored under bench/.cache/ as .npz."""

    def __init__(self, name: str, make: Callable[[], object], label: str = ""):
        self.path = CACHE / f"emb-{name}.npz"
        self.label = label  # the model's name in the score table
        self.make = make
        self.model = None
        self.store: dict[str, np.ndarray] = read_store(self.path)
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
            write_store(self.path, self.store)
            self.dirty = False


def read_store(path: Path) -> dict[str, np.ndarray]:
    """The vectors stored at `path` by key; empty when the file is absent or not a store of this format."""
    try:
        with np.load(path, allow_pickle=False) as data:
            version, keys, vectors = data["format"], data["keys"], data["vectors"]
            if (version.shape != () or int(version) != FORMAT or keys.dtype.kind != "U" or keys.ndim != 1
                    or vectors.ndim != 2 or len(vectors) != len(keys) or vectors.dtype != np.float32):
                raise ValueError("not an embedding store of this format")
            return dict(zip(keys.tolist(), vectors))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.warning("%s: unreadable embedding cache (%s); recomputing", path, error)
        return {}


def write_store(path: Path, store: dict[str, np.ndarray]) -> None:
    """Write the vectors by key to `path`, replacing it whole (no half-written file on interruption)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = list(store)
    vectors = np.stack([store[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, 1), np.float32)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as fh:
        np.savez(fh, format=np.array(FORMAT), keys=np.array(keys, dtype=str), vectors=vectors)
    os.replace(partial, path)


def english(other: Path | None = None) -> EmbeddingCache:
    """The English view's vectors: the pipeline's English model, or the folder `other` (--st-model)."""
    if other is not None:
        return _sentence_transformer(other, "ST*")
    from compare import model_files

    return _sentence_transformer(model_files.english_model_dir(), "mpnet")


def minilm() -> EmbeddingCache:
    """all-MiniLM-L6-v2's vectors: the baselines' model (the naive match, the whole-document cosine)."""
    from compare import model_files

    return _sentence_transformer(model_files.minilm_dir(), "MiniLM", "minilm")


def _sentence_transformer(folder: Path, label: str, name: str | None = None) -> EmbeddingCache:
    def make():
        from compare.embed import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(folder)

    # "-windows": long paragraphs are read whole (`compare.embed.windows`).
    return EmbeddingCache(f"{name or folder.name}-windows", make, label)


def use() -> EmbeddingCache:
    def make():
        from compare.embed import MultilingualUseEmbedder

        return MultilingualUseEmbedder()

    return EmbeddingCache("usem3", make)
