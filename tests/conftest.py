"""Shared test set-up: no network, ever, and a private data dir per test run."""

from __future__ import annotations

import os
import socket

import pytest
from hypothesis import settings

# Property tests explore new random inputs on every local run (that is how
# they find bugs); CI (.ci/run sets HYPOTHESIS_PROFILE=ci) runs a fixed
# sequence, so a red CI run is the code's doing and can be reproduced.
settings.register_profile("ci", derandomize=True, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class NetworkBlocked(RuntimeError):
    pass


def _refuse(self, address, *args, **kwargs):
    if self.family == socket.AF_UNIX:
        return _real_connect(self, address, *args, **kwargs)
    raise NetworkBlocked(f"test tried to open a network connection to {address!r}")


_real_connect = socket.socket.connect


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every test runs offline: any TCP/UDP connect raises NetworkBlocked."""
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: (_ for _ in ()).throw(NetworkBlocked(str(address))))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(autouse=True)
def private_marks(tmp_path, monkeypatch):
    """Marks a test makes (key m, `compare.marks`) stay in its own folder, never the user's."""
    path = tmp_path / "marks"
    monkeypatch.setenv("PARALLAX_MARKS", str(path))
    return path


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    """A cache file of the test's own, so tests never share results."""
    path = tmp_path / "cache.sqlite"
    monkeypatch.setenv("PARALLAX_CACHE", str(path))
    return path
