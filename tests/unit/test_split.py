from compare.translate.split import SplittingTranslator, split_long

from fakes import FakeTranslator


def test_short_text_is_one_piece():
    assert split_long("One. Two.", 100) == ["One. Two."]


def test_long_text_splits_at_sentences_within_limit():
    text = " ".join(f"Sentence number {i} is here." for i in range(200))
    pieces = split_long(text, 300)
    assert all(len(p) <= 300 for p in pieces)
    assert " ".join(pieces) == text
    assert all(p.endswith(".") for p in pieces)


def test_one_huge_sentence_is_cut_hard():
    pieces = split_long("x" * 2500, 1000)
    assert [len(p) for p in pieces] == [1000, 1000, 500]


def test_long_paragraph_is_translated_in_pieces_and_rejoined():
    inner = FakeTranslator({"мир": "peace"}, batch_size=1)
    long = " ".join(["Мир наступил."] * 300)
    steps = []
    out = SplittingTranslator(inner, max_chars=500).translate(["Мир.", long, "Мир!"], "ru",
                                                             on_step=lambda d, t: steps.append((d, t)))
    assert len(out) == 3
    assert out[0].text == "peace ." and out[2].text == "peace !"
    assert out[1].text.count("peace") == 300
    assert "pieces" in out[1].note
    assert max(len(p) for call in inner.calls for p in call) <= 500
    assert steps[-1] == (3, 3)
    assert [d for d, _ in steps] == sorted(d for d, _ in steps)


def test_a_split_paragraph_counts_as_cached_once_all_its_pieces_are(tmp_path):
    from compare.cache import Cache
    from compare.translate.cached import CachedTranslator

    cache = Cache(tmp_path / "c.sqlite")
    long = " ".join(["Мир наступил."] * 100)
    pieces = split_long(long, 500)
    translator = SplittingTranslator(CachedTranslator(FakeTranslator({"мир": "peace"}), cache), max_chars=500)
    CachedTranslator(FakeTranslator(), cache).translate(pieces[:-1] + ["Мир."], "ru")  # all but the last piece
    assert set(translator.cached(["Мир.", long], "ru")) == {0}
    translator.translate([long], "ru")
    found = translator.cached(["Мир.", long], "ru")
    assert set(found) == {0, 1} and "pieces" in found[1].note


RUN_IN = "Споры о бюджете разжигают войну в Палате Сегодня в Палате сорвали голосование. Лидеры молчат."


def test_a_headline_run_into_the_text_is_its_own_piece():
    from compare.translate.split import split_run_in

    assert split_run_in(RUN_IN) == ["Споры о бюджете разжигают войну в Палате",
                                    "Сегодня в Палате сорвали голосование. Лидеры молчат."]
    # A headline that ends in a closing quote is cut too; a quoted sentence is not.
    assert split_run_in('Пивовары против "исключений" Это решение обсуждают.') == [
        'Пивовары против "исключений"', "Это решение обсуждают."]
    assert split_run_in("Он сказал: «Мы готовы.» Это решение обсуждают.") == [
        "Он сказал: «Мы готовы.» Это решение обсуждают."]
    # Punctuated sentences, and Chinese (which gives no cue), stay whole.
    assert split_run_in("Встреча прошла в Пекине. Сегодня лидеры говорили.") == [
        "Встреча прошла в Пекине. Сегодня лидеры говорили."]
    assert split_run_in("政府关门辩论引发众议院共和党内斗今天众议院投票失败。") == ["政府关门辩论引发众议院共和党内斗今天众议院投票失败。"]


def test_a_run_in_headline_is_translated_on_its_own_and_ends_a_sentence():
    words = {"споры": "Disputes", "войну": "war", "сегодня": "Today", "лидеры": "Leaders"}
    inner = FakeTranslator(words, batch_size=8)
    out = SplittingTranslator(inner).translate([RUN_IN, "Лидеры молчат."], "ru")
    assert inner.calls == [["Споры о бюджете разжигают войну в Палате",
                            "Сегодня в Палате сорвали голосование. Лидеры молчат.", "Лидеры молчат."]]
    assert out[0].text.startswith("Disputes о бюджете разжигают war в Палате. Today в Палате")
    assert "headline" in out[0].note and "pieces" not in out[0].note
    assert out[1].text == "Leaders молчат ." and not out[1].note


def test_a_run_in_paragraph_is_cached_by_its_pieces(tmp_path):
    from compare.cache import Cache
    from compare.translate.cached import CachedTranslator

    cache = Cache(tmp_path / "c.sqlite")
    # A translation stored for the whole paragraph, before it was cut: not used.
    CachedTranslator(FakeTranslator(), cache).translate([RUN_IN], "ru")
    translator = SplittingTranslator(CachedTranslator(FakeTranslator(), cache))
    assert translator.cached([RUN_IN], "ru") == {}
    translator.translate([RUN_IN], "ru")
    assert set(translator.cached([RUN_IN], "ru")) == {0}
