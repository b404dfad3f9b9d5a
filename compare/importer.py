"""`parallax import`: turn HTML pages, text, Markdown and CSV files into clean article files.

Files are read from disk; a URL is fetched only when the user passes one
(and the network exists). The main text is extracted, boilerplate dropped,
and each article is written as `articles/NN-slug.md` with front matter.

One source can hold several articles: a CSV or TSV file (one per row,
columns found by their header: title, content/text/body, url, date, outlet,
lang) and a Markdown file with several headed sections (one per section
with text under its heading, as a broadcast transcript has one per news
item). `match` keeps only the articles that mention a word; `join` writes
what is kept of one source as one article, for one outlet's coverage spread
over several items.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from compare.corpus import binary_kind, decode_bytes, split_paragraphs
from compare.text.htmltext import extract_main_text, plain_text
from compare.text.translit import transliterate

log = logging.getLogger(__name__)

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)


class ImportFailed(RuntimeError):
    """A source could not be read or held no article text; the message says which."""


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def slugify(text: str, limit: int = 40, fallback: str = "article") -> str:
    """A file-name part: ASCII letters and digits, Russian transliterated ("Визит Путина" -> "vizit-putina")."""
    text = unicodedata.normalize("NFKD", transliterate(text)).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:limit].strip("-") or fallback


def _fetch(url: str, timeout: float = 20.0) -> bytes:
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "parallax-import/0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(20 * 1024 * 1024)
    except OSError as exc:
        raise ImportFailed(f"{url}: cannot fetch ({exc}); save the page and import the file instead") from exc


@dataclass
class _Article:
    """One article read from a source, before it is written."""

    title: str
    paragraphs: list[str]
    outlet: str
    url: str = ""
    date: str = ""
    lang: str = ""

    def mentions(self, word: str) -> bool:
        word = word.casefold()
        return word in self.title.casefold() or any(word in p.casefold() for p in self.paragraphs)


def import_sources(sources: list[str], set_dir: Path, outlet: str | None = None,
                   match: str | None = None, join: bool = False) -> list[Path]:
    """Write the articles of every source into `set_dir/articles`; returns the paths.

    With `match`, only articles whose title or text contain it (case
    ignored) are written; a source with none is an error that says so. With
    `join`, the articles of one source become one: their texts in order,
    titled and dated by the first (a later item's headline would stand as a
    paragraph of its own and pair with other outlets' headlines).
    """
    read = []
    for source in sources:
        articles = _read(source, outlet)
        if match:
            articles = [a for a in articles if a.mentions(match)]
            if not articles:
                raise ImportFailed(f"{source}: no article mentions {match!r}")
        if join and len(articles) > 1:
            articles = [_joined(articles)]
        read.append((source, articles))
    folder = set_dir / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    if not (set_dir / "set.toml").exists():
        (set_dir / "set.toml").write_text(f"[set]\ntitle = {_toml_string(set_dir.name)}\n", encoding="utf-8")
    number = len(list(folder.glob("*.*"))) + 1
    written = []
    for source, articles in read:
        for article in articles:
            front = [f"outlet = {_toml_string(article.outlet)}", f"title = {_toml_string(article.title)}"]
            front += [f"{key} = {_toml_string(value)}" for key, value in
                      (("url", article.url), ("date", article.date), ("lang", article.lang)) if value]
            slug = slugify(article.title, fallback="")
            if not re.search("[a-z]", slug):  # a Chinese title leaves nothing, or only its figures ("75")
                slug = slugify(f"{article.outlet} {article.date}")
            path = folder / f"{number:02d}-{slug}.md"
            path.write_text("+++\n" + "\n".join(front) + "\n+++\n\n" + "\n\n".join(article.paragraphs) + "\n",
                            encoding="utf-8")
            log.info("imported %s -> %s", source, path)
            written.append(path)
            number += 1
    return written


def _joined(articles: list[_Article]) -> _Article:
    first = articles[0]
    outlets = sorted({a.outlet for a in articles})
    return _Article(first.title, [p for a in articles for p in a.paragraphs], ", ".join(outlets),
                    url=first.url, date=first.date, lang=first.lang)


# What a page's <title> adds after its headline: " | Example News", " - BBC News".
_SITE_SUFFIX = re.compile(r"^\s*[|\-–—:·•]\s*(?P<site>\S.{0,60})$")


def _headline_out(title: str, paragraphs: list[str]) -> tuple[str, str, list[str]]:
    """(title, site name, paragraphs) of a page: a headline that opens the text is the title, not a paragraph.

    The <title> is the headline plus, often, the site's name ("Summit in
    Beijing | Example News"); the first paragraph (the <h1>) repeats the
    headline. Kept as a paragraph it would be aligned and scored as content.
    """
    if len(paragraphs) < 2 or not title:
        return title, "", paragraphs
    first = " ".join(paragraphs[0].split())
    if first.casefold() == title.casefold():
        return first, "", paragraphs[1:]
    suffix = _SITE_SUFFIX.match(title[len(first):]) if title.casefold().startswith(first.casefold()) else None
    if suffix:
        return first, suffix.group("site").strip(), paragraphs[1:]
    return title, "", paragraphs


def _titled(paragraphs: list[str]) -> tuple[str, list[str]]:
    """A text with no title of its own: its first paragraph is the title (a one-paragraph text keeps it as text)."""
    return (paragraphs[0], paragraphs[1:] or paragraphs) if paragraphs else ("", [])


def _read(source: str, outlet: str | None) -> list[_Article]:
    """The articles of one source (a file or a URL)."""
    is_url = urlparse(source).scheme in ("http", "https")
    if is_url:
        raw = _fetch(source)
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise ImportFailed(f"{source}: cannot read ({exc.strerror or exc})") from exc
    kind = binary_kind(raw)
    if kind:
        raise ImportFailed(f"{source}: this is {kind}, not text; save it as HTML or plain text (or copy its "
                           "text into a .txt file) and import that")
    text, encoding = decode_bytes(raw)
    log.info("read %s (%s)", source, encoding)
    text = text.replace("\r\n", "\n")
    name = outlet or (urlparse(source).netloc if is_url else Path(source).stem)
    suffix = "" if is_url else Path(source).suffix.lower()
    if suffix in (".csv", ".tsv"):
        articles = _csv_articles(source, text, outlet, delimiter="\t" if suffix == ".tsv" else ",")
    elif is_url or suffix in (".html", ".htm") or "<html" in text[:2000].lower():
        match = _TITLE.search(text)
        title = " ".join(plain_text(match.group(1)).split()) if match else ""
        title, site, paragraphs = _headline_out(title, [p.text for p in split_paragraphs(extract_main_text(text))])
        articles = [_Article(title, paragraphs, outlet or site or name, url=source if is_url else "")]
    elif suffix in (".md", ".markdown"):
        articles = _markdown_articles(text, name)
    else:
        date, text = _without_byline(text)
        title, paragraphs = _titled([p.text for p in split_paragraphs(text)])
        articles = [_Article(title, paragraphs, name, date=date)]
    articles = [a for a in articles if a.paragraphs]
    if not articles:
        raise ImportFailed(f"{source}: no article text found")
    return articles


_SENTENCE_END = tuple(".!?…。！？:：;；")
_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-?(\d{2})-?(\d{2})\b")  # 2024-05-17 or 20240517


def _date_in(text: str) -> str:
    """The first date written in `text` as an ISO date ("17/05/2024", "20240517" -> "2024-05-17"), or ""."""
    for match in _YMD.finditer(text):
        year, month, day = (int(g) for g in match.groups())
        if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    for match in _DMY.finditer(text):
        day, month, year = (int(g) for g in match.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year}-{month:02d}-{day:02d}"
    return ""


def _without_byline(text: str) -> tuple[str, str]:
    """A saved page's byline block under the title ("ICARO Media Group / Politics / 17/05/2024 23h41"), dropped.

    The block right after the first one (the title) is a byline when it has
    2 to 5 short lines (40 characters at most) and none ends a sentence.
    Returns the date found in it (ISO, or "") and the text without it.
    """
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"), maxsplit=2)
    if len(blocks) < 3:
        return "", text
    lines = [line.strip() for line in blocks[1].split("\n") if line.strip()]
    if not 2 <= len(lines) <= 5 or any(len(line) > 40 or line.endswith(_SENTENCE_END) for line in lines):
        return "", text
    return _date_in(" ".join(lines)), blocks[0] + "\n\n" + blocks[2]


# -- CSV -------------------------------------------------------------------------------

# Header names (lowercase) that hold each field, in order of preference.
_CSV_COLUMNS = {
    "text": ("content", "text", "body", "article", "lead", "description", "summary"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "date": ("date", "published", "pubdate", "date_published", "date_extracted", "datetime"),
    "outlet": ("outlet", "source", "publisher", "site"),
    "lang": ("lang", "language"),
}


def _csv_articles(source: str, text: str, outlet: str | None, delimiter: str) -> list[_Article]:
    """One article per row; the outlet is `outlet`, the row's outlet column, the URL's host or the file name.

    A ".csv" whose header splits on ";" (as spreadsheets write it in much
    of Europe and Russia) is read with ";". A whole article fits in a cell.
    """
    first_line = text.split("\n", 1)[0]
    if delimiter == "," and first_line.count(";") > first_line.count(","):
        delimiter = ";"
    csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))
    try:
        return _csv_rows(source, text, outlet, delimiter)
    except csv.Error as exc:
        raise ImportFailed(f"{source}: not a CSV file Parallax can read ({exc})") from exc


def _csv_rows(source: str, text: str, outlet: str | None, delimiter: str) -> list[_Article]:
    rows = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {name.strip().lower(): name for name in rows.fieldnames or []}
    column = {field: next((header[n] for n in names if n in header), None) for field, names in _CSV_COLUMNS.items()}
    if column["text"] is None:
        raise ImportFailed(f"{source}: the header has no text column (one of {', '.join(_CSV_COLUMNS['text'])}); "
                           f"it has {', '.join(header.values()) or 'nothing'}")

    def cell(row: dict, field: str) -> str:
        return " ".join((row.get(column[field]) or "").split()) if column[field] else ""

    articles = []
    for row in rows:
        body = (row.get(column["text"]) or "").strip()
        url = cell(row, "url")
        host = urlparse(url).netloc.removeprefix("www.") if url else ""
        name = outlet or cell(row, "outlet") or host or Path(source).stem
        articles.append(_Article(cell(row, "title"), [p.text for p in split_paragraphs(body)], name,
                                 url=url, date=cell(row, "date"), lang=cell(row, "lang")))
    return articles


# -- Markdown ----------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote)\s*>|<br\s*/?>", re.I)
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\((\S+?)\)")
_LINK_ONLY = re.compile(r"^\s*!?\[[^\]]*\]\((\S+?)\)\s*$")


def _markdown_text(block: str) -> str:
    """Markdown (with inline HTML, as exported transcripts have) as plain text, paragraphs kept.

    A link keeps its text ("[the report](https://...)" -> "the report").
    """
    block = plain_text(_BLOCK_END.sub("\n\n", block), tag="")
    return _LINK.sub(r"\1", _EMPHASIS.sub(r"\2", block))


def _section(lines: list[str]) -> tuple[list[str], str]:
    """A section's paragraphs, and the first link that stands alone on a line ("[查看原文](https://...)").

    Such a line points to the item itself (or elsewhere): it is kept as the
    article's url, not as a paragraph.
    """
    links, kept = [], []
    for line in lines:
        if link := _LINK_ONLY.match(line):
            links.append(link.group(1))
        else:
            kept.append(line)
    return [p.text for p in split_paragraphs(_markdown_text("\n".join(kept)))], links[0] if links else ""


def _markdown_articles(text: str, outlet: str) -> list[_Article]:
    """One article per headed section with text under its heading; the first heading titles a file of one.

    A date in the first heading ("# 《新闻联播》 (20240516)") dates every article.
    """
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in text.split("\n"):
        heading = _HEADING.match(line)
        if heading:
            sections.append((_markdown_text(heading.group(2)).strip(), []))
        else:
            sections[-1][1].append(line)
    found = [(title, *_section(lines)) for title, lines in sections]
    found = [(title, paragraphs, url) for title, paragraphs, url in found if paragraphs]
    first_heading = next((title for title, _ in sections if title), "")
    if len(found) == 1 and not first_heading:  # no heading at all: the first line is the title, as in a .txt
        _, paragraphs, url = found[0]
        found = [(*_titled(paragraphs), url)]
    date = _date_in(first_heading)
    return [_Article(title or first_heading, paragraphs, outlet, url=url, date=date)
            for title, paragraphs, url in found]
