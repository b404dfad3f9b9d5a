"""Loading an article set from disk, with errors a user can act on.

A set is a folder::

    set.toml              [set] title, event, date, description; optional [glossary]
    articles/NN-slug.md   +++ TOML front matter +++, then paragraphs separated by blank lines
    articles/NN-slug.txt  first line = title, then paragraphs
    gold.toml             optional expected groups (see compare.evaluate)

One bad article never loses the others: it is reported in
`ArticleSet.problems` (file, line, what to do) and skipped.
"""

from __future__ import annotations

import logging
import re
import tomllib
from pathlib import Path

from compare.text import languages, passages
from compare.text.scripts import is_cyrillic, is_han, is_unspaced
from compare.types import Article, ArticleSet, Paragraph, Problem

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = (".md", ".txt", ".html", ".htm")
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
KNOWN_KEYS = {"outlet", "title", "url", "date", "lang"}
# Tried in order when a file is not UTF-8; the best-scoring decode wins.
FALLBACK_ENCODINGS = ("cp1251", "koi8_r", "gb18030", "big5", "latin-1")


class SetError(Exception):
    """The path is not a usable article set at all (as opposed to one bad article)."""


def load_article_set(path: str | Path) -> ArticleSet:
    root = Path(path).expanduser()
    if not root.exists():
        raise SetError(f"{root}: no such folder. Give the path of an article set (a folder with set.toml and articles/).")
    if not root.is_dir():
        raise SetError(f"{root}: is a file, not a folder. Give the folder that holds set.toml and articles/.")
    problems: list[Problem] = []
    meta, glossary = _read_set_toml(root, problems)
    files = article_files(root)
    if not files:
        raise SetError(
            f"{root}: no articles found. Put .md, .txt or .html files in {root / 'articles'}/ "
            "(see README: Article sets)."
        )
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for file in files:
        stem = file.stem
        if stem in seen:
            problems.append(Problem(str(file), f"duplicate article id {stem!r} (also {seen[stem].name})",
                                    "rename one of the files; the id is the file name without extension"))
            continue
        article = _load_article(file, problems)
        if article is not None:
            seen[stem] = file
            articles.append(article)
    if not articles:
        details = "; ".join(str(p) for p in problems if p.severity == "error")
        raise SetError(f"{root}: none of the {len(files)} article files could be read: {details}")
    _note_copies(articles, problems)
    for problem in problems:
        log.info("%s", problem)  # returned in `problems`: the caller reports them
    return ArticleSet(
        path=str(root),
        title=_title(root, meta),
        event=str(meta.get("event", "")),
        date=str(meta.get("date", "")),
        description=str(meta.get("description", "")),
        glossary=glossary,
        articles=tuple(articles),
        problems=tuple(problems),
    )


def _note_copies(articles: list[Article], problems: list[Problem]) -> None:
    """Warn about an article whose paragraphs are those of an earlier one.

    It stays in the set: two outlets running one wire story is worth seeing.
    But the same page saved twice is a common slip, and every group would
    show the two copies agreeing.
    """
    first: dict[tuple[str, ...], Article] = {}
    for article in articles:
        body = tuple(" ".join(p.text.split()) for p in article.paragraphs)
        if not body:
            continue
        if body in first:
            original = first[body]
            problems.append(Problem(
                article.path, f"same text as {original.id} ({original.outlet})",
                "if it is one article saved twice, remove a copy; kept, as outlets do run the same wire story",
                severity="warning"))
        else:
            first[body] = article


def article_files(root: Path) -> list[Path]:
    """The article files of a set: in articles/, or in the folder itself when it has none."""
    folder = root / "articles" if (root / "articles").is_dir() else root
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.suffix.lower() in ARTICLE_SUFFIXES and p.name not in {"NOTES.md", "README.md"})


def set_title(root: Path) -> str:
    """The title a set goes by: set.toml's [set] title, else the folder's name."""
    return _title(root, _set_toml(root, [])[1])


def _title(root: Path, meta: dict) -> str:
    return str(meta.get("title") or root.name)


def _read_set_toml(root: Path, problems: list[Problem]) -> tuple[dict, dict[str, str]]:
    data, meta = _set_toml(root, problems)
    # `glossary = "names.toml"` may sit at the top or, as people write it, under [set]
    return meta, _glossary(root, root / "set.toml", data.get("glossary", meta.get("glossary", {})), problems)


def _set_toml(root: Path, problems: list[Problem]) -> tuple[dict, dict]:
    """set.toml as a whole and its [set] section; empty, with a warning, when missing or of the wrong shape."""
    file = root / "set.toml"
    if not file.exists():
        problems.append(Problem(str(file), "set.toml is missing; using the folder name as the title",
                                'add set.toml with [set] title = "..."', severity="warning"))
        return {}, {}
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(file), f"set.toml is not valid TOML: {exc}",
                                "fix the syntax (strings need quotes)", line=_toml_error_line(exc),
                                severity="warning"))
        return {}, {}
    meta = data.get("set", {})
    if not isinstance(meta, dict):
        problems.append(Problem(str(file), "set.toml: `set` is not a table; using the folder name as the title",
                                'write it as a [set] section with title = "..."', severity="warning"))
        meta = {}
    return data, meta


