"""Sentence splitting: a headline or subhead run into the text without punctuation."""

from __future__ import annotations

import pytest

from compare.text.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        # A headline glued to the lede when the paragraph break was lost.
        (
            "Споры о бюджете разжигают войну в Палате представителей Сегодня в Палате сорвали голосование.",
            ["Споры о бюджете разжигают войну в Палате представителей",
             "Сегодня в Палате сорвали голосование."],
        ),
        (
            "В России прогнозируют открытие новых клубов В России растёт интерес к спорту.",
            ["В России прогнозируют открытие новых клубов", "В России растёт интерес к спорту."],
        ),
        # After a closing quote, and after a Latin word (a caption in English).
        ('Пивовары против "исключений" Это решение обсуждают в ЕС.',
         ['Пивовары против "исключений"', "Это решение обсуждают в ЕС."]),
        ("Подпись к видео: bomb caught on camera В Англии прогремел взрыв.",
         ["Подпись к видео: bomb caught on camera", "В Англии прогремел взрыв."]),
    ],
)
def test_a_run_in_headline_is_its_own_sentence(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Names written with a capital mid-sentence are not sentence openers.
        "Он выступил в Палате представителей Конгресса США и встретился с Си Цзиньпином.",
        "Встреча прошла в Доме Союзов на Большой Дмитровке.",
        # An opener after a capitalised word (a Title Case headline, an
        # abbreviation) or at the start is left alone.
        "Визит ООН В рамках программы продлится неделю.",
        "В Пекине прошли переговоры.",
        # A single letter that names things ("Серии А") is not an opener.
        "Команда поднялась в таблице Серии А и идёт седьмой.",
        # A Title Case headline and Chinese are not split without punctuation.
        "Government Shutdown Debate Fuels House Republican Civil War Conservative hawks bucked the leadership",
        "政府关门辩论引发众议院共和党内斗今天众议院一些强硬派反对党内领导",
    ],
)
def test_names_and_other_capitals_do_not_split(text):
    assert split_sentences(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        # An English translation keeps its source's run-in headline.
        ("How a minister became a scapegoat of a failing system In a recent incident, calls grew for her removal.",
         ["How a minister became a scapegoat of a failing system",
          "In a recent incident, calls grew for her removal."]),
        ("New plant opens in the valley amid recycling drive It will also help transform a derelict site.",
         ["New plant opens in the valley amid recycling drive", "It will also help transform a derelict site."]),
        ("Lives depend on it The jail system is experiencing a crisis.",
         ["Lives depend on it", "The jail system is experiencing a crisis."]),
    ],
)
def test_an_english_run_in_headline_is_its_own_sentence(text, expected):
    assert split_sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # An article before a capitalised word opens a name more often than a sentence.
        "He told The Guardian that the talks had failed.",
        "The court in The Hague ruled on Monday.",
        # A capitalised noun after a lowercase word is a name, not an opener.
        "The minister met President Tinubu in Abuja on Monday.",
        # Prepositions capitalised in a Title Case headline follow a capital.
        "Siso's Depictions Of Land And Water Center New Gallery Exhibition",
        # So does an opener inside a Title Case name: the word before it is
        # capitalised, though it ends in a lowercase letter.
        "She is the executive director of Beyond These Walls in Washington state.",
        'He heads "Against These Walls" in Washington.',
    ],
)
def test_english_names_after_a_lowercase_word_do_not_split(text):
    assert split_sentences(text) == [text]
