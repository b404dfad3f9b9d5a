from pathlib import Path

import pytest

from compare.corpus import load_article_set
from compare.detect import detect_article, detect_text, dominant_script, has_words
from compare.types import Article, Paragraph

SAMPLE = Path(__file__).resolve().parents[2] / "corpora" / "putin-xi-2024"


@pytest.mark.parametrize("text,lang", [
    ("Президент России прибыл в Пекин с двухдневным государственным визитом.", "ru"),
    ("国家主席习近平在人民大会堂同俄罗斯总统普京举行会谈。", "zh"),
    ("The Russian president arrived in Beijing for a two-day state visit on Thursday.", "en"),
    ("Путин", "ru"),  # short: the script decides
    ("普京", "zh"),
    ("東京で首脳会談が開かれました。", "ja"),
])
def test_detects_language(text, lang):
    assert detect_text(text).lang == lang


def test_repeatable():
    text = "Short mixed text, maybe Dutch or English."
    assert len({detect_text(text).lang for _ in range(5)}) == 1


def test_short_latin_paragraph_follows_article():
    assert detect_text("Photo: Reuters", fallback="en").lang == "en"


def test_script_share():
    script, share = dominant_script("Путин said hello")
    assert script == "Latin" and 0.5 < share < 1


def test_declared_language_that_disagrees_is_flagged():
    article = Article(id="a", outlet="o", declared_lang="en", paragraphs=(
        Paragraph(0, "Президент России прибыл в Пекин с двухдневным государственным визитом."),))
    guess, per_paragraph = detect_article(article)
    assert guess.lang == "ru" and guess.disagrees and guess.declared == "en"
    assert per_paragraph[0].lang == "ru"


def test_sample_set_languages_match_declarations():
    for article in load_article_set(SAMPLE).articles:
        guess, _ = detect_article(article)
        assert guess.lang == article.declared_lang, article.id
        assert not guess.disagrees


@pytest.mark.parametrize("text", [
    "https://twitter.com/someone/status/1771286936944099483",
    "@user40 https://social.example.org/@user41/112130028394563476",
    "2024 — 17.05",
])
def test_a_paragraph_with_no_words_has_no_language(text):
    # A link, a handle or a figure is in no language: nothing to translate it from.
    assert detect_text(text, fallback="ru").lang == "und"
    assert not has_words(text)


@pytest.mark.parametrize("text", ["Путин прибыл.", "？好", "@user8 yes"])
def test_has_words_agrees_with_detection(text):
    assert has_words(text) and detect_text(text).lang != "und"


def test_an_unsure_guess_does_not_move_a_latin_paragraph_out_of_its_article():
    # langdetect reads this as Afrikaans, at 0.71.
    text = "it seems like even iMessage over WiFi isn't working, which doesn't quite make sense to me"
    assert detect_text(text, fallback="en").lang == "en"


def test_a_sure_guess_still_does():
    text = ("Le président russe est arrivé jeudi à Pékin pour une visite d'État de deux jours, "
            "la première à l'étranger depuis son investiture.")
    assert detect_text(text, fallback="en").lang == "fr"


def test_links_do_not_decide_a_paragraph_language():
    text = "Путин прибыл в Пекин https://example.org/a/very/long/link/to/the/article/about/the/visit/2024"
    assert detect_text(text, fallback="ru").lang == "ru"
