"""SemEval-2022 Task 8 dev pairs (../shared/data/semeval2022_dev) as two-article sets, and their human ratings.

Each pair becomes a set of two articles, read as a user's pasted text
would be: blank lines separate paragraphs, and a block too long for a news
paragraph is cut into passages (`compare.corpus.cut_long_blocks`). The
measure is how much of the two articles Parallax puts into shared groups,
against the human Overall rating (1 = the same story ... 4 = unrelated):
a check of alignment on real coverage written apart, with no gold links.

The data is read in place and never copied into the project.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

from compare.corpus import cut_long_blocks, split_paragraphs
from compare.text.scripts import HAN
from compare.types import Article, ArticleSet

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "semeval2022_dev" / "pairs.jsonl"

_HAN = re.compile(f"[{HAN}]")
_WORD = re.compile(r"\w+")
# Han characters per English word, to weigh Chinese text by its words.
HAN_PER_WORD = 1.5


@dataclass(frozen=True)
class Pair:
    pair_id: str
    langs: tuple[str, str]
    article_set: ArticleSet
    overall: float  # human rating: 1 = the same story ... 4 = unrelated

    @property
    def kind(self) -> str:
        return "-".join(self.langs)


def available() -> bool:
    return DATA.is_file()


def _article(article_id: str, lang: str, text: str) -> Article | None:
    paragraphs = cut_long_blocks(split_paragraphs(text.replace("\r\n", "\n")))
    if not paragraphs:
        return None
    return Article(id=article_id, outlet=f"text {article_id[-1]}", declared_lang=lang,
                   title=paragraphs[0].text[:80], paragraphs=tuple(paragraphs))


def load_pairs(langs: Iterable[str] | None = None) -> list[Pair]:
    """Every pair (or those whose language pair, such as "en-en", is in `langs`) with text on both sides."""
    wanted = set(langs) if langs is not None else None
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        kind = f"{row['lang1']}-{row['lang2']}"
        if wanted is not None and kind not in wanted:
            continue
        first = _article(f"{row['pair_id']}-1", row["lang1"], row["text_1"])
        second = _article(f"{row['pair_id']}-2", row["lang2"], row["text_2"])
        if first is None or second is None:
            continue
        article_set = ArticleSet(path=str(DATA), title=f"SemEval pair {row['pair_id']}", articles=(first, second))
        out.append(Pair(str(row["pair_id"]), (row["lang1"], row["lang2"]), article_set, row["scores"]["Overall"]))
    return out


def words(text: str) -> float:
    """Words in a text; Chinese counted as its Han characters / HAN_PER_WORD."""
    han = len(_HAN.findall(text))
    return len(_WORD.findall(_HAN.sub(" ", text))) + han / HAN_PER_WORD


def shared_share(texts: Mapping[str, Sequence[str]], groups: Iterable[Mapping[str, Sequence[int]]]) -> float:
    """The share of all words of the articles that lie in groups holding more than one article."""
    weights = {a: [words(t) for t in paragraphs] for a, paragraphs in texts.items()}
    total = sum(sum(w) for w in weights.values())
    shared = sum(weights[a][i] for g in groups if len(g) > 1 for a, indices in g.items() for i in indices)
    return shared / total if total else 0.0


def minus_r(values: Sequence[float], overall: Sequence[float]) -> float:
    """Pearson r of `values` with minus the Overall rating (so 1 = follows similarity perfectly); nan if constant."""
    x, y = np.asarray(values, float), -np.asarray(overall, float)
    if len(x) < 3 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])
