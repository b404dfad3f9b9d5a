from compare.corpus import load_article_set
from compare.importer import import_sources

PAGE = """<html><head><title>Summit in Beijing | Example News</title><script>var x=1;</script></head>
<body><nav>Home | World | Sport</nav><article>
<p>Leaders met in Beijing on Thursday for talks that lasted several hours, officials said.</p>
<p>The two sides signed a joint statement on a "new era" of cooperation, with "quotes" and a \\ backslash.</p>
</article><footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_file_becomes_a_clean_article(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    (path,) = import_sources([str(page)], tmp_path / "set", outlet="Example News")
    article_set = load_article_set(tmp_path / "set")
    article = article_set.article(path.stem)
    assert article.outlet == "Example News"
    assert article.title.startswith("Summit in Beijing")
    texts = [p.text for p in article.paragraphs]
    assert any("Leaders met in Beijing" in t for t in texts)
    assert any('"quotes"' in t and "\\" in t for t in texts)
    assert not any("Copyright" in t or "var x" in t for t in texts)


def test_cp1251_text_file_is_decoded(tmp_path):
    src = tmp_path / "ru.txt"
    src.write_bytes("Путин в Пекине\n\nПрезидент России прибыл в Пекин.\n".encode("cp1251"))
    (path,) = import_sources([str(src)], tmp_path / "set")
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert article.title == "Путин в Пекине"
    assert article.paragraphs[0].text == "Президент России прибыл в Пекин."
