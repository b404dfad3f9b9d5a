"""Main text out of an HTML article, without boilerplate.

Uses trafilatura when it is installed; otherwise a plain fallback that keeps
the text of <p> and heading elements and drops scripts, styles, navigation.
"""

from __future__ import annotations

import html
import logging
import re

log = logging.getLogger(__name__)

_DROP = re.compile(r"<(script|style|nav|header|footer|aside|form|noscript)\b.*?</\1\s*>", re.S | re.I)
_BLOCK = re.compile(r"<(p|h[1-6]|li|blockquote)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def plain_text(fragment: str, tag: str = " ") -> str:
    """An HTML fragment's text: tags replaced by `tag`, entities decoded ("<b>A&amp;B</b>" -> " A&B ")."""
    return html.unescape(_TAG.sub(tag, fragment))


def extract_main_text(markup: str) -> str:
    """Paragraphs of the page's main text, separated by blank lines."""
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    if trafilatura is not None:
        text = trafilatura.extract(markup, include_comments=False, include_tables=False)
        if text:
            return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    cleaned = _DROP.sub(" ", markup)
    blocks = []
    for _, inner in _BLOCK.findall(cleaned):
        text = " ".join(plain_text(inner).split())
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)
