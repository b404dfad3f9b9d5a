"""bench/_embeddings.py: the embedding cache is stored as data, and a file it cannot read is recomputed."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from bench import _embeddings


class Model:
    def __init__(self):
        self.calls = []

    def embed(self, texts):
        self.calls.append(list(texts))
        return [np.full(3, len(t), np.float32) for t in texts]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(_embeddings, "CACHE", tmp_path)
    return tmp_path


def test_vectors_come_back_from_disk_without_the_model(cache_dir):
    model = Model()
    first = _embeddings.EmbeddingCache("m", lambda: model)
    vectors = first.embed(["a", "bb", "a"])
    first.save()
    assert (cache_dir / "emb-m.npz").is_file() and not list(cache_dir.glob("*.partial"))
    again = _embeddings.EmbeddingCache("m", lambda: pytest.fail("the model was loaded"))
    assert np.array_equal(again.embed(["a", "bb", "a"]), vectors)
    assert model.calls == [["a", "bb"]]


@pytest.mark.parametrize("content", [b"not a zip", b""])
def test_a_damaged_file_is_treated_as_absent(cache_dir, content):
    (cache_dir / "emb-m.npz").write_bytes(content)
    model = Model()
    cache = _embeddings.EmbeddingCache("m", lambda: model)
    assert cache.store == {}
    cache.embed(["a"])
    assert model.calls == [["a"]]


def test_a_file_that_needs_pickle_or_has_another_format_is_not_loaded(cache_dir):
    class Boom:
        def __reduce__(self):
            return (pytest.fail, ("unpickled",))

    np.savez(cache_dir / "emb-p.npz", format=np.array(_embeddings.FORMAT),
             keys=np.array([Boom()], dtype=object), vectors=np.zeros((1, 3), np.float32))
    assert _embeddings.EmbeddingCache("p", Model).store == {}
    np.savez(cache_dir / "emb-v.npz", format=np.array(_embeddings.FORMAT + 1),
             keys=np.array(["k"]), vectors=np.zeros((1, 3), np.float32))
    assert _embeddings.EmbeddingCache("v", Model).store == {}


def test_the_old_pickled_cache_is_ignored(cache_dir):
    (cache_dir / "emb-m.pkl").write_bytes(pickle.dumps({"k": np.zeros(3, np.float32)}))
    assert _embeddings.EmbeddingCache("m", Model).store == {}
