"""Stand-ins for the translation model inside Ray workers (imported there by name), and tiny sets."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fakes import FakeTranslator

from compare.translate.base import TranslatorUnavailable

# A folder, set before Ray starts (workers inherit it): each fake translation is logged in its
# file "log", one line per paragraph, by whichever process made it; its file "slow", when there,
# holds the seconds each paragraph takes, so a test can act while a batch runs.
CONTROL = "PARALLAX_TEST_BATCH_CONTROL"
# Set on a node (its raylet's environment): that node's "model" is missing.
MISSING = "PARALLAX_TEST_MODEL_MISSING"


def control() -> Path | None:
    folder = os.environ.get(CONTROL)
    return Path(folder) if folder else None


def translated(folder: Path) -> list[str]:
    """The paragraphs the fakes translated, in order, with repeats."""
    log = folder / "log"
    return [line.split("\t", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []

WORDS = {"москве": "Moscow", "саммит": "summit", "пекине": "Beijing", "北京": "Beijing", "峰会": "summit"}


class LoggingTranslator(FakeTranslator):
    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        folder = control()
        slow = float((folder / "slow").read_text()) if folder and (folder / "slow").exists() else 0.0
        out = []
        for i, paragraph in enumerate(paragraphs, 1):
            if slow:
                time.sleep(slow)
            out += super().translate([paragraph], src, context=context, cancel=cancel)
            if folder:
                with open(folder / "log", "a", encoding="utf-8") as f:
                    f.write(f"{os.getpid()}\t{paragraph}\n")
            if on_step:
                on_step(i, len(paragraphs))
        return out


def fake_backend(lang: str) -> LoggingTranslator:
    if os.environ.get(MISSING):
        raise TranslatorUnavailable("the fake model is not installed on this node")
    return LoggingTranslator(WORDS, batch_size=1)


RU = ["Саммит в Москве открылся в среду номер {n}.", "Лидеры обсудили торговлю и энергетику {n}.",
      "Переговоры продлятся два дня {n}."]
ZH = ["峰会于星期三在北京开幕，第{n}次。", "领导人讨论了贸易和能源问题{n}。"]
EN = ["The summit opened on Wednesday, number {n}.", "Leaders discussed trade and energy {n}.",
      "Talks will last two days {n}."]


def write_set(root: Path, n: int, bad: bool = False) -> Path:
    """A small set of three outlets (en, ru, zh) whose paragraphs differ from every other set's (by `n`)."""
    folder = root / f"set-{n:02d}"
    (folder / "articles").mkdir(parents=True)
    (folder / "set.toml").write_text(f'[set]\ntitle = "Summit {n}"\n', encoding="utf-8")
    for name, outlet, paragraphs in (("01-wire-en", "Wire", EN), ("02-agency-ru", "Agency", RU),
                                     ("03-daily-zh", "Daily", ZH)):
        body = "\n\n".join(p.format(n=n) for p in paragraphs)
        (folder / "articles" / f"{name}.md").write_text(
            f'+++\noutlet = "{outlet}"\ntitle = "Summit {n}"\n+++\n\n{body}\n', encoding="utf-8")
    if bad:
        (folder / "articles" / "04-broken.md").write_bytes(b"+++\noutlet = \n+++\n\n\x00\x01\x02")
    return folder
