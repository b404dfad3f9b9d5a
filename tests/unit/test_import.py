import pytest

from compare.corpus import load_article_set
from compare.importer import ImportFailed, import_sources

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


def test_csv_rows_become_articles_with_their_columns(tmp_path):
    src = tmp_path / "leads.csv"
    src.write_text(
        "url,title,date_extracted,content\n"
        'https://www.1tv.ru/news/1,Путин прибыл в Пекин,2024-05-16,"Президент России прибыл в Пекин, сообщили в Кремле."\n'
        "https://www.1tv.ru/news/2,Погода,2024-05-16,Завтра будет дождь.\n"
        "https://www.1tv.ru/news/3,Пусто,2024-05-16,\n", encoding="utf-8")
    paths = import_sources([str(src)], tmp_path / "set")
    assert [p.name for p in paths] == ["01-putin-pribyl-v-pekin.md", "02-pogoda.md"]  # the empty row is skipped
    article = load_article_set(tmp_path / "set").article(paths[0].stem)
    assert (article.outlet, article.title, article.url) == ("1tv.ru", "Путин прибыл в Пекин", "https://www.1tv.ru/news/1")
    assert [p.text for p in article.paragraphs] == ["Президент России прибыл в Пекин, сообщили в Кремле."]
    assert 'date = "2024-05-16"' in paths[0].read_text(encoding="utf-8")


def test_match_keeps_the_articles_that_mention_a_word(tmp_path):
    src = tmp_path / "leads.csv"
    src.write_text("title,text\nВизит,Путин прибыл в Пекин.\nПогода,Завтра будет дождь.\n", encoding="utf-8")
    (path,) = import_sources([str(src)], tmp_path / "set", outlet="Первый канал", match="путин")
    assert load_article_set(tmp_path / "set").article(path.stem).outlet == "Первый канал"
    with pytest.raises(ImportFailed, match="no article mentions 'Си'"):
        import_sources([str(src)], tmp_path / "other", match="Си")
    assert not (tmp_path / "other").exists()  # nothing half-written


def test_a_csv_without_a_text_column_says_which_columns_it_has(tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="no text column .* it has a, b"):
        import_sources([str(src)], tmp_path / "set")


TRANSCRIPT = """# 《新闻联播》 (20240516)

## 详细新闻

### 习近平举行仪式欢迎俄罗斯总统访华

<p><strong>央视网消息</strong>（新闻联播）：国家主席习近平16日上午举行仪式，欢迎俄罗斯总统普京访华。</p><p>两国元首登上[检阅台](https://example.org/t)。</p>

[查看原文](https://tv.cctv.com/2024/05/16/item1.shtml)

### 赵乐际同摩洛哥众议长举行会谈

<p>赵乐际16日在人民大会堂同摩洛哥众议长举行会谈。</p>
"""


def test_a_markdown_transcript_becomes_one_article_per_item(tmp_path):
    src = tmp_path / "xwlb.md"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    paths = import_sources([str(src)], tmp_path / "set", outlet="CCTV")
    articles = [load_article_set(tmp_path / "set").article(p.stem) for p in paths]
    assert [a.title for a in articles] == ["习近平举行仪式欢迎俄罗斯总统访华", "赵乐际同摩洛哥众议长举行会谈"]
    assert [p.text for p in articles[0].paragraphs] == [
        "央视网消息（新闻联播）：国家主席习近平16日上午举行仪式，欢迎俄罗斯总统普京访华。", "两国元首登上检阅台。"]
    assert articles[0].url == "https://tv.cctv.com/2024/05/16/item1.shtml"  # the item's own link, not a paragraph
    assert articles[1].date == "2024-05-16"  # from the transcript's heading
    # a Chinese title gives no file name: the outlet and the date do, so two days' items differ
    assert [p.name for p in paths] == ["01-cctv-2024-05-16.md", "02-cctv-2024-05-16.md"]
    later = tmp_path / "xwlb2.md"
    later.write_text(TRANSCRIPT.replace("20240516", "20240517")
                     .replace("习近平举行仪式", "中俄建交75周年"), encoding="utf-8")
    (third, _) = import_sources([str(later)], tmp_path / "set", outlet="CCTV")
    assert third.name == "03-cctv-2024-05-17.md"  # a title whose only ASCII is a figure ("75") is no name either
    (only,) = import_sources([str(src)], tmp_path / "one", match="普京")
    assert "普京" in only.read_text(encoding="utf-8")


def test_a_markdown_article_with_one_heading_is_one_article(tmp_path):
    src = tmp_path / "note.md"
    src.write_text("# Putin in Beijing\n\nThe **president** arrived on Thursday.\n\nTalks followed.\n",
                   encoding="utf-8")
    (path,) = import_sources([str(src)], tmp_path / "set")
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert article.title == "Putin in Beijing"
    assert [p.text for p in article.paragraphs] == ["The president arrived on Thursday.", "Talks followed."]


