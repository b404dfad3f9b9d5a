from pathlib import Path

import pytest

from compare.corpus import SetError, decode_bytes, load_article_set, split_paragraphs

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024"


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def make_set(root: Path, articles: dict[str, str | bytes], set_toml: str | None = '[set]\ntitle = "T"\n') -> Path:
    if set_toml is not None:
        write(root / "set.toml", set_toml)
    for name, body in articles.items():
        write(root / "articles" / name, body)
    return root


GOOD = '+++\noutlet = "Wire"\ntitle = "Summit"\nlang = "en"\n+++\n\nFirst paragraph\ncontinues here.\n\nSecond one.\n'


def test_loads_front_matter_paragraphs_and_lines(tmp_path):
    root = make_set(tmp_path, {"01-a.md": GOOD})
    article_set = load_article_set(root)
    article = article_set.article("01-a")
    assert article.outlet == "Wire" and article.title == "Summit" and article.declared_lang == "en"
    assert [p.text for p in article.paragraphs] == ["First paragraph continues here.", "Second one."]
    assert [p.line for p in article.paragraphs] == [7, 10]
    assert article_set.problems == ()


def test_txt_first_line_is_title(tmp_path):
    root = make_set(tmp_path, {"a.txt": "The title\n\nBody one.\n\nBody two.\n"})
    article = load_article_set(root).article("a")
    assert article.title == "The title"
    assert [p.text for p in article.paragraphs] == ["Body one.", "Body two."]


def test_bad_article_is_reported_with_line_and_others_kept(tmp_path):
    root = make_set(tmp_path, {"01-good.md": GOOD, "02-bad.md": '+++\noutlet = Wire\n+++\n\nText.\n'})
    article_set = load_article_set(root)
    assert [a.id for a in article_set.articles] == ["01-good"]
    (problem,) = article_set.problems
    assert problem.path.endswith("02-bad.md") and problem.line == 2
    assert "quotes" in problem.hint


def test_unclosed_front_matter_and_empty_file(tmp_path):
    root = make_set(tmp_path, {"01-good.md": GOOD, "02-open.md": '+++\noutlet = "X"\n\nText\n', "03-empty.md": "  \n\n"})
    article_set = load_article_set(root)
    messages = {Path(p.path).name: p.message for p in article_set.problems}
    assert "never closed" in messages["02-open.md"]
    assert "no text" in messages["03-empty.md"]


def test_missing_path_and_empty_folder_are_set_errors(tmp_path):
    with pytest.raises(SetError, match="no such folder"):
        load_article_set(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(SetError, match="no articles found"):
        load_article_set(tmp_path / "empty")


def test_missing_set_toml_is_a_warning(tmp_path):
    root = make_set(tmp_path / "my-set", {"a.md": GOOD}, set_toml=None)
    article_set = load_article_set(root)
    assert article_set.title == "my-set"
    assert article_set.problems[0].severity == "warning"


def test_an_article_with_the_text_of_another_is_kept_with_a_warning(tmp_path):
    other_outlet = GOOD.replace('"Wire"', '"Daily"').replace("Second one.", "Second one.\n")
    reworded = GOOD.replace("Second one.", "A second one.")
    root = make_set(tmp_path, {"a.md": GOOD, "b.md": other_outlet, "c.md": reworded})
    article_set = load_article_set(root)
    assert [a.id for a in article_set.articles] == ["a", "b", "c"]
    (problem,) = article_set.problems
    assert problem.severity == "warning" and Path(problem.path).name == "b.md"
    assert "same text as a (Wire)" in problem.message


def test_binary_file_is_skipped(tmp_path):
    root = make_set(tmp_path, {"a.md": GOOD, "b.txt": b"\x00\x01\x02binary"})
    article_set = load_article_set(root)
    assert [a.id for a in article_set.articles] == ["a"]
    assert "binary" in article_set.problems[0].message


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", "Президент России прибыл в Пекин с государственным визитом."),
    ("koi8_r", "Президент России прибыл в Пекин с государственным визитом."),
    ("gb18030", "国家主席习近平在人民大会堂同俄罗斯总统举行会谈。"),
    ("big5", "國家主席習近平在人民大會堂同俄羅斯總統舉行會談。"),
])
def test_legacy_encodings_are_detected(encoding, text):
    decoded, assumed = decode_bytes(text.encode(encoding))
    assert decoded == text
    assert assumed == encoding


def test_bom_and_crlf(tmp_path):
    raw = ("\ufeff" + GOOD).replace("\n", "\r\n").encode("utf-8")
    root = make_set(tmp_path, {"a.md": raw})
    article = load_article_set(root).article("a")
    assert article.outlet == "Wire" and len(article.paragraphs) == 2
    assert article.encoding == "utf-8-sig"


