import sqlite3

import numpy as np

from compare.cache import Cache
from compare.translate.cached import CachedTranslator
from compare.types import Translation

from fakes import FakeTranslator


def test_translations_round_trip_and_keyed_by_model_and_language(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    t = Translation(text="hello", model="m1", flagged=True, note="n", sentences=(("привет", "hello"),))
    cache.put_translations("ru", [("привет", t)])
    assert cache.get_translations("m1", "ru", ["привет", "пока"]) == {0: t}
    assert cache.get_translations("m2", "ru", ["привет"]) == {}
    assert cache.get_translations("m1", "uk", ["привет"]) == {}


def test_embeddings_round_trip(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    vectors = np.random.default_rng(0).normal(size=(2, 4)).astype(np.float32)
    cache.put_embeddings("e", ["a", "b"], vectors)
    found = cache.get_embeddings("e", ["b", "c", "a"])
    assert set(found) == {0, 2}
    np.testing.assert_array_equal(found[0], vectors[1])


def test_cached_translator_translates_each_text_once(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    inner = FakeTranslator({"мир": "peace"}, batch_size=2)
    translator = CachedTranslator(inner, cache)
    first = translator.translate(["мир", "мир и", "и"], "ru")
    assert [t.text for t in first] == ["peace", "peace и", "и"]
    inner.calls.clear()
    again = translator.translate(["и", "мир", "новый мир"], "ru")
    assert inner.calls == [["новый мир"]]
    assert [t.text for t in again] == ["и", "peace", "новый peace"]


def test_cached_translator_passes_previous_paragraph_as_context(tmp_path):
    seen = []

    class Spy(FakeTranslator):
        def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
            seen.append(context.previous)
            return super().translate(paragraphs, src, context=context, on_step=on_step, cancel=cancel)

    CachedTranslator(Spy(batch_size=2), Cache(tmp_path / "c.sqlite")).translate(["a", "b", "c"], "ru")
    assert seen == ["", "b"]


def test_corrupt_cache_is_moved_aside_and_rebuilt(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    cache = Cache(path)
    assert cache.moved_aside.exists()
    cache.put_translations("ru", [("a", Translation(text="b", model="m"))])
    assert cache.count_translations() == 1
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_locked_cache_is_an_error_not_a_corrupt_file(tmp_path, monkeypatch):
    """Another process holding the lock must never get the file moved aside under it."""
    import pytest

    path = tmp_path / "c.sqlite"
    Cache(path).put_translations("ru", [("a", Translation(text="b", model="m"))])

    def locked(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Cache, "_connect", locked)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        Cache(path)
    monkeypatch.undo()
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert Cache(path).count_translations() == 1


def test_a_stored_translation_failing_a_newer_check_is_translated_again(tmp_path):
    class Checked(FakeTranslator):
        def recheck(self, src, source, translation):
            return ["bad"] if "peace" in translation.text else []

    cache = Cache(tmp_path / "c.sqlite")
    CachedTranslator(FakeTranslator({"мир": "peace"}), cache).translate(["мир", "и"], "ru")
    inner = Checked({"мир": "world"})
    translator = CachedTranslator(inner, cache)
    assert set(translator.cached(["мир", "и"], "ru")) == {1}
    out = translator.translate(["мир", "и"], "ru")
    assert inner.calls == [["мир"]] and [t.text for t in out] == ["world", "и"]
    assert cache.get_translations("fake:1", "ru", ["мир"])[0].text == "world"  # the new one is stored


def test_the_retry_version_of_a_flagged_translation_is_kept(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    cache.put_translations("ru", [("мир", Translation("world", "fake:1", flagged=True, note="x", retry_version=3))])
    got = Cache(tmp_path / "c.sqlite").get_translations("fake:1", "ru", ["мир"])[0]
    assert (got.flagged, got.note, got.retry_version) == (True, "x", 3)


def test_a_cache_written_before_retry_versions_is_upgraded_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE translations (model TEXT NOT NULL, key TEXT NOT NULL, src_lang TEXT NOT NULL, "
        "text TEXT NOT NULL, flagged INTEGER NOT NULL, note TEXT NOT NULL, sentences TEXT NOT NULL, "
        "created REAL NOT NULL, PRIMARY KEY (model, key));")
    from compare.cache import text_key

    conn.execute("INSERT INTO translations VALUES (?,?,?,?,?,?,?,?)",
                 ("fake:1", text_key("ru", "мир"), "ru", "world", 1, "old flag", "[]", 0.0))
    conn.commit()
    conn.close()
    cache = Cache(path)
    old = cache.get_translations("fake:1", "ru", ["мир"])[0]
    assert (old.text, old.flagged, old.retry_version) == ("world", True, 0)  # nothing lost
    cache.put_translations("ru", [("и", Translation("and", "fake:1"))])
    assert cache.get_translations("fake:1", "ru", ["и"])[0].text == "and"
    assert not list(path.parent.glob("*.corrupt-*"))


# One process opening an old cache: it reads the translations table's columns,
# waits at a barrier (files in a folder) until the other process has read them
# too, then goes on adding the missing column. Prints what its ALTER TABLE did.
UPGRADE = r"""
import sqlite3, sys, time
from pathlib import Path

from compare import cache as cache_module

path, barrier, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
outcome = []


class Racing:
    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql, *args):
        if sql.startswith("ALTER TABLE"):
            try:
                result = self.conn.execute(sql, *args)
            except sqlite3.OperationalError as exc:
                outcome.append(str(exc))
                raise
            outcome.append("altered")
            return result
        if not sql.startswith("PRAGMA table_info"):
            return self.conn.execute(sql, *args)
        rows = list(self.conn.execute(sql, *args))
        (barrier / name).touch()
        deadline = time.monotonic() + 30
        while len(list(barrier.iterdir())) < 2:
            if time.monotonic() > deadline:
                sys.exit("the other process never read the columns")
            time.sleep(0.01)
        return rows


upgrade = cache_module._add_missing_columns
cache_module._add_missing_columns = lambda conn: upgrade(Racing(conn))
cache = cache_module.Cache(path)
print(outcome[0])
print(cache.get_translations("fake:1", "ru", ["мир"])[0].text)
"""


def test_two_processes_upgrading_one_old_cache_at_once_both_succeed(tmp_path):
    """Both read the old columns before either adds the new one: the second to add it
    finds it there already, which is not an error, and both go on with the cache."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from compare.cache import text_key

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE TABLE translations (model TEXT NOT NULL, key TEXT NOT NULL, src_lang TEXT NOT NULL, "
            "text TEXT NOT NULL, flagged INTEGER NOT NULL, note TEXT NOT NULL, sentences TEXT NOT NULL, "
            "created REAL NOT NULL, PRIMARY KEY (model, key))")
        conn.execute("INSERT INTO translations VALUES (?,?,?,?,?,?,?,?)",
                     ("fake:1", text_key("ru", "мир"), "ru", "world", 0, "", "[]", 0.0))
    conn.close()
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    processes = [subprocess.Popen([sys.executable, "-c", UPGRADE, str(path), str(barrier), name],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for name in ("first", "second")]
    results = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, results):
        assert process.returncode == 0, err[-3000:]
    outcomes = sorted(out.splitlines()[0] for out, _ in results)
    assert outcomes[0] == "altered" and "duplicate column" in outcomes[1]  # they really raced
    assert all(out.splitlines()[1] == "world" for out, _ in results)  # nothing lost, in either
    assert not list(tmp_path.glob("*.corrupt-*"))


# -- whole results: stored as data, never as pickles ------------------------------------------------

def _stored_set(tmp_path):
    """A small set compared with the fakes, its options, and the key its comparison is stored under."""
    from compare import pipeline
    from compare.corpus import load_article_set

    from test_pipeline import make_set, options

    article_set = load_article_set(make_set(tmp_path / "set"))
    opts = options(tmp_path)
    return article_set, opts, pipeline.result_key(article_set, opts)


def test_a_stored_comparison_reads_back_equal_and_is_json(tmp_path):
    import json

    from compare import pipeline

    article_set, opts, key = _stored_set(tmp_path)
    comparison = pipeline.run(article_set, options=opts)
    cache = Cache(opts.cache_path)
    assert cache.get_result(key) == comparison
    payload = cache.conn.execute("SELECT payload FROM results WHERE key=?", (key,)).fetchone()[0]
    assert json.loads(payload)["kind"] == "comparison"


def test_a_stored_number_reads_back(tmp_path):
    cache = Cache(tmp_path / "c.sqlite")
    cache.put_result("rate", 0.125)
    assert Cache(tmp_path / "c.sqlite").get_result("rate") == 0.125


class _Trap:
    """Unpickling this creates a file: proof that a pickle was run."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_a_pickled_result_of_an_older_parallax_is_recomputed_never_unpickled(tmp_path):
    import pickle

    from compare import pipeline

    article_set, opts, key = _stored_set(tmp_path)
    trap = tmp_path / "unpickled"
    cache = Cache(opts.cache_path)
    with cache.conn:
        cache.conn.execute("INSERT INTO results VALUES (?,?,?)", (key, pickle.dumps(_Trap(trap)), 0.0))
    assert cache.get_result(key) is None
    assert pipeline.load_cached(article_set, opts) is None
    assert not trap.exists()
    comparison = pipeline.run(article_set, options=opts)  # recomputed, and stored over the old row
    assert not trap.exists()
    assert pipeline.load_cached(article_set, opts).groups == comparison.groups
    assert cache.conn.execute("SELECT COUNT(*) FROM results WHERE key=?", (key,)).fetchone()[0] == 1


def test_a_corrupt_or_foreign_result_row_is_a_miss(tmp_path):
    import json

    cache = Cache(tmp_path / "c.sqlite")
    cache.put_result("rate", 0.5)
    good = cache.conn.execute("SELECT payload FROM results WHERE key='rate'").fetchone()[0]
    rows = {
        "cut": good[: len(good) // 2],
        "binary": b"\x00\xff\x80 not text",
        "other-version": json.dumps({**json.loads(good), "version": 0}),
        "wrong-type": json.dumps({**json.loads(good), "value": "fast"}),
        "unknown-kind": json.dumps({**json.loads(good), "kind": "module"}),
        "not-a-comparison": json.dumps({**json.loads(good), "kind": "comparison", "value": {"set": 1}}),
    }
    with cache.conn:
        cache.conn.executemany("INSERT INTO results VALUES (?,?,?)", [(k, v, 0.0) for k, v in rows.items()])
    for key in rows:
        assert cache.get_result(key) is None, key


def test_a_result_is_peeked_without_opening_the_cache_for_work(tmp_path):
    from compare.cache import peek_result

    path = tmp_path / "c.sqlite"
    assert peek_result(path, "rate") is None
    assert not path.exists()  # a look never makes a cache
    cache = Cache(path)
    cache.put_result("rate", 0.5)
    assert peek_result(path, "rate") == 0.5
    assert peek_result(path, "other") is None
    with cache.conn:
        cache.conn.execute("INSERT INTO results VALUES ('cut', '{\"kind\": ', 0.0)")
    assert peek_result(path, "cut") is None
    cache.close()


def test_a_damaged_cache_peeks_as_no_result_and_is_left_for_the_full_open(tmp_path):
    from compare.cache import peek_result

    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    assert peek_result(path, "rate") is None
    assert path.read_bytes().startswith(b"this is not")  # untouched: Cache() sets it aside
    assert Cache(path).moved_aside.exists()
