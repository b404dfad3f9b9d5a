import os
import re
from pathlib import Path

from compare import settings

ROOT = Path(__file__).resolve().parents[2]


def test_only_settings_reads_the_environment():
    reads = re.compile(r"os\.environ|getenv\(")
    readers = [str(path.relative_to(ROOT)) for package in ("compare", "tui") for path in (ROOT / package).rglob("*.py")
               if reads.search(path.read_text(encoding="utf-8"))]
    assert readers == ["compare/settings.py"]


def test_the_data_folder_follows_parallax_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.delenv("PARALLAX_DATA_DIR", raising=False)
    monkeypatch.delenv("PARALLAX_CACHE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert settings.data_dir() == tmp_path / "xdg" / "parallax"
    assert settings.cache_path() == tmp_path / "xdg" / "parallax" / "cache.sqlite"
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path / "mine"))
    assert settings.data_dir() == tmp_path / "mine"
    monkeypatch.delenv("PARALLAX_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME")
    assert settings.data_dir() == Path.home() / ".local" / "share" / "parallax"


def test_going_offline_keeps_what_the_user_set(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    monkeypatch.delenv("HF_HUB_DISABLE_TELEMETRY", raising=False)
    settings.go_offline()
    assert os.environ["HF_HUB_OFFLINE"] == "0"
    assert os.environ["HF_HUB_DISABLE_TELEMETRY"] == "1"