def test_cjk_lines_join_without_spaces():
    (p,) = split_paragraphs("习近平同普京\n举行会谈。")
    assert p.text == "习近平同普京举行会谈。"


def test_sample_set_loads_without_problems():
    article_set = load_article_set(SAMPLE)
    assert article_set.problems == ()
    assert len(article_set.articles) >= 6
    assert {a.declared_lang for a in article_set.articles} == {"en", "ru", "zh"}


def test_a_body_without_blank_lines_is_one_paragraph_per_line_when_lines_end_sentences():
    body = ("G7 warns Russia\nThe ministers met in Liverpool.\n\"There will be costs,\" she said.\n"
            "Moscow denies any plan to attack.\n")
    got = split_paragraphs(body, first_line=2)
    assert [p.text for p in got] == ["G7 warns Russia", "The ministers met in Liverpool.",
                                     "\"There will be costs,\" she said.", "Moscow denies any plan to attack."]
    assert [p.line for p in got] == [2, 3, 4, 5]
    (zh,) = split_paragraphs("习近平同普京\n举行会谈。")  # two lines: a wrapped sentence
    assert zh.text == "习近平同普京举行会谈。"


def test_hard_wrapped_prose_stays_one_paragraph():
    body = "The ministers met in Liverpool on\nSaturday and warned Moscow of\nsevere costs if it attacks.\n"
    (p,) = split_paragraphs(body)
    assert p.text == "The ministers met in Liverpool on Saturday and warned Moscow of severe costs if it attacks."
    # with blank lines, blocks are paragraphs whatever their lines end with
    got = split_paragraphs("One.\nTwo.\nThree.\n\nFour.")
    assert [p.text for p in got] == ["One. Two. Three.", "Four."]


def test_problems_are_returned_for_the_caller_to_report_not_logged_as_warnings(tmp_path, caplog):
    """The CLI prints each problem and the UI shows it; a warning log as well made the CLI say it twice."""
    root = make_set(tmp_path / "s", {"01-a.md": '+++\noutlet = "A"\n+++\n\nText.\n', "02-b.md": ""})
    with caplog.at_level("INFO", logger="compare.corpus"):
        article_set = load_article_set(root)
    assert [p.path.endswith("02-b.md") for p in article_set.problems] == [True]
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


@pytest.mark.parametrize("written, code", [("ru", "ru"), ("Russian", "ru"), ("русский", "ru"), ("zh_CN", "zh-cn"),
                                           ("中文", "zh"), ("EN", "en")])
def test_a_declared_language_may_be_written_as_its_name(tmp_path, written, code):
    root = make_set(tmp_path, {"a.md": GOOD.replace('lang = "en"', f'lang = "{written}"')})
    article_set = load_article_set(root)
    assert article_set.articles[0].declared_lang == code and not article_set.problems


def test_a_declared_language_that_is_no_code_is_a_warning_and_detection_decides(tmp_path):
    root = make_set(tmp_path, {"a.md": GOOD.replace('lang = "en"', 'lang = "the usual"')})
    article_set = load_article_set(root)
    assert article_set.articles[0].declared_lang is None
    (problem,) = article_set.problems
    assert problem.severity == "warning" and "'the usual' is not a language code" in problem.message


def test_a_set_toml_of_the_wrong_shape_is_a_warning_not_a_crash(tmp_path):
    root = make_set(tmp_path / "s", {"a.md": GOOD}, set_toml='set = "x"\nglossary = ["Путин"]\n')
    article_set = load_article_set(root)
    assert article_set.title == "s" and article_set.glossary == {}
    assert [p.severity for p in article_set.problems] == ["warning", "warning"]


def test_the_glossary_may_be_a_file_that_set_toml_names(tmp_path):
    root = make_set(tmp_path / "s", {"a.md": GOOD}, set_toml='glossary = "names.toml"\n[set]\ntitle = "T"\n')
    write(root / "names.toml", '"Путин" = "Putin"\n"Си Цзиньпин" = "Xi Jinping"\n"КНР" = 5\n')
    article_set = load_article_set(root)
    assert article_set.glossary == {"Путин": "Putin", "Си Цзиньпин": "Xi Jinping"}
    (problem,) = article_set.problems
    assert "'КНР'" in problem.message and problem.path.endswith("names.toml")
    write(root / "set.toml", '[set]\ntitle = "T"\nglossary = "names.toml"\n')  # under [set], as people write it
    assert load_article_set(root).glossary == {"Путин": "Putin", "Си Цзиньпин": "Xi Jinping"}
    write(root / "set.toml", 'glossary = "missing.toml"\n')
    assert load_article_set(root).glossary == {} and "cannot be read" in load_article_set(root).problems[0].message
