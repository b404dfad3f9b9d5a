"""The real English model (all-mpnet-base-v2), loaded from the verified local folder."""

import numpy as np
import pytest

from compare import model_files
from compare.embed import SentenceTransformerEmbedder

pytestmark = pytest.mark.real_models


@pytest.fixture(scope="module")
def embedder():
    if not (model_files.english_model_dir() / "model.safetensors").exists():
        pytest.skip("all-mpnet-base-v2 is not installed: run `parallax models install`")
    assert model_files.verify(model_files.english_model_dir() / "model.safetensors", model_files.MPNET_SHA256)
    return SentenceTransformerEmbedder()


def test_paraphrases_are_closer_than_unrelated_text(embedder):
    vectors = embedder.embed([
        "Putin arrived in Beijing on Thursday for talks with Xi Jinping.",
        "The Russian president landed in the Chinese capital to meet China's leader.",
        "The recipe calls for two cups of flour and a pinch of salt.",
    ])
    assert vectors.shape == (3, 768)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-4)
    related, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert related > 0.5 > unrelated + 0.2


def test_embedding_is_deterministic(embedder):
    a = embedder.embed(["Trade between the two countries reached a record."])
    b = embedder.embed(["Trade between the two countries reached a record."])
    np.testing.assert_allclose(a, b, atol=1e-6)


def test_a_long_paragraph_is_read_to_its_end(embedder):
    # About 600 word pieces: the model's window (384) alone would never see the last sentence.
    head = " ".join(f"The home side won match {i} of the league season after a late goal by its striker."
                    for i in range(30))
    tail = "Meanwhile the central bank raised interest rates to curb inflation, its governor said."
    whole, alone = embedder.embed([f"{head} {tail}", tail])
    truncated = embedder._load().encode([f"{head} {tail}"], normalize_embeddings=True)[0]
    assert float(whole @ alone) > float(truncated @ alone) + 0.05
