"""English for the benchmark's ru/zh paragraphs: the real translator (cached), the WMT references, or none."""

from __future__ import annotations

import sys
from typing import Sequence

from bench import _wmt


class Translations:
    """English for ru/zh units from one source: 'reference', 'none' or a translator name."""

    def __init__(self, source: str, docs: dict[str, _wmt.Doc]):
        self.source = source
        self.docs = docs
        self.model_id = source
        self._paragraphs: dict[tuple[str, str], str] = {}

    def prepare(self, units: Sequence[_wmt.Unit]) -> None:
        """Translate every ru/zh unit as it stands (real translator only), cached in SQLite.

        A merged paragraph or a split piece is translated as the paragraph it
        is, as the pipeline would translate it; one with no words (a handle,
        a lone "？") is kept as it is, as the pipeline keeps it. Units are translated without
        context (a set's units are not one article), in sorted chunks of 8.
        """
        if self.source in ("reference", "none"):
            return
        from compare.cache import Cache
        from compare.translate import factory

        cache = Cache()
        for lang in ("ru", "zh"):
            needed = sorted({u.text for u in units if u.lang == lang and not _wordless(u.text)})
            translator = _make_translator(self.source, lang)
            self.model_id = translator.model_id
            # The pipeline's own path: behind the cache, a very long paragraph
            # or a headline run into the text translated in pieces. A stored
            # translation that today's checks would redo (made before a guard
            # existed, or flagged after an older retry) is translated again
            # here too, so the table measures the translator as it is now.
            documents = factory.build(self.source, lang, cache, backend=translator)
            found = documents.cached(needed, lang)
            for i, result in found.items():
                self._paragraphs[(lang, needed[i])] = result.text
            todo = [p for k, p in enumerate(needed) if k not in found]
            if todo:
                print(f"  translating {len(todo)} {lang} paragraphs with {translator.model_id} "
                      f"({len(found)} cached)...", file=sys.stderr, flush=True)
            # Chunks of 8 go through the backend's parallel slots; each piece
            # is cached at once, so an interrupted run keeps what it finished.
            for start in range(0, len(todo), 8):
                chunk = todo[start : start + 8]
                for paragraph, result in zip(chunk, documents.translate(chunk, lang)):
                    self._paragraphs[(lang, paragraph)] = result.text
                print(f"    {lang} {start + len(chunk)}/{len(todo)}", file=sys.stderr, flush=True)

    def english(self, unit: _wmt.Unit) -> str | None:
        """The unit's English: itself, the WMT reference sentences, or its translation."""
        if unit.lang == "en":
            return unit.text
        if self.source == "none":
            return None
        if self.source == "reference":
            return _wmt.reference_english(unit, self.docs)
        if _wordless(unit.text):  # kept as it is, as the pipeline keeps it ("@user8", "？")
            return unit.text
        return self._paragraphs[(unit.lang, unit.text)]


def _wordless(text: str) -> bool:
    """No words to translate: the pipeline marks such a paragraph "und" and keeps it (`compare.detect`)."""
    from compare.detect import has_words

    return not has_words(text)


def _make_translator(name: str, lang: str):
    """The project's translator backend by name."""
    from compare.translate.factory import choose_backend

    return choose_backend(name, lang)
