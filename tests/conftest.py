"""Shared test set-up: no network, ever, and a private data dir per test run."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest
from hypothesis import settings

# Property tests explore new random inputs on every local run (that is how
# they find bugs); CI (.ci/run sets HYPOTHESIS_PROFILE=ci) runs a fixed
# sequence, so a red CI run is the code's doing and can be reproduced.
# Neither holds an example to a time limit: speed is measured in bench/,
# and a loaded machine must not turn a slow example into a failure.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


class NetworkBlocked(RuntimeError):
    """A test reached for the network: a connection to, or a name lookup of, another machine."""


# -- the network guard ------------------------------------------------------------
# Installed when pytest starts (pytest_configure), so it is in place before any
# fixture runs, module- and session-scoped ones included, and stays until the end.
# Loopback and Unix sockets stay open: they never leave the machine.

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}

_real = {
    (socket.socket, "connect"): socket.socket.connect,
    (socket.socket, "connect_ex"): socket.socket.connect_ex,
    (socket.socket, "sendto"): socket.socket.sendto,
    (socket, "getaddrinfo"): socket.getaddrinfo,
    (socket, "gethostbyname"): socket.gethostbyname,
    (socket, "gethostbyname_ex"): socket.gethostbyname_ex,
    (socket, "gethostbyaddr"): socket.gethostbyaddr,
    (socket, "getnameinfo"): socket.getnameinfo,
}
_saved_env: dict[str, str | None] = {}


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%")[0]
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _needs_no_lookup(host) -> bool:
    """None (any local address), loopback, or an address written as digits: nothing to ask a resolver."""
    if host in (None, "", b""):
        return True
    if _is_loopback(host):
        return True
    try:
        ipaddress.ip_address(host.decode() if isinstance(host, bytes) else str(host).strip("[]").split("%")[0])
    except ValueError:
        return False
    return True


def _check_address(sock: socket.socket, address) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):  # Unix sockets, netlink: local by nature
        return
    host = address[0] if isinstance(address, tuple) else address
    if not _is_loopback(host):
        raise NetworkBlocked(f"test tried to open a network connection to {address!r}")


def _connect(self, address):
    _check_address(self, address)
    return _real[socket.socket, "connect"](self, address)


def _connect_ex(self, address):
    _check_address(self, address)
    return _real[socket.socket, "connect_ex"](self, address)


def _sendto(self, data, *args):
    _check_address(self, args[-1])  # sendto(data, address) or sendto(data, flags, address)
    return _real[socket.socket, "sendto"](self, data, *args)


def _lookup(name: str):
    real = _real[socket, name]

    def guarded(host, *args, **kwargs):
        if not _needs_no_lookup(host):
            raise NetworkBlocked(f"test tried to look up the address of {host!r} ({name})")
        return real(host, *args, **kwargs)

    guarded.__name__ = name
    return guarded


def _getnameinfo(sockaddr, flags):
    if not _is_loopback(sockaddr[0]) and not flags & socket.NI_NUMERICHOST:
        raise NetworkBlocked(f"test tried to look up the name of {sockaddr[0]!r} (getnameinfo)")
    return _real[socket, "getnameinfo"](sockaddr, flags)


def _gethostbyaddr(host):
    if not _is_loopback(host):
        raise NetworkBlocked(f"test tried to look up the name of {host!r} (gethostbyaddr)")
    return _real[socket, "gethostbyaddr"](host)


_GUARDS = {
    (socket.socket, "connect"): _connect,
    (socket.socket, "connect_ex"): _connect_ex,
    (socket.socket, "sendto"): _sendto,
    (socket, "getaddrinfo"): _lookup("getaddrinfo"),
    (socket, "gethostbyname"): _lookup("gethostbyname"),
    (socket, "gethostbyname_ex"): _lookup("gethostbyname_ex"),
    (socket, "gethostbyaddr"): _gethostbyaddr,
    (socket, "getnameinfo"): _getnameinfo,
}


def pytest_configure(config):
    """Block the network for the whole session, before any fixture of any scope runs."""
    for (owner, name), guard in _GUARDS.items():
        setattr(owner, name, guard)
    for key, value in OFFLINE_ENV.items():
        _saved_env[key] = os.environ.get(key)
        os.environ[key] = value


def pytest_unconfigure(config):
    for (owner, name), real in _real.items():
        setattr(owner, name, real)
    for key, value in _saved_env.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


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
