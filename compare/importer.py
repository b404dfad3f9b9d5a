"""`parallax import`: turn HTML pages or text files into clean article files.

Files are read from disk; a URL is fetched only when the user passes one
(and the network exists). The main text is extracted, boilerplate dropped,
and each article is written as `articles/NN-slug.md` with front matter.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

from compare.corpus import decode_bytes, split_paragraphs
from compare.htmltext import extract_main_text

log = logging.getLogger(__name__)

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


class ImportFailed(RuntimeError):
    """A source could not be read or held no article text; the message says which."""


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def slugify(text: str, limit: int = 40) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:limit].strip("-") or "article"


def _fetch(url: str, timeout: float = 20.0) -> bytes:
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "parallax-import/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(20 * 1024 * 1024)
    except OSError as exc:
        raise ImportFailed(f"{url}: cannot fetch ({exc}); save the page and import the file instead") from exc


def import_sources(sources: list[str], set_dir: Path, outlet: str | None = None) -> list[Path]:
    """Write one article file per source into `set_dir/articles`; returns the paths."""
    articles = set_dir / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    if not (set_dir / "set.toml").exists():
        (set_dir / "set.toml").write_text(f"[set]\ntitle = {_toml_string(set_dir.name)}\n", encoding="utf-8")
    number = len(list(articles.glob("*.*"))) + 1
    written = []
    for source in sources:
        is_url = urlparse(source).scheme in ("http", "https")
        if is_url:
            raw = _fetch(source)
        else:
            try:
                raw = Path(source).read_bytes()
            except OSError as exc:
                raise ImportFailed(f"{source}: cannot read ({exc.strerror or exc})") from exc
        text, encoding = decode_bytes(raw)
        looks_html = source.lower().endswith((".html", ".htm")) or "<html" in text[:2000].lower() or is_url
        if looks_html:
            match = _TITLE.search(text)
            title = " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""
            body = extract_main_text(text)
        else:
            body = text.replace("\r\n", "\n")
            title = ""
        paragraphs = [p.text for p in split_paragraphs(body)]
        if not paragraphs:
            raise ImportFailed(f"{source}: no article text found")
        if not title and not looks_html:
            title, paragraphs = paragraphs[0], paragraphs[1:] or paragraphs
        name = outlet or (urlparse(source).netloc if is_url else Path(source).stem)
        front = [f"outlet = {_toml_string(name)}", f"title = {_toml_string(title)}"]
        if is_url:
            front.append(f"url = {_toml_string(source)}")
        path = articles / f"{number:02d}-{slugify(title or name)}.md"
        path.write_text("+++\n" + "\n".join(front) + "\n+++\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        log.info("imported %s (%s) -> %s", source, encoding, path)
        written.append(path)
        number += 1
    return written
