import json

import pytest

from compare.report import render, to_dict
from compare.types import (
    Article, ArticleSet, Comparison, Divergence, Evidence, Group, GroupDivergence, LanguageGuess,
    Nearest, Paragraph, ProcessedArticle, ProcessedParagraph, Translation,
)


def processed(article_id, lang, texts, translations):
    article = Article(id=article_id, outlet=f"Outlet {article_id}", title="T",
                      paragraphs=tuple(Paragraph(i, t) for i, t in enumerate(texts)))
    paragraphs = tuple(
        ProcessedParagraph(i, t, lang, 0.99, Translation(text=tr, model="identity" if lang == "en" else "m"))
        for i, (t, tr) in enumerate(zip(texts, translations)))
    return ProcessedArticle(article, LanguageGuess(lang, 0.99), paragraphs)


@pytest.fixture
def comparison():
    en = processed("01-en", "en", ["Talks in *Beijing*.", "Trade hit $240bn."], ["Talks in *Beijing*.", "Trade hit $240bn."])
    ru = processed("02-ru", "ru", ["Переговоры в Пекине.", "<script>x</script>"], ["Talks in Beijing.", "<script>x</script>"])
    facts = Divergence("facts", 0.8, "240bn on one side only", (Evidence("01-en", 1, "$240bn"),), ("01-en",))
    groups = (
        Group(0, (("01-en", (0,)), ("02-ru", (0,))), 0.9),
        Group(1, (("01-en", (1,)),), 0.0, divergence=GroupDivergence(0.8, (facts,))),
        Group(2, (("02-ru", (1,)),), 0.0),
    )
    return Comparison(set=ArticleSet(path="/x", title="Set", articles=(en.article, ru.article)),
                      articles=(en, ru), groups=groups, models={"translator": "m", "embedder": "e"},
                      timings={"detect": 0.1})


def test_json_contract(comparison):
    data = json.loads(render(comparison, "json"))
    assert set(data) >= {"set", "articles", "groups", "models", "timings"}
    assert set(data["set"]) >= {"title", "path"}
    article = data["articles"][1]
    assert set(article) >= {"id", "outlet", "lang", "lang_confidence", "title", "paragraphs"}
    assert set(article["paragraphs"][0]) >= {"index", "text", "lang", "translation"}
    group = data["groups"][1]
    assert set(group) >= {"id", "members", "similarity", "divergence"}
    assert group["members"] == [{"article": "01-en", "paragraphs": [1]}]
    assert group["divergence"]["score"] == 0.8 and group["divergence"]["kinds"] == ["facts"]
    assert set(data["models"]) == {"translator", "embedder"}
    # every paragraph in exactly one group
    seen = [(m["article"], i) for g in data["groups"] for m in g["members"] for i in m["paragraphs"]]
    assert sorted(seen) == sorted((a["id"], p["index"]) for a in data["articles"] for p in a["paragraphs"])


def test_english_translation_equals_text(comparison):
    data = to_dict(comparison)
    for p in data["articles"][0]["paragraphs"]:
        assert p["translation"] == p["text"]


def test_markdown_escapes_article_text(comparison):
    text = render(comparison, "markdown")
    assert "\\*Beijing\\*" in text
    assert "<script>" not in text
    assert "240bn on one side only" in text


def test_html_escapes_article_text(comparison):
    text = render(comparison, "html")
    assert "<script>x</script>" not in text and "&lt;script&gt;" in text
    assert "not carried" in text


def test_unknown_format(comparison):
    with pytest.raises(ValueError, match="unknown format"):
        render(comparison, "pdf")


def test_an_omission_comes_with_the_closest_paragraph_of_the_outlet_that_omits(comparison):
    zh = processed("03-zh", "zh", ["会谈。", "熊猫。"], ["Talks.", "Pandas."])
    shared = Group(0, (("01-en", (0,)), ("02-ru", (0,))), 0.9, closest=(Nearest("03-zh", 1, 0.4234),))
    c = Comparison(set=ArticleSet(path="/x", title="Set", articles=(*comparison.set.articles, zh.article)),
                   articles=(*comparison.articles, zh), groups=(shared, *comparison.groups[1:],
                                                                Group(3, (("03-zh", (0, 1)),), 0.0)),
                   models=comparison.models)
    group = to_dict(c)["groups"][0]
    assert group["closest_outside"] == [{"article": "03-zh", "paragraph": 1, "similarity": 0.4234}]
    text = render(c, "markdown")
    # Paragraphs are counted from 1 for a reader, as in the UI; the JSON keeps indices.
    assert "**Outlet 01-en (en)** ¶1: Talks in" in text
    assert "*not carried by:* Outlet 03-zh (zh) (closest ¶2, similarity 0.42)" in text
    assert "not carried<br><small>closest ¶2, similarity 0.42</small>" in render(c, "html")


def test_markdown_tells_two_articles_of_one_outlet_apart_by_date(comparison):
    """A broadcast on two days: "CCTV" twice would not say which one carries a paragraph."""
    from dataclasses import replace

    def cctv(p, date):
        return replace(p, article=replace(p.article, outlet="CCTV", date=date))

    zh1 = cctv(processed("03-zh", "zh", ["会谈。"], ["Talks."]), "2024-05-16")
    zh2 = cctv(processed("04-zh", "zh", ["熊猫。"], ["Pandas."]), "2024-05-17")
    shared = Group(0, (("01-en", (0,)), ("03-zh", (0,))), 0.9, closest=(Nearest("04-zh", 0, 0.41),))
    c = replace(comparison, articles=(*comparison.articles, zh1, zh2),
                groups=(shared, Group(1, (("04-zh", (0,)),), 0.0)))
    text = render(c, "markdown")
    assert "**CCTV · 05-16 (zh)** ¶1: Talks." in text
    assert [a["label"] for a in to_dict(c)["articles"]] == ["Outlet 01-en", "Outlet 02-ru", "CCTV · 05-16", "CCTV · 05-17"]
    assert "*not carried by:* Outlet 02-ru (ru), CCTV · 05-17 (zh) (closest ¶1, similarity 0.41)" in text


def test_passages_parallax_cut_are_marked_in_every_format(comparison):
    from dataclasses import replace

    en = comparison.articles[0]
    cut = tuple(replace(p, block=0) for p in en.paragraphs)
    cut_comparison = replace(comparison, articles=(replace(en, paragraphs=cut),) + comparison.articles[1:])
    data = json.loads(render(cut_comparison, "json"))
    assert [(p["cut"], p["block"]) for p in data["articles"][0]["paragraphs"]] == [(True, 0), (True, 0)]
    assert [(p["cut"], p["block"]) for p in data["articles"][1]["paragraphs"]] == [(False, None), (False, None)]
    assert "¶1 ✂ (cut by Parallax from block 1)" in render(cut_comparison, "markdown")
    assert "✂ cut by Parallax from block 1" in render(cut_comparison, "html")
    assert "✂" not in render(comparison, "markdown")
