"""Paragraph vectors: a text longer than the model's window is read whole."""

import re

import numpy as np
import pytest

from compare.cache import Cache
from compare.embed import CachedEmbedder, SentenceTransformerEmbedder, windows
from compare.types import Cancelled


class WordTokenizer:
    """One word piece per word, like a tokenizer called on a batch."""

    def __call__(self, texts, add_special_tokens=True, verbose=True):
        extra = 2 if add_special_tokens else 0
        return {"input_ids": [list(range(len(re.findall(r"\w+", t)) + extra)) for t in texts]}


class WindowModel:
    """Reads only the first `max_seq_length - 2` words, as a real encoder does."""

    max_seq_length = 12
    tokenizer = WordTokenizer()

    def __init__(self):
        self.vocab: dict[str, int] = {}
        self.seen: list[str] = []

    def encode(self, texts, **_):
        self.seen += texts
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower())[: self.max_seq_length - 2]:
                out[row, self.vocab.setdefault(word, len(self.vocab))] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def embedder_with(model) -> SentenceTransformerEmbedder:
    embedder = SentenceTransformerEmbedder("/nonexistent")
    embedder._model = model
    return embedder


HEAD = "The club won the match late. The striker scored twice in the second half."
TAIL = "Separately, a central bank raised its rates."


def test_the_end_of_a_long_paragraph_counts():
    model = WindowModel()
    long_text, tail = f"{HEAD} {TAIL}", TAIL
    vectors = embedder_with(model).embed([long_text, tail])
    # Truncated at 10 words, the paragraph would share nothing with its last sentence.
    assert float(vectors[0] @ vectors[1]) > 0.3
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_a_text_that_fits_is_encoded_as_it_is():
    model = WindowModel()
    short = "Putin met Xi in Beijing."
    vector = embedder_with(model).embed([short])[0]
    np.testing.assert_allclose(vector, WindowModel().encode([short])[0], atol=1e-6)
    assert model.seen == [short]


def test_windows_keep_every_sentence_in_order_and_fit():
    text = f"{HEAD} {TAIL} The governor spoke on Friday."
    (parts,) = windows([text], WordTokenizer(), limit=12)
    assert len(parts) > 1
    assert " ".join(piece for piece, _ in parts) == text
    assert all(size <= 10 for _, size in parts)


def test_a_sentence_longer_than_the_window_is_a_piece_of_its_own():
    long_sentence = "Then " + " ".join(f"word{i}" for i in range(14)) + "."
    (parts,) = windows([f"Short one here. {long_sentence}"], WordTokenizer(), limit=12)
    assert [piece for piece, _ in parts] == ["Short one here.", long_sentence]
    # It weighs what the model reads of it, not its full length.
    assert [size for _, size in parts] == [3, 10]


def test_long_text_without_sentence_ends_stays_whole():
    text = " ".join(f"w{i}" for i in range(30))
    assert windows([text], WordTokenizer(), limit=12) == [[(text, 30)]]


def test_stored_vectors_are_kept_apart_from_the_truncating_ones(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    inner = embedder_with(WindowModel())
    cached = CachedEmbedder(inner, cache)
    assert cached.model_id == inner.model_id  # what a report names
    assert cached.cache_id != inner.model_id  # what vectors are stored under
    cached.embed([HEAD])
    assert cache.get_embeddings(inner.model_id, [HEAD]) == {}
    assert list(cache.get_embeddings(cached.cache_id, [HEAD])) == [0]


def test_a_view_followed_by_progress_is_embedded_in_chunks_with_the_same_vectors(monkeypatch):
    import compare.embed as embed
    from fakes import FakeEmbedder

    monkeypatch.setattr(embed, "PROGRESS_CHUNK", 4)
    texts = {"a": [f"paragraph {i} on trade and gas" for i in range(7)], "b": ["the weather", "talks in Beijing"]}
    whole = embed.view(texts, FakeEmbedder())
    told: list[int] = []
    chunked_embedder = FakeEmbedder()
    chunked = embed.view(texts, chunked_embedder, progress=told.append)
    assert told == [4, 4, 1] and chunked_embedder.calls == 3
    for article in texts:
        np.testing.assert_array_equal(chunked[article], whole[article])


def test_progress_that_raises_stops_the_embedding_between_chunks(monkeypatch):
    import compare.embed as embed
    from fakes import FakeEmbedder

    monkeypatch.setattr(embed, "PROGRESS_CHUNK", 2)
    embedder = FakeEmbedder()

    def stop(_n):
        raise Cancelled()

    with pytest.raises(Cancelled):
        embed.view({"a": ["one text", "two texts", "three", "four", "five"]}, embedder, progress=stop)
    assert embedder.calls == 1


def test_a_cached_embedder_loads_its_model_only_for_texts_it_does_not_hold(tmp_path):
    from fakes import FakeEmbedder

    class Loading(FakeEmbedder):
        def __init__(self):
            super().__init__()
            self.prepared = 0

        def prepare(self, texts=()):
            self.prepared += 1

    inner = Loading()
    cached = CachedEmbedder(inner, Cache(str(tmp_path / "cache.sqlite")))
    cached.embed(["held text one", "held text two"])
    cached.prepare(["held text one", "held text two"])
    assert inner.prepared == 0
    cached.prepare(["held text one", "a new text"])
    assert inner.prepared == 1
