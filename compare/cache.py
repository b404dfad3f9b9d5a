"""One SQLite file that remembers translations, embeddings and results.

WAL mode, one short transaction per write, so a run killed at any moment
keeps everything finished before the kill, and two processes can share the
file. A file SQLite cannot read is moved aside and rebuilt, never fatal.
Whole results are stored as JSON (`compare.result_json`), never as pickles:
the file may come from someone else, and reading it must run no code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from compare import result_json, settings
from compare.types import Translation

if TYPE_CHECKING:  # numpy is imported where vectors are handled, not at start-up
    import numpy as np

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    model TEXT NOT NULL, key TEXT NOT NULL, src_lang TEXT NOT NULL,
    text TEXT NOT NULL, flagged INTEGER NOT NULL, note TEXT NOT NULL,
    sentences TEXT NOT NULL, created REAL NOT NULL, retry_version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL, key TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, key));
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY, payload BLOB NOT NULL, created REAL NOT NULL);
"""


def default_path() -> Path:
    return settings.cache_path()


def text_key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


class _Unreadable(sqlite3.DatabaseError):
    """quick_check found damage."""


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """True for a damaged or foreign file; False for locks, busy files and other transient errors."""
    if isinstance(exc, _Unreadable):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)
    return not isinstance(exc, sqlite3.OperationalError)


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Bring a cache file written by an older Parallax up to SCHEMA (columns added since)."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(translations)")}
    if "retry_version" not in columns:
        try:
            conn.execute("ALTER TABLE translations ADD COLUMN retry_version INTEGER NOT NULL DEFAULT 0")
        except sqlite3.OperationalError as exc:
            if "duplicate column" not in str(exc):  # another process added it first: fine
                raise


def peek_result(path: str | Path | None, key: str) -> result_json.Result | None:
    """The result stored under `key`, read without opening the cache for work.

    Opening checks the whole file's integrity (`Cache.__init__`), which takes
    longer the more the cache holds; showing a stored comparison needs one
    row. Anything amiss (no file, no table, a damaged page, an unreadable
    payload) reads as no result: the run that follows opens the cache in
    full, and sets a damaged file aside.
    """
    path = Path(path) if path else default_path()
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            row = conn.execute("SELECT payload FROM results WHERE key=?", (key,)).fetchone()
        finally:
            conn.close()
        return result_json.loads(row[0]) if row else None
    except (sqlite3.DatabaseError, result_json.Unreadable) as exc:
        log.info("no stored result read from %s: %s", path, exc)
        return None


class Cache:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_path()
        self._local = threading.local()
        self._open_checked()

    # -- connection handling -------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        # Switching a new file to WAL can report "locked" at once, without
        # waiting, while another process does the same: retry for a while.
        for attempt in range(50):
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.1)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    def _open_checked(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = self._connect()
            status = conn.execute("PRAGMA quick_check").fetchone()[0]
            if status != "ok":
                raise _Unreadable(status)
            conn.executescript(SCHEMA)
            _add_missing_columns(conn)
            conn.close()
        except sqlite3.DatabaseError as exc:
            if not _is_corruption(exc):
                raise  # e.g. "database is locked" by another process: not a broken file
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            log.warning("cache %s is unreadable (%s); moved aside to %s and rebuilt", self.path, exc, aside)
            self.moved_aside = aside
            for suffix in ("", "-wal", "-shm"):
                part = Path(str(self.path) + suffix)
                if part.exists():
                    part.replace(str(aside) + suffix)
            conn = self._connect()
            conn.executescript(SCHEMA)
            conn.close()

    @property
    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- translations ----------------------------------------------------------
    def get_translations(self, model: str, src_lang: str, texts: Sequence[str]) -> dict[int, Translation]:
        found: dict[int, Translation] = {}
        for i, text in enumerate(texts):
            row = self.conn.execute(
                "SELECT text, flagged, note, sentences, retry_version FROM translations WHERE model=? AND key=?",
                (model, text_key(src_lang, text)),
            ).fetchone()
            if row:
                sentences = tuple(tuple(pair) for pair in json.loads(row[3]))
                found[i] = Translation(text=row[0], model=model, flagged=bool(row[1]),
                                       note=row[2], sentences=sentences, retry_version=row[4])
        return found

    def put_translations(self, src_lang: str, pairs: Iterable[tuple[str, Translation]]) -> None:
        rows = [
            (t.model, text_key(src_lang, source), src_lang, t.text, int(t.flagged), t.note,
             json.dumps(t.sentences, ensure_ascii=False), time.time(), t.retry_version)
            for source, t in pairs
        ]
        with self.conn:
            self.conn.executemany(
                "INSERT OR REPLACE INTO translations (model, key, src_lang, text, flagged, note, sentences, "
                "created, retry_version) VALUES (?,?,?,?,?,?,?,?,?)", rows)

    def delete_translations(self, model: str, src_lang: str, texts: Sequence[str]) -> None:
        with self.conn:
            self.conn.executemany("DELETE FROM translations WHERE model=? AND key=?",
                                  [(model, text_key(src_lang, text)) for text in texts])

    def count_translations(self, model: str | None = None) -> int:
        if model is None:
            return self.conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
        return self.conn.execute("SELECT COUNT(*) FROM translations WHERE model=?", (model,)).fetchone()[0]

    # -- embeddings ------------------------------------------------------------
    def get_embeddings(self, model: str, texts: Sequence[str]) -> dict[int, "np.ndarray"]:
        import numpy as np

        found = {}
        for i, text in enumerate(texts):
            row = self.conn.execute("SELECT vector FROM embeddings WHERE model=? AND key=?",
                                    (model, text_key(text))).fetchone()
            if row:
                found[i] = np.frombuffer(row[0], dtype=np.float32)
        return found

    def holds_embeddings(self, model: str, texts: Sequence[str]) -> bool:
        """Whether every one of `texts` has a stored vector (none is read)."""
        return all(self.conn.execute("SELECT 1 FROM embeddings WHERE model=? AND key=?",
                                     (model, text_key(text))).fetchone() for text in texts)

    def put_embeddings(self, model: str, texts: Sequence[str], vectors: "np.ndarray") -> None:
        import numpy as np

        rows = [(model, text_key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors)]
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO embeddings VALUES (?,?,?)", rows)

    # -- whole results -----------------------------------------------------------
    def get_result(self, key: str) -> result_json.Result | None:
        """The comparison or number stored under `key`; None when there is none or it does not parse
        (an older format, a pickle of an earlier Parallax, a damaged row): the caller computes it again
        and `put_result` replaces the row."""
        row = self.conn.execute("SELECT payload FROM results WHERE key=?", (key,)).fetchone()
        if not row:
            return None
        try:
            return result_json.loads(row[0])
        except result_json.Unreadable as exc:
            log.info("ignoring cached result %s: %s", key[:12], exc)
            return None

    def put_result(self, key: str, value: result_json.Result) -> None:
        payload = result_json.dumps(value)
        with self.conn:
            self.conn.execute("INSERT OR REPLACE INTO results VALUES (?,?,?)", (key, payload, time.time()))