def _glossary(root: Path, file: Path, value: object, problems: list[Problem]) -> dict[str, str]:
    """`[glossary]` of set.toml, or the TOML file that `glossary = "names.toml"` names (beside set.toml)."""
    if isinstance(value, str):
        named = root / value
        try:
            value = tomllib.loads(named.read_text(encoding="utf-8-sig"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(named), f"the glossary set.toml names cannot be read: {exc}",
                                    'write it as "term" = "English" lines', severity="warning"))
            return {}
        file = named
    if not isinstance(value, dict):
        problems.append(Problem(str(file), "the glossary is not a table of terms; it is left out",
                                'write a [glossary] section of "term" = "English" lines', severity="warning"))
        return {}
    glossary = {str(k): v for k, v in value.items() if isinstance(v, str)}
    if len(glossary) < len(value):
        skipped = ", ".join(repr(str(k)) for k, v in value.items() if not isinstance(v, str))
        problems.append(Problem(str(file), f"glossary entries without an English string are left out: {skipped}",
                                'write "term" = "English"', severity="warning"))
    return glossary


def _toml_error_line(exc: Exception) -> int | None:
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


# Leading bytes of document formats people try to import: they are not text.
_DOCUMENT_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (a .docx, .odt or .epub document is one)"),
    (b"\xd0\xcf\x11\xe0", "a Word 97-2003 document"),
    (b"{\\rtf", "an RTF document"),
)


def binary_kind(raw: bytes) -> str | None:
    """What `raw` is when it is not text ("a PDF document", "a binary file"); None for text."""
    for magic, kind in _DOCUMENT_MAGIC:
        if raw.startswith(magic):
            return kind
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a binary file"
    return None


def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Decode article bytes; returns (text, encoding assumed)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace"), "utf-16"  # a cut-off file: odd byte replaced
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best: tuple[float, str, str] | None = None
    for encoding in FALLBACK_ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, encoding)
    if best is None:
        return raw.decode("utf-8", errors="replace"), "utf-8 (with replacements)"
    return best[1], best[2]


_RU_COMMON = set("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё")


def _plausibility(text: str) -> float:
    """How much a decode looks like natural text: letters in one real script, common letters."""
    if not text:
        return 0.0
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    cyr = sum(1 for c in letters if is_cyrillic(c))
    han = sum(1 for c in letters if is_han(c))
    latin = sum(1 for c in letters if c.isascii())
    if cyr >= max(han, latin):
        # cp1251 and koi8-r both give Cyrillic; the right one has common lowercase letters.
        return cyr / len(letters) + sum(1 for c in letters if c in _RU_COMMON) / len(letters)
    if han >= latin:
        # gb18030 decodes Big5 bytes to rare characters and vice versa; common ones win.
        common = sum(1 for c in letters if is_han(c) and _is_common_han(c))
        return han / len(letters) + common / len(letters)
    return latin / len(letters)


def _is_common_han(char: str) -> bool:
    # GB2312 level 1 holds the 3755 most common simplified characters.
    try:
        encoded = char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= encoded[0] <= 0xD7


def _load_article(file: Path, problems: list[Problem]) -> Article | None:
    try:
        size = file.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            problems.append(Problem(str(file), f"file is {size // 1024 // 1024} MB, more than the "
                                    f"{MAX_ARTICLE_BYTES // 1024 // 1024} MB limit", "split it into several articles"))
            return None
        raw = file.read_bytes()
    except OSError as exc:
        problems.append(Problem(str(file), f"cannot read the file: {exc.strerror or exc}", "check its permissions"))
        return None
    kind = binary_kind(raw)
    if kind:
        problems.append(Problem(str(file), f"this is {kind}, not text", "remove it from the articles folder"))
        return None
    text, encoding = decode_bytes(raw)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if encoding not in ("utf-8", "utf-8-sig"):
        problems.append(Problem(str(file), f"not UTF-8; decoded as {encoding}",
                                "save it as UTF-8 to be sure", severity="warning"))
    suffix = file.suffix.lower()
    if suffix in (".html", ".htm"):
        from compare.text.htmltext import extract_main_text

        front, body_text, body_line = {}, extract_main_text(text), 1
    elif suffix == ".txt":
        front, body_text, body_line = _split_txt(text)
    else:
        parsed = _split_front_matter(text, file, problems)
        if parsed is None:
            return None
        front, body_text, body_line = parsed
    paragraphs = cut_long_blocks(split_paragraphs(body_text, first_line=body_line))
    if not paragraphs:
        problems.append(Problem(str(file), "the article has no text", "write paragraphs separated by blank lines, or remove the file"))
        return None
    unknown = set(front) - KNOWN_KEYS
    if unknown:
        problems.append(Problem(str(file), f"unknown front matter keys: {', '.join(sorted(unknown))}",
                                f"known keys: {', '.join(sorted(KNOWN_KEYS))}", line=2, severity="warning"))
    outlet = str(front.get("outlet") or "").strip()
    if not outlet:
        if suffix == ".md":
            problems.append(Problem(str(file), "front matter has no outlet; using the file name",
                                    'add outlet = "Name" between the +++ lines', line=1, severity="warning"))
        outlet = file.stem
    lang = _declared_language(front.get("lang"), file, problems)
    return Article(
        id=file.stem,
        outlet=outlet,
        title=str(front.get("title", "")),
        url=str(front.get("url", "")),
        date=str(front.get("date", "")),
        declared_lang=lang,
        paragraphs=tuple(paragraphs),
        path=str(file),
        encoding=encoding,
    )


