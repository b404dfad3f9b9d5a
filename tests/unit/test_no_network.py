"""The network guard of tests/conftest.py fires: for connections and for name lookups,
in fixtures of every scope, and leaves loopback open."""

import socket
import urllib.request

import pytest

EXTERNAL = ("192.0.2.1", 80)  # TEST-NET-1: reserved for documentation, never routed


def blocked(call, *args):
    """The guard's NetworkBlocked (by name: conftest is no importable module), raised by call(*args)."""
    with pytest.raises(RuntimeError) as info:
        call(*args)
    assert type(info.value).__name__ == "NetworkBlocked", info.value
    return str(info.value)


def attempt_connection() -> str:
    try:
        socket.create_connection(EXTERNAL, timeout=1).close()
    except RuntimeError as exc:
        return type(exc).__name__
    except OSError as exc:  # the guard missed it and the network refused
        return f"reached the network: {exc}"
    return "reached the network"


@pytest.fixture(scope="session")
def session_attempt() -> str:
    return attempt_connection()


@pytest.fixture(scope="module")
def module_attempt() -> str:
    return attempt_connection()


def test_a_connection_to_another_machine_is_refused():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        assert "192.0.2.1" in blocked(sock.connect, EXTERNAL)
        blocked(sock.connect_ex, EXTERNAL)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        blocked(sock.sendto, b"x", EXTERNAL)
    blocked(socket.create_connection, EXTERNAL)


@pytest.mark.parametrize("lookup, args", [
    ("getaddrinfo", ("example.org", 443)),
    ("gethostbyname", ("example.org",)),
    ("gethostbyname_ex", ("example.org",)),
    ("gethostbyaddr", ("192.0.2.1",)),
    ("getnameinfo", (("192.0.2.1", 80), 0)),
])
def test_a_name_lookup_is_refused(lookup, args):
    blocked(getattr(socket, lookup), *args)


def test_a_url_fetch_is_refused_before_it_leaves():
    assert "example.org" in blocked(urllib.request.urlopen, "http://example.org/", 1)


def test_fixtures_of_wider_scope_run_offline_too(session_attempt, module_attempt):
    # The guard used to be a function-scoped fixture: these ran before it existed.
    assert session_attempt == module_attempt == "NetworkBlocked"


def test_loopback_stays_open():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5) as client:
            conn, _ = server.accept()
            with conn:
                client.sendall(b"ping")
                assert conn.recv(4) == b"ping"
    assert socket.getaddrinfo("localhost", 80)
