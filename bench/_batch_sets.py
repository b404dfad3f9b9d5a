"""Small article sets for bench/batch.py, and a translator with a fixed cost per paragraph.

`fake_slow` is imported by name inside Ray's workers; it sleeps a fixed
time per paragraph and returns the text marked as translated, so the cost
of translating is known exactly and what a batch adds over it can be read
off the clock.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from compare.translate.base import Translator
from compare.types import Translation

COST = "PARALLAX_BENCH_PARAGRAPH_SECONDS"

RU = ["Саммит в городе {n} открылся в среду.", "Лидеры обсудили торговлю и энергетику, встреча {n}.",
      "Переговоры продлятся два дня, заявил представитель {n}.", "Стороны подписали соглашение номер {n}."]
ZH = ["峰会于星期三在第{n}号城市开幕。", "领导人讨论了贸易和能源问题，第{n}次会晤。",
      "发言人{n}表示，会谈将持续两天。", "双方签署了第{n}号协议。"]
EN = ["The summit opened on Wednesday in city {n}.", "Leaders discussed trade and energy at meeting {n}.",
      "Talks will last two days, spokesperson {n} said.", "The sides signed agreement number {n}."]


class FixedCostTranslator(Translator):
    model_id = "bench:fixed-cost"
    batch_size = 1

    def __init__(self, seconds: float):
        self.seconds = seconds

    def supports(self, src: str) -> bool:
        return src != "en"

    def translate(self, paragraphs, src, *, context=None, on_step=None, cancel=None):
        out = []
        for i, paragraph in enumerate(paragraphs, 1):
            time.sleep(self.seconds)
            out.append(Translation(text=f"[{src}] {paragraph}", model=self.model_id))
            if on_step:
                on_step(i, len(paragraphs))
        return out


def fake_slow(lang: str) -> FixedCostTranslator:
    return FixedCostTranslator(float(os.environ.get(COST, "0.5")))


def write_sets(root: Path, sets: int, per_language: int) -> list[Path]:
    """`sets` sets of three outlets (en, ru, zh), `per_language` paragraphs each, none shared between sets."""
    out = []
    for n in range(sets):
        folder = root / f"set-{n:02d}"
        (folder / "articles").mkdir(parents=True)
        (folder / "set.toml").write_text(f'[set]\ntitle = "Summit {n}"\n', encoding="utf-8")
        for name, outlet, texts in (("01-wire-en", "Wire", EN), ("02-agency-ru", "Agency", RU),
                                    ("03-daily-zh", "Daily", ZH)):
            body = "\n\n".join(texts[k % len(texts)].format(n=f"{n}.{k}") for k in range(per_language))
            (folder / "articles" / f"{name}.md").write_text(f'+++\noutlet = "{outlet}"\n+++\n\n{body}\n',
                                                            encoding="utf-8")
        out.append(folder)
    return out
