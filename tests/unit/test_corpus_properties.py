"""Property tests: whatever text an article holds, the loader keeps it."""

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from compare.corpus import decode_bytes, load_article_set, split_paragraphs

# Paragraph text: any printable characters, one line, no leading/trailing blanks.
line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u3000\u00a0\x85"),
    min_size=1, max_size=80,
).map(str.strip).filter(bool)


@given(st.lists(line, min_size=1, max_size=8))
def test_split_paragraphs_round_trips(paragraphs):
    body = "\n\n".join(paragraphs)
    got = split_paragraphs(body)
    assert [p.text for p in got] == [" ".join(p.split("\n")) for p in paragraphs]
    assert [p.index for p in got] == list(range(len(paragraphs)))


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(line.filter(lambda s: s != "+++"), min_size=1, max_size=6), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_loaded_article_keeps_text_and_outlet(paragraphs, outlet):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "articles").mkdir()
        escaped = outlet.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if c.isprintable() else f"\\U{ord(c):08x}" for c in escaped)
        body = "\n\n".join(paragraphs)
        (root / "articles" / "a.md").write_text(f'+++\noutlet = "{escaped}"\n+++\n\n{body}\n', encoding="utf-8")
        article_set = load_article_set(root)
        article = article_set.article("a")
        assert [p.text for p in article.paragraphs] == paragraphs
        assert article.outlet == (outlet.strip() or "a")


@given(st.binary(max_size=400))
@example(b"\xfe\xff\x00")  # a UTF-16 file cut off after an odd number of bytes
def test_decode_never_raises(raw):
    text, encoding = decode_bytes(raw)
    assert isinstance(text, str) and encoding
