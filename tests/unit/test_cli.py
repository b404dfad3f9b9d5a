import json

import pytest

from tui.__main__ import main


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("report", "translate", "models", "import"):
        assert command in out


def test_report_on_missing_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert "no such folder" in err and "Traceback" not in err


def test_ui_on_a_file_is_a_clear_error(tmp_path, capsys):
    f = tmp_path / "a.md"
    f.write_text("x")
    assert main([str(f)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_models_status_json_tells_the_truth(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PARALLAX_GGUF", raising=False)
    assert main(["models", "status", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"name", "kind", "path", "size", "verified", "installed"} <= set(rows[0])
    by_name = {r["name"]: r for r in rows}
    assert by_name["all-MiniLM-L6-v2"]["installed"] is False
    assert by_name["all-MiniLM-L6-v2"]["verified"] is False


def test_models_install_refuses_a_bad_argos_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PARALLAX_DATA_DIR", str(tmp_path))
    bad = tmp_path / "x.argosmodel"
    bad.write_text("not a zip")
    monkeypatch.setattr("compare.install.install_minilm", lambda *a, **k: None)
    assert main(["models", "install", "--skip-llm", "--argos", str(bad)]) == 1
    assert "not an .argosmodel archive" in capsys.readouterr().err


def test_translate_english_is_identity(tmp_path, capsys, private_cache):
    f = tmp_path / "in.txt"
    f.write_text("First paragraph here.\n\nSecond one.\n")
    assert main(["translate", "--from", "en", str(f)]) == 0
    assert capsys.readouterr().out == "First paragraph here.\n\nSecond one.\n"


def test_translate_takes_a_language_name_and_refuses_what_is_none(tmp_path, capsys, private_cache):
    f = tmp_path / "in.txt"
    f.write_text("First paragraph here.\n\nSecond one.\n")
    assert main(["translate", "--from", "English", str(f)]) == 0
    assert capsys.readouterr().out == "First paragraph here.\n\nSecond one.\n"
    assert main(["translate", "--from", "the usual", str(f)]) == 2
    assert "not a language" in capsys.readouterr().err


def test_translate_empty_input_is_a_clear_error(tmp_path, capsys):
    f = tmp_path / "in.txt"
    f.write_text("   \n\n")
    assert main(["translate", str(f)]) == 2
    assert "no text" in capsys.readouterr().err


def test_cross_lingual_view_is_on_unless_switched_off():
    from tui.__main__ import _options, build_parser

    assert _options(build_parser().parse_args(["report", "some-set"])).cross_lingual
    assert not _options(build_parser().parse_args(["report", "some-set", "--no-cross-lingual"])).cross_lingual


@pytest.mark.parametrize("argv, verbose", [
    (["report", "some-set"], False),
    (["-v", "report", "some-set"], True),
    (["report", "some-set", "-v"], True),
    (["ui", "some-set", "--verbose"], True),
    (["models", "install", "-v"], True),
    (["models", "install"], False),
])
def test_verbose_is_taken_before_or_after_the_command(argv, verbose):
    from tui.__main__ import build_parser

    assert build_parser().parse_args(argv).verbose is verbose


@pytest.mark.parametrize("argv", [["/nonexistent"], ["-v", "/nonexistent"], ["/nonexistent", "-v"]])
def test_a_path_opens_the_ui_with_verbose_anywhere(argv):
    from compare import cli

    opened = []
    assert cli.main(argv, open_ui=lambda args: opened.append((args.path, args.verbose)) or 0) == 0
    assert opened == [("/nonexistent", "-v" in argv)]


@pytest.fixture
def report_stub(monkeypatch):
    """`parallax report` with the comparison stubbed out: the rendered text is the format's name."""
    monkeypatch.setattr("compare.pipeline.load_cached", lambda article_set, options=None: None)
    monkeypatch.setattr("compare.pipeline.run", lambda article_set, **kw: bare_comparison())
    monkeypatch.setattr("compare.report.render", lambda comparison, fmt: f"<{fmt}>")


def bare_comparison(title: str = "stub"):
    from compare.types import ArticleSet, Comparison

    return Comparison(set=ArticleSet(path=SAMPLE, title=title, articles=()), articles=(), groups=())


SAMPLE = str(__import__("pathlib").Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024")


@pytest.mark.parametrize("name, fmt", [("out.json", "json"), ("out.HTML", "html"), ("out.md", "markdown"),
                                       ("out.txt", "markdown")])
def test_report_format_follows_the_output_suffix(tmp_path, report_stub, capsys, name, fmt):
    out = tmp_path / name
    assert main(["report", SAMPLE, "-o", str(out)]) == 0
    assert out.read_text() == f"<{fmt}>"
    assert f"({fmt})" in capsys.readouterr().err


def test_report_format_given_wins_over_the_suffix(tmp_path, report_stub):
    out = tmp_path / "out.json"
    assert main(["report", SAMPLE, "-o", str(out), "--format", "html"]) == 0
    assert out.read_text() == "<html>"


def test_report_of_a_stored_comparison_does_not_compare_again(tmp_path, monkeypatch, capsys):
    stored = bare_comparison("stored")

    def never(*a, **kw):
        raise AssertionError("compared again")

    monkeypatch.setattr("compare.pipeline.load_cached", lambda article_set, options=None: stored)
    monkeypatch.setattr("compare.pipeline.run", never)
    monkeypatch.setattr("compare.report.render",
                        lambda comparison, fmt: "stored" if comparison.set.title == "stored" else "?")
    out = tmp_path / "out.md"
    assert main(["report", SAMPLE, "-o", str(out)]) == 0
    assert out.read_text() == "stored" and "from cache" in capsys.readouterr().err


def test_report_into_a_missing_folder_fails_before_comparing(tmp_path, monkeypatch, capsys):
    def never(*a, **kw):
        raise AssertionError("compared before checking the output path")

    monkeypatch.setattr("compare.pipeline.run", never)
    assert main(["report", SAMPLE, "-o", str(tmp_path / "nope" / "out.json")]) == 2
    err = capsys.readouterr().err
    assert "no such folder" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["out.pdf", "out.docx", "out.csv"])
def test_report_to_a_suffix_of_no_report_format_fails_before_comparing(tmp_path, monkeypatch, capsys, name):
    # `-o out.pdf` used to write Markdown into a file named .pdf
    def never(*a, **kw):
        raise AssertionError("compared before checking the output's format")

    monkeypatch.setattr("compare.pipeline.run", never)
    out = tmp_path / name
    assert main(["report", SAMPLE, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--format" in err and ".json" in err and not out.exists()


def test_report_to_any_file_with_a_format_given(tmp_path, report_stub):
    out = tmp_path / "notes.report"
    assert main(["report", SAMPLE, "-o", str(out), "--format", "json"]) == 0
    assert out.read_text() == "<json>"


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("parallax ") and any(ch.isdigit() for ch in out)
