"""Input in every shape a newcomer may bring: handled or clearly reported."""

import os

import pytest

from compare import pipeline
from compare.corpus import SetError, load_article_set
from compare.pipeline import RunOptions

from fakes import FakeEmbedder, FakeTranslator


def write_set(root, files):
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "set.toml").write_text('[set]\ntitle = "x"\n', encoding="utf-8")
    for name, body in files.items():
        path = root / "articles" / name
        path.write_bytes(body if isinstance(body, bytes) else body.encode("utf-8"))
    return root


def fake_options(tmp_path):
    return RunOptions(translators={"ru": FakeTranslator(), "zh": FakeTranslator()}, embedder=FakeEmbedder(), cross_lingual=False,
                      cache_path=str(tmp_path / "c.sqlite"))


def test_symlink_loop_and_directory_named_like_an_article(tmp_path):
    root = write_set(tmp_path / "s", {"01-ok.md": '+++\noutlet = "A"\n+++\n\nText here.\n'})
    os.symlink(root / "articles" / "loop.md", root / "articles" / "loop.md")
    (root / "articles" / "dir.md").mkdir()
    article_set = load_article_set(root)
    assert [a.id for a in article_set.articles] == ["01-ok"]
    names = sorted(os.path.basename(p.path) for p in article_set.problems)
    assert names == ["dir.md", "loop.md"]


def test_duplicate_ids_are_reported(tmp_path):
    root = write_set(tmp_path / "s", {"a.md": '+++\noutlet = "A"\n+++\n\nOne.\n', "a.txt": "Title\n\nTwo.\n"})
    article_set = load_article_set(root)
    assert len(article_set.articles) == 1
    assert "duplicate article id" in article_set.problems[0].message


def test_only_bad_articles_is_a_set_error_naming_them(tmp_path):
    root = write_set(tmp_path / "s", {"a.md": "", "b.md": "   \n"})
    with pytest.raises(SetError, match="no text"):
        load_article_set(root)


def test_five_megabyte_article_loads(tmp_path):
    paragraph = "Президент России прибыл в Пекин с государственным визитом. " * 20
    body = "\n\n".join([paragraph] * 4500)
    assert len(body.encode("utf-8")) > 5_000_000
    root = write_set(tmp_path / "s", {"big.md": '+++\noutlet = "A"\n+++\n\n' + body})
    article = load_article_set(root).article("big")
    assert len(article.paragraphs) == 4500


def test_mixed_numbers_bylines_and_quotes_run_through(tmp_path):
    root = write_set(tmp_path / "s", {
        "01-en.md": '+++\noutlet = "Wire"\n+++\n\nBy Jane Doe, Reuters\n\nPutin arrived in Beijing on Thursday.\n\n2024\n',
        "02-ru.md": '+++\noutlet = "Агентство"\n+++\n\nПутин прибыл в Пекин в четверг. Переговоры с председателем КНР '
                    'продлились несколько часов, стороны подписали совместное заявление о партнёрстве.\n\n'
                    '"We will never accept this," the spokesman said in English at the briefing today.\n\n'
                    'Фото: ТАСС\n',
    })
    comparison = pipeline.run(load_article_set(root), options=fake_options(tmp_path))
    ru = comparison.article("02-ru")
    assert ru.language.lang == "ru"
    quote = ru.paragraphs[1]
    assert quote.lang == "en" and quote.translation.model == "identity"
    assert comparison.article("01-en").paragraphs[2].translation.text == "2024"
    covered = sorted((a, i) for g in comparison.groups for a, idx in g.members for i in idx)
    assert len(covered) == 6 == len(set(covered))


def test_legacy_encodings_through_the_pipeline_are_reported(tmp_path):
    root = write_set(tmp_path / "s", {
        "01-ru.md": '+++\noutlet = "Газета"\n+++\n\nПрезидент России прибыл в Пекин.\n'.encode("koi8_r"),
        "02-zh.txt": "習近平會見普京\n\n國家主席習近平在人民大會堂同俄羅斯總統舉行會談。\n".encode("big5"),
    })
    article_set = load_article_set(root)
    assert {a.id: a.encoding for a in article_set.articles} == {"01-ru": "koi8_r", "02-zh": "big5"}
    assert article_set.article("01-ru").outlet == "Газета"
    assert all(p.severity == "warning" for p in article_set.problems)
    comparison = pipeline.run(article_set, options=fake_options(tmp_path))
    assert comparison.article("02-zh").language.lang == "zh"


def test_html_article_in_a_set_keeps_main_text_only(tmp_path):
    page = ("<html><head><title>t</title><style>p{}</style></head><body><nav>Home | World</nav>"
            "<article><p>Putin arrived in Beijing on Thursday for a two-day state visit.</p>"
            "<p>The leaders signed a joint statement on their partnership.</p></article>"
            "<footer>Cookie settings. All rights reserved.</footer></body></html>")
    root = write_set(tmp_path / "s", {"01-page.html": page})
    article = load_article_set(root).article("01-page")
    texts = [p.text for p in article.paragraphs]
    assert any("Putin arrived in Beijing" in t for t in texts)
    assert not any("Cookie" in t or "Home | World" in t for t in texts)
