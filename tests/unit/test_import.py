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


# -- the command: `parallax import SET SOURCE... [--outlet] [--match] [--join]` ----------------------------

CSV = ("url,title,date,content\n"
       "https://www.1tv.ru/news/1,Путин прибыл в Пекин,2024-05-16,Президент России прибыл в Пекин.\n"
       "https://www.1tv.ru/news/2,Погода,2024-05-16,Завтра будет дождь.\n")


def parallax(*args: str) -> int:
    from tui.__main__ import main

    return main(["import", *args])


def wrote(out: str) -> list[str]:
    """The file names the command says it wrote, one `wrote PATH` line each."""
    lines = out.splitlines()
    assert all(line.startswith("wrote ") for line in lines), out
    return [line.removeprefix("wrote ").rsplit("/", 1)[-1] for line in lines]


def test_import_command_writes_each_csv_row_and_creates_the_set(tmp_path, capsys):
    src = tmp_path / "leads.csv"
    src.write_text(CSV, encoding="utf-8")
    assert parallax(str(tmp_path / "my-set"), str(src)) == 0
    assert wrote(capsys.readouterr().out) == ["01-putin-pribyl-v-pekin.md", "02-pogoda.md"]
    article_set = load_article_set(tmp_path / "my-set")
    assert article_set.title == "my-set" and not article_set.problems
    assert [(a.outlet, a.title, a.date) for a in article_set.articles] == [
        ("1tv.ru", "Путин прибыл в Пекин", "2024-05-16"), ("1tv.ru", "Погода", "2024-05-16")]


def test_import_command_outlet_and_match_flags(tmp_path, capsys):
    src = tmp_path / "leads.csv"
    src.write_text(CSV, encoding="utf-8")
    assert parallax(str(tmp_path / "set"), str(src), "--outlet", "Первый канал", "--match", "ПУТИН") == 0
    assert wrote(capsys.readouterr().out) == ["01-putin-pribyl-v-pekin.md"]
    (article,) = load_article_set(tmp_path / "set").articles
    assert (article.outlet, article.title) == ("Первый канал", "Путин прибыл в Пекин")
    # a second import adds to the set, numbered after what is there
    assert parallax(str(tmp_path / "set"), str(src), "--match", "дождь") == 0
    assert wrote(capsys.readouterr().out) == ["02-pogoda.md"]


def test_import_command_reads_a_markdown_transcript_one_article_per_item_or_joined(tmp_path, capsys):
    src = tmp_path / "xwlb.md"
    src.write_text(TRANSCRIPT, encoding="utf-8")
    assert parallax(str(tmp_path / "items"), str(src), "--outlet", "CCTV") == 0
    assert wrote(capsys.readouterr().out) == ["01-cctv-2024-05-16.md", "02-cctv-2024-05-16.md"]
    titles = [a.title for a in load_article_set(tmp_path / "items").articles]
    assert titles == ["习近平举行仪式欢迎俄罗斯总统访华", "赵乐际同摩洛哥众议长举行会谈"]
    assert parallax(str(tmp_path / "joined"), str(src), "--outlet", "CCTV", "--join") == 0
    assert wrote(capsys.readouterr().out) == ["01-cctv-2024-05-16.md"]
    (article,) = load_article_set(tmp_path / "joined").articles
    assert article.title == titles[0] and article.paragraphs[-1].text.startswith("赵乐际16日")


def test_import_command_takes_the_files_a_shell_glob_names(tmp_path):
    """`parallax import set saved/*.txt`: the shell expands the pattern, in its order."""
    import os
    import shlex
    import subprocess
    import sys
    from pathlib import Path

    saved = tmp_path / "saved"
    saved.mkdir()
    for name, title in (("b-talks.txt", "Talks in Beijing"), ("a-arrival.txt", "Putin arrives"),
                        ("notes.md", "# Not this one")):
        (saved / name).write_text(f"{title}\n\nThe two leaders met on Thursday.\n", encoding="utf-8")
    entry = "import sys; from tui.__main__ import main; sys.exit(main())"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(entry)} import my-set saved/*.txt"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    done = subprocess.run(["sh", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert wrote(done.stdout) == ["01-putin-arrives.md", "02-talks-in-beijing.md"]
    assert [a.outlet for a in load_article_set(tmp_path / "my-set").articles] == ["a-arrival", "b-talks"]
    # a pattern that matches nothing reaches the command as it is: an error naming it
    done = subprocess.run(["sh", "-c", command.replace("*.txt", "*.html")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "parallax: saved/*.html: cannot read (No such file or directory)\n"


@pytest.mark.parametrize("args, message", [
    pytest.param(["missing.txt"], "missing.txt: cannot read (No such file or directory)", id="missing"),
    pytest.param(["leads.csv", "--match", "Байден"], "leads.csv: no article mentions 'Байден'", id="no-match"),
    pytest.param(["leads.csv", "story.pdf"], "story.pdf: this is a PDF document, not text", id="pdf"),
])
def test_import_command_failures_exit_2_with_one_line_and_write_nothing(tmp_path, capsys, monkeypatch,
                                                                        args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leads.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "story.pdf").write_bytes(b"%PDF-1.4\n1 0 obj")
    assert parallax("set", *args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"parallax: {message}") and captured.err.count("\n") == 1
    assert not (tmp_path / "set").exists()


def test_import_command_a_url_that_cannot_be_fetched_is_an_error(tmp_path, capsys, monkeypatch):
    import urllib.error
    import urllib.request

    def offline(request, timeout=None):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    assert parallax(str(tmp_path / "set"), "https://example.org/news/1") == 2
    err = capsys.readouterr().err
    assert err.startswith("parallax: https://example.org/news/1: cannot fetch")
    assert "save the page and import the file instead" in err


def test_import_command_needs_a_set_and_a_source(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parallax(str(tmp_path / "set"))
    assert exit_info.value.code == 2
    assert "the following arguments are required: URL_OR_FILE" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        parallax("--help")
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert all(flag in out for flag in ("--outlet", "--match WORD", "--join"))
    assert not (tmp_path / "set").exists()
