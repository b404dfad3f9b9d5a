"""What the environment tells Parallax: every variable it reads, and the offline switches it sets.

Files live in a user data folder, never in git:

    PARALLAX_DATA_DIR     the data folder (else $XDG_DATA_HOME/parallax, else ~/.local/share/parallax)
    PARALLAX_CACHE        the cache file (else cache.sqlite in the data folder)
    PARALLAX_MARKS        the folder of marked groups (else marks/ in the data folder)
    PARALLAX_GGUF         another LLM file than the installed one
    PARALLAX_WHEEL_CACHE  where fetched model wheels are kept (else ~/.cache/pip/parallax-wheels)
    RAY_ADDRESS           the Ray cluster `parallax batch` runs on (else a Ray on this machine)

Each is read when asked for, not at import, so a test or a caller can change
it between runs.
"""

from __future__ import annotations

import os
from pathlib import Path

# Set (unless the user set them otherwise) before a model library loads: the
# Hugging Face libraries then read local files only and report nothing home.
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


def go_offline() -> None:
    """Put `OFFLINE` into the environment, leaving any value the user gave."""
    for name, value in OFFLINE.items():
        os.environ.setdefault(name, value)


def _path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    given = _path("PARALLAX_DATA_DIR")
    if given:
        return given
    base = _path("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return base / "parallax"


def cache_path() -> Path:
    return _path("PARALLAX_CACHE") or data_dir() / "cache.sqlite"


def marks_dir() -> Path:
    return _path("PARALLAX_MARKS") or data_dir() / "marks"


def gguf_override() -> Path | None:
    """The LLM file the user pointed at, if any."""
    return _path("PARALLAX_GGUF")


def wheel_cache() -> Path:
    return _path("PARALLAX_WHEEL_CACHE") or Path.home() / ".cache" / "pip" / "parallax-wheels"


# Ray, for `parallax batch`: its switches are environment variables, read when Ray is imported.
RAY_ANY = {"RAY_USAGE_STATS_ENABLED": "0"}
# A Ray on this machine only: on loopback (see compare/batch/cluster.py).
RAY_LOCAL = {**RAY_ANY, "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}


def ray_address() -> str | None:
    """The Ray cluster the user pointed at ($RAY_ADDRESS), if any."""
    return os.environ.get("RAY_ADDRESS") or None


def ray_switches(local: bool) -> bool:
    """Put Ray's switches for a batch into the environment, leaving any the user set; True when the
    loopback switch was already there (so a Ray imported before still listens on loopback)."""
    had = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER" in os.environ
    for name, value in (RAY_LOCAL if local else RAY_ANY).items():
        os.environ.setdefault(name, value)
    return had


def worker_environment(paths: list[str]) -> dict[str, str]:
    """What a batch's worker process gets from this one: the offline switches, and `paths` before $PYTHONPATH."""
    env = {name: os.environ[name] for name in OFFLINE if name in os.environ}
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [os.environ.get("PYTHONPATH")] if p])
    return env