def test_a_byline_under_the_title_of_a_text_file_is_dropped_and_its_date_kept(tmp_path):
    src = tmp_path / "saved.txt"
    src.write_text("Putin and Xi meet in Beijing\n\nICARO Media Group\nPolitics\n17/05/2024 23h41\n\n"
                   "The two leaders met on Thursday.\n\nThey signed a statement.\n", encoding="utf-8")
    (path,) = import_sources([str(src)], tmp_path / "set")
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert [p.text for p in article.paragraphs] == ["The two leaders met on Thursday.", "They signed a statement."]
    assert 'date = "2024-05-17"' in path.read_text(encoding="utf-8")
    # a first paragraph of real sentences stays, however short its lines
    src.write_text("Title\n\nThe leaders met.\nThey talked.\n\nMore text.\n", encoding="utf-8")
    (path,) = import_sources([str(src)], tmp_path / "other")
    assert [p.text for p in load_article_set(tmp_path / "other").article(path.stem).paragraphs] == [
        "The leaders met. They talked.", "More text."]


def test_join_writes_one_article_per_source(tmp_path):
    src = tmp_path / "xwlb.md"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    (path,) = import_sources([str(src)], tmp_path / "set", outlet="CCTV", join=True)
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert article.title == "习近平举行仪式欢迎俄罗斯总统访华"
    assert [p.text for p in article.paragraphs][2:] == ["赵乐际16日在人民大会堂同摩洛哥众议长举行会谈。"]


def test_a_semicolon_csv_with_a_whole_article_in_a_cell_is_read(tmp_path):
    body = "Президент России прибыл в Пекин. " * 8000  # about 260 KB: past the csv module's default cell limit
    src = tmp_path / "export.csv"
    src.write_text(f'заголовок;title;text\nx;Визит;"{body}"\n', encoding="utf-8-sig")
    (path,) = import_sources([str(src)], tmp_path / "set", outlet="Агентство")
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert article.title == "Визит" and len(article.text) > 200_000  # read whole (then cut into passages)


def test_a_csv_the_csv_module_rejects_is_a_clear_error(tmp_path, monkeypatch):
    import csv

    from compare import importer

    def reject(*args, **kwargs):
        raise csv.Error("field larger than field limit")

    monkeypatch.setattr(importer, "_csv_rows", reject)
    src = tmp_path / "huge.csv"
    src.write_text("title,text\nA,B\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="huge.csv: not a CSV file Parallax can read"):
        import_sources([str(src)], tmp_path / "set")


@pytest.mark.parametrize("title, expected_title", [
    ("Mayor opens bridge | City News", "Mayor opens bridge"),
    ("Mayor opens bridge - City News", "Mayor opens bridge"),
    ("Mayor opens bridge", "Mayor opens bridge"),
])
def test_a_headline_repeated_at_the_top_of_a_page_is_the_title_not_a_paragraph(tmp_path, title, expected_title):
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>{title}</title></head><body><article><h1>Mayor opens bridge</h1>"
                    "<p>The mayor opened the new bridge over the river on Monday, ahead of schedule.</p>"
                    "<p>The project took four years to build and cost three billion roubles.</p>"
                    "</article></body></html>", encoding="utf-8")
    (path,) = import_sources([str(page)], tmp_path / "set")
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert article.title == expected_title
    assert [p.text[:9] for p in article.paragraphs] == ["The mayor", "The proje"]
    # the site's name the title carried names the outlet, when none was given
    assert article.outlet == ("City News" if title != expected_title else "page")


def test_a_first_paragraph_that_only_begins_like_the_title_stays(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Mayor opens bridge | City News</title></head><body><article>"
                    "<p>Mayor opens bridge after four years of work on the river crossing, officials said.</p>"
                    "<p>The project cost three billion roubles.</p></article></body></html>", encoding="utf-8")
    (path,) = import_sources([str(page)], tmp_path / "set")
    article = load_article_set(tmp_path / "set").article(path.stem)
    assert article.title == "Mayor opens bridge | City News" and len(article.paragraphs) == 2


@pytest.mark.parametrize("name, raw, kind", [
    ("story.pdf", b"%PDF-1.4\n1 0 obj", "a PDF document"),
    ("story.docx", b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a zip archive"),
    ("story.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Word 97-2003 document"),
    ("story.txt", b"text\x00\x01\x02 and bytes", "a binary file"),
])
def test_a_document_that_is_not_text_is_refused_with_what_to_do(tmp_path, name, raw, kind):
    src = tmp_path / name
    src.write_bytes(raw)
    with pytest.raises(ImportFailed, match=f"this is {kind}.*save it as HTML or plain text"):
        import_sources([str(src)], tmp_path / "set")
    assert not (tmp_path / "set" / "articles").exists() or not any((tmp_path / "set" / "articles").iterdir())
