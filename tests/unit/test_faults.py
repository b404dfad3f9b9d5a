"""Runs that are killed or interrupted keep every finished translation."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from compare.cache import Cache
from compare.translate.cached import CachedTranslator

from fakes import FakeTranslator

HERE = Path(__file__).resolve().parent
PARAGRAPHS = [f"абзац номер {i}" for i in range(20)]

WORKER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {here!r})
    from compare.cache import Cache
    from compare.translate.cached import CachedTranslator
    from fakes import FakeTranslator

    paragraphs = [f"абзац номер {{i}}" for i in range(20)]
    def step(done, total):
        print(done, flush=True)
    translator = CachedTranslator(FakeTranslator(batch_size=1, slow=0.2), Cache(sys.argv[1]))
    translator.translate(paragraphs, "ru", on_step=step)
""")


def test_kill_9_mid_translation_keeps_finished_paragraphs(tmp_path):
    cache_path = tmp_path / "cache.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", WORKER.format(here=str(HERE)), str(cache_path)],
                            stdout=subprocess.PIPE, text=True, cwd=HERE.parents[1])
    reported = 0
    for line in proc.stdout:
        reported = int(line)
        if reported >= 5:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    kept = Cache(cache_path).count_translations("fake:1")
    assert kept >= 5  # every paragraph reported finished was already written
    assert kept < len(PARAGRAPHS)

    inner = FakeTranslator(batch_size=1)
    result = CachedTranslator(inner, Cache(cache_path)).translate(PARAGRAPHS, "ru")
    translated_again = [p for call in inner.calls for p in call]
    assert len(translated_again) == len(PARAGRAPHS) - kept
    assert len(set(translated_again)) == len(translated_again)
    assert [r.text for r in result] == PARAGRAPHS


def test_two_processes_share_one_cache(tmp_path):
    cache_path = tmp_path / "cache.sqlite"
    script = WORKER.format(here=str(HERE)).replace("slow=0.2", "slow=0.01")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(cache_path)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True, cwd=HERE.parents[1]) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    cache = Cache(cache_path)
    assert cache.count_translations("fake:1") == len(PARAGRAPHS)
    assert cache.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_threads_share_one_cache(tmp_path):
    cache = Cache(tmp_path / "cache.sqlite")
    errors = []

    def work(offset):
        try:
            CachedTranslator(FakeTranslator(batch_size=3), cache).translate(
                [f"text {offset} {i}" for i in range(30)], "ru")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert cache.count_translations() == 120


CLI_WORKER = textwrap.dedent("""
    import signal
    import sys
    # As in a terminal: a job started in the background by a shell (as CI
    # scripts may be) inherits SIGINT ignored, and Python keeps it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.path.insert(0, {here!r})
    import compare.translate.factory as factory
    import compare.pipeline as pipeline
    from fakes import FakeTranslator, FakeEmbedder
    factory.choose_backend = lambda kind, src: FakeTranslator(batch_size=1, slow=0.3)
    real_run = pipeline.run
    def run(article_set, *, options=None, **kw):
        options.embedder = options.cross_embedder = FakeEmbedder()
        return real_run(article_set, options=options, **kw)
    pipeline.run = run
    from tui.__main__ import main
    sys.exit(main(["report", sys.argv[1], "--format", "json"]))
""")


def test_ctrl_c_in_the_cli_stops_cleanly_and_keeps_finished_work(tmp_path):
    root = tmp_path / "set"
    (root / "articles").mkdir(parents=True)
    body = "\n\n".join(f"Абзац номер {i} о переговорах в Пекине и торговле между странами." for i in range(30))
    (root / "articles" / "a.md").write_text(f'+++\noutlet = "A"\nlang = "ru"\n+++\n\n{body}\n', encoding="utf-8")
    cache = tmp_path / "cache.sqlite"
    env = {**os.environ, "PARALLAX_CACHE": str(cache)}
    proc = subprocess.Popen([sys.executable, "-c", CLI_WORKER.format(here=str(HERE)), str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=HERE.parents[1])
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if cache.exists() and Cache(cache).count_translations("fake:1") >= 3:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert out == ""
    kept = Cache(cache).count_translations("fake:1")
    assert 0 < kept < 30
