"""Sentence splitting: a headline or subhead run into the text without punctuation."""

from __future__ import annotations

import pytest

from compare.sentences import split_sentences


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
        # English and Chinese are not split without punctuation.
        "Government Shutdown Debate Fuels House Republican Civil War Conservative hawks bucked the leadership",
        "政府关门辩论引发众议院共和党内斗今天众议院一些强硬派反对党内领导",
    ],
)
def test_names_and_other_capitals_do_not_split(text):
    assert split_sentences(text) == [text]