def _declared_language(value: object, file: Path, problems: list[Problem]) -> str | None:
    """The front matter's `lang` as a code: "ru", "Russian" and "русский" all give "ru"."""
    if value is None or not str(value).strip():
        return None
    code = languages.code_of(str(value))
    if code is None:
        problems.append(Problem(str(file), f"lang {str(value)!r} is not a language code; the language is detected",
                                'write an ISO 639-1 code, e.g. lang = "en", "ru" or "zh"', severity="warning"))
    return code


def _split_front_matter(text: str, file: Path, problems: list[Problem]):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "+++":
        return {}, text, 1
    for end in range(1, len(lines)):
        if lines[end].strip() == "+++":
            break
    else:
        problems.append(Problem(str(file), "front matter opened with +++ on line 1 is never closed",
                                "add a line with +++ after the front matter", line=1))
        return None
    try:
        front = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        inner = _toml_error_line(exc)
        problems.append(Problem(str(file), f"front matter is not valid TOML: {exc}",
                                'write key = "value" lines, strings in quotes',
                                line=inner + 1 if inner else 2))
        return None
    return front, "\n".join(lines[end + 1:]), end + 2


def _split_txt(text: str):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            return {"title": line.strip()}, "\n".join(lines[i + 1:]), i + 2
    return {}, "", 1


def split_paragraphs(body: str, first_line: int = 1) -> list[Paragraph]:
    """Blank-line-separated blocks; inner line breaks become spaces (none for CJK).

    A body without a single blank line whose lines read as paragraphs
    (see `_one_paragraph_per_line`) is taken one line per paragraph, as
    scraped news often comes.
    """
    blocks: list[tuple[int, list[str]]] = []
    block: list[str] = []
    block_line = first_line
    for offset, line in enumerate(body.split("\n") + [""]):
        if line.strip(" \t\u00a0\u3000"):
            if not block:
                block_line = first_line + offset
            block.append(line)
        elif block:
            blocks.append((block_line, block))
            block = []
    if len(blocks) == 1 and _one_paragraph_per_line(blocks[0][1]):
        start, lines = blocks[0]
        blocks = [(start + offset, [line]) for offset, line in enumerate(lines)]
    return [Paragraph(index=i, text=_join_lines(lines), line=line) for i, (line, lines) in enumerate(blocks)]


def written_blocks(paragraphs) -> list[int]:
    """For each paragraph (or ProcessedParagraph), the index of the block it is, or was cut from, as written."""
    out: list[int] = []
    for i, p in enumerate(paragraphs):
        if not out:
            out.append(0)
        elif p.block is not None and p.block == paragraphs[i - 1].block:
            out.append(out[-1])
        else:
            out.append(out[-1] + 1)
    return out


def cut_long_blocks(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Blocks too long for a news paragraph cut into passages (marked `cut`), indices renumbered.

    A block is too long when it passes `passages.LONG_AMONG_OTHERS`, or
    `passages.LONG_ALONE` while holding most of the article's text (an
    article pasted as one block, perhaps after a headline line).
    """
    total = sum(passages.weighted_length(p.text) for p in paragraphs)
    out: list[Paragraph] = []
    for p in paragraphs:
        alone = passages.weighted_length(p.text) * 2 > total
        pieces = passages.passages(p.text) if passages.is_long(p.text, alone=alone) else [p.text]
        if len(pieces) == 1:
            out.append(Paragraph(index=len(out), text=p.text, line=p.line))
        else:
            base = len(out)
            out.extend(Paragraph(index=base + k, text=piece, line=p.line, block=p.index)
                       for k, piece in enumerate(pieces))
    return out


_LINE_END = tuple(".!?…。！？:：;；\"'»”’」』)）")


def _one_paragraph_per_line(lines: list[str]) -> bool:
    """True when a blank-line-free block of 3+ lines is paragraphs, one per line: three lines
    in four end like a sentence (hard-wrapped prose breaks lines mid-sentence)."""
    if len(lines) < 3:
        return False
    ends = sum(line.rstrip().endswith(_LINE_END) for line in lines)
    return ends >= 0.75 * len(lines)


def _join_lines(lines: list[str]) -> str:
    parts = [p.strip() for p in lines if p.strip()]
    text = ""
    for part in parts:
        if text and not (is_unspaced(text[-1]) and is_unspaced(part[0])):
            text += " "
        text += part
    return text
