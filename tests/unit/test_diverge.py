"""Each divergence detector pinned on small crafted pairs, negatives included."""

from __future__ import annotations

from dataclasses import replace

import pytest

from compare.diverge import diverge, loaded_terms, names, numbers, tone
from compare.types import (
    Article,
    Group,
    LanguageGuess,
    Paragraph,
    ProcessedArticle,
    ProcessedParagraph,
    Translation,
)


def article(article_id: str, paragraphs: list[str], *, title: str = "", lang: str = "en",
            originals: list[str] | None = None, outlet: str | None = None) -> ProcessedArticle:
    originals = originals or paragraphs
    return ProcessedArticle(
        article=Article(id=article_id, outlet=article_id if outlet is None else outlet, title=title,
                        paragraphs=tuple(Paragraph(i, t) for i, t in enumerate(originals))),
        language=LanguageGuess(lang, 1.0),
        paragraphs=tuple(
            ProcessedParagraph(i, o, lang, 1.0, Translation(text=e, model="test"))
            for i, (e, o) in enumerate(zip(paragraphs, originals))
        ),
    )


def pair_group(a: str = "a", b: str = "b", ia: int = 0, ib: int = 0) -> Group:
    return Group(id=0, members=((a, (ia,)), (b, (ib,))), similarity=0.9)


def kinds_for(text_a: str, text_b: str, kind: str, **kw):
    arts = [article("a", [text_a], **kw), article("b", [text_b])]
    groups, _ = diverge([pair_group()], arts)
    return [d for d in groups[0].divergence.items if d.kind == kind]


# -- framing -------------------------------------------------------------------------------


def test_framing_contrasting_frames_are_flagged_with_both_spans():
    found = kinds_for("Moscow's invasion of Ukraine entered its third year.",
                      "The special military operation in Ukraine entered its third year.", "framing")
    assert found, "invasion vs special military operation must be a framing divergence"
    spans = {e.span.lower() for d in found for e in d.evidence}
    assert "invasion" in spans and any("special military operation" in s for s in spans)
    assert all(0.0 <= d.strength <= 1.0 for d in found)


def test_framing_alliance_vs_partnership():
    found = kinds_for("The two leaders sealed an alliance against the West.",
                      "The two leaders deepened their partnership.", "framing")
    assert any("allian" in e.span.lower() for d in found for e in d.evidence)


@pytest.mark.parametrize("text_a, text_b", [
    ("China remains Russia's largest trading partner.", "Trade with Russia grew again last year."),
    ("Economic cooperation is the cornerstone of the ties.", "The economy is the cornerstone of the ties."),
    ("After the welcome ceremony the leaders held talks.", "After the ceremony the leaders held talks."),
    ("Washington warned of new sanctions on the banks.", "Washington spoke of new measures on the banks."),
    ("Fighter jets flew over the parade.", "Jets flew over the parade."),
    ("Washington warned the banks.", "The guests were welcomed at the airport."),  # two everyday words
])
def test_framing_everyday_words_are_not_loaded_wording_on_their_own(text_a, text_b):
    assert kinds_for(text_a, text_b, "framing") == []


@pytest.mark.parametrize("text_a, text_b, spans", [
    ("The two countries deepened their cooperation.", "The two countries deepened their alliance.",
     {"cooperation", "alliance"}),
    ("Fighters seized the town overnight.", "Terrorists seized the town overnight.", {"Fighters", "Terrorists"}),
])
def test_framing_everyday_words_count_against_another_frame(text_a, text_b, spans):
    found = kinds_for(text_a, text_b, "framing")
    assert len(found) == 1 and found[0].strength == 0.8
    assert {e.span for e in found[0].evidence} == spans


def test_framing_one_sided_loaded_term():
    found = kinds_for("The regime in Minsk hosted the talks.", "The government in Minsk hosted the talks.",
                      "framing")
    assert found and "regime" in found[0].reason


def test_framing_negative_same_frame_different_words():
    found = kinds_for("The invasion of the country began at dawn, officials said.",
                      "At dawn the country was invaded, according to officials.", "framing")
    assert found == []


def test_framing_negative_plain_paraphrase():
    assert kinds_for("The two ministers met in Geneva on Monday to discuss trade.",
                     "On Monday the ministers held talks on trade in Geneva.", "framing") == []


def test_a_loaded_word_inside_a_name_is_the_name_not_the_wording():
    assert kinds_for("Both sides rejected a Cold War mentality in Asia.",
                     "Both sides rejected old rivalries in Asia.", "framing") == []
    assert tone("They toured the Great Hall of the People and the Museum of War History.")[1:] == ([], [])
    # ... while a term that is the whole name, or stands on its own, still counts
    assert [t.span for t in loaded_terms("The Special Military Operation went on.")] == ["Special Military Operation"]
    assert [t.span for t in loaded_terms("War broke out in the north.")] == ["War"]
    assert tone("A great visit.")[1] == ["great"]


def test_a_quoted_loaded_term_is_reported_as_a_quotation():
    found = kinds_for('The ministers spoke of a "regime" in the capital.', "The ministers spoke of the capital.",
                      "framing")
    assert [d.reason for d in found] == ['a quotes loaded wording "regime" (political order: delegitimising); '
                                         'b has no such term.']
    assert found[0].strength < 0.5
    found = kinds_for("The regime in the capital answered.", "The capital answered.", "framing")
    assert found[0].reason.startswith("a uses loaded wording") and found[0].strength == 0.5
    # the outlet's own word is preferred to a quoted one, and quotes close
    assert [(t.span, t.quoted) for t in loaded_terms('He said “yes”. The regime fell; «the regime» was gone.')] == [
        ("regime", False), ("regime", True)]


def test_loaded_terms_skip_negated():
    assert all(t.span.lower() != "alliance" for t in loaded_terms("This is not an alliance, he said."))


# -- facts ---------------------------------------------------------------------------------


def test_numbers_normalise_across_styles():
    values = {round(n.value / 1e9, 1) for text in ("$240bn", "240 billion dollars", "240,1 млрд", "2401亿")
              for n in numbers(text)}
    assert values == {240.0, 240.1}


def test_facts_different_numbers_are_flagged():
    found = kinds_for("Trade reached $240bn last year.", "Trade reached 200 billion dollars last year.", "facts")
    assert found and any("240" in d.reason and "200" in d.reason for d in found)
    assert max(d.strength for d in found) >= 0.7


def test_facts_negative_same_number_written_differently():
    assert kinds_for("Trade reached $240bn last year.", "Last year trade hit 240 billion dollars.", "facts") == []


def test_facts_use_the_original_for_numbers():
    arts = [article("a", ["Trade reached $240bn last year."]),
            article("b", ["Trade reached a record last year."], lang="ru",
                    originals=["Товарооборот в прошлом году достиг 240,1 млрд долларов."])]
    groups, _ = diverge([pair_group()], arts)
    assert [d for d in groups[0].divergence.items if d.kind == "facts"] == []


def test_facts_name_on_one_side_only():
    found = kinds_for("Foreign Minister Sergei Lavrov joined the talks in Beijing.",
                      "The foreign minister joined the talks in Beijing.", "facts")
    assert any("Lavrov" in d.reason for d in found)
    assert not any("Beijing" in d.reason for d in found)


def test_facts_an_outlet_naming_itself_is_not_a_fact():
    arts = [article("wire", ["BEIJING (Meridian Wire) - Putin arrived in Beijing."]),
            article("paper", ["Putin arrived in Beijing on Thursday, Reuters reported."])]
    arts[0] = ProcessedArticle(article=Article(id="wire", outlet="Meridian Wire", paragraphs=arts[0].article.paragraphs),
                               language=arts[0].language, paragraphs=arts[0].paragraphs)
    groups, _ = diverge([pair_group("wire", "paper")], arts)
    reasons = [d.reason for d in groups[0].divergence.items if d.kind == "facts"]
    assert not any('"Meridian' in r for r in reasons)
    assert any('"Reuters"' in r for r in reasons)  # another outlet's name still counts


def test_sides_saying_the_same_against_the_same_outlet_become_one_item():
    arts = [article("a", ["Foreign Minister Sergei Lavrov joined the talks."]),
            article("b", ["Sergei Lavrov, the foreign minister, joined the talks as well."]),
            article("c", ["The ministers joined the talks."])]
    group = Group(id=0, members=(("a", (0,)), ("b", (0,)), ("c", (0,))), similarity=0.9)
    groups, _ = diverge([group], arts)
    lavrov = [d for d in groups[0].divergence.items if d.kind == "facts" and "Lavrov" in d.reason]
    assert len(lavrov) == 1
    assert lavrov[0].reason.startswith("a and b name ") and lavrov[0].reason.endswith("c does not.")
    assert lavrov[0].articles == ("a", "b", "c")
    assert {e.article for e in lavrov[0].evidence} == {"a", "b"}


def test_different_names_stay_apart():
    arts = [article("a", ["Sergei Lavrov joined the talks."]), article("b", ["Wang Yi joined the talks."]),
            article("c", ["The ministers joined the talks."])]
    group = Group(id=0, members=(("a", (0,)), ("b", (0,)), ("c", (0,))), similarity=0.9)
    groups, _ = diverge([group], arts)
    reasons = [d.reason for d in groups[0].divergence.items if d.kind == "facts"]
    assert 'a names "Sergei Lavrov"; b and c do not.' in reasons
    assert 'b names "Wang Yi"; a and c do not.' in reasons


@pytest.mark.parametrize("text_a, text_b", [
    ("The Group of Seven warned Russia of massive consequences.", "The G7 warned Russia of serious consequences."),
    ("The European Union and the United Nations condemned it.", "The EU and the UN condemned it."),
    ("NATO said the alliance would respond.", "The North Atlantic Treaty Organization said it would respond."),
])
def test_facts_negative_a_name_against_its_abbreviation(text_a, text_b):
    # "Group of Seven" and "G7" are one name: neither side leaves it out
    assert kinds_for(text_a, text_b, "facts") == []


def test_facts_an_abbreviation_of_another_name_still_counts():
    found = kinds_for("The Shanghai Cooperation Organisation met in Astana.", "The SCO met. The EU was absent.", "facts")
    assert any('"EU"' in d.reason for d in found)
    assert not any("Shanghai" in d.reason for d in found)


def test_facts_negative_a_number_word_opening_a_point_is_no_name():
    # "Five" opens the fifth point; elsewhere it opens "the Five Principles", so it recurs capitalised
    arts = [article("a", ["Five, we uphold fairness and justice.",
                          "Both sides uphold the Five Principles of Peaceful Coexistence."]),
            article("b", ["We uphold fairness and justice, the minister said."])]
    groups, _ = diverge([pair_group()], arts)
    assert not any('"Five"' in d.reason for d in groups[0].divergence.items)


def test_facts_negative_the_16th_is_a_day_of_the_month():
    # "16日晚" translated "on the evening of the 16th" is the date "May 16" of the other side
    assert kinds_for("On the evening of the 16th, Xi invited Putin to Zhongnanhai.",
                     "On the evening of May 16, Xi took Putin to Zhongnanhai.", "facts") == []
    # ... while "the 16th century" stays a figure, and differs from "the 17th century"
    assert kinds_for("A palace of the 16th century.", "A palace of the 17th century.", "facts")


def _facts_between(english_a: str, english_b: str, original_b: str, lang_b: str) -> list[str]:
    arts = [article("a", [english_a]), article("b", [english_b], originals=[original_b], lang=lang_b)]
    groups, _ = diverge([pair_group()], arts)
    return [d.reason for d in groups[0].divergence.items if d.kind == "facts"]


def test_facts_negative_a_name_the_translation_dropped_is_still_in_the_russian():
    # the LLM's English left "в Ливерпуле" out; Kommersant does name Liverpool
    assert _facts_between("The ministers met in Liverpool on Saturday.", "The ministers met on Saturday.",
                          "Министры встретились в субботу в Ливерпуле.", "ru") == []


def test_facts_a_russian_word_that_only_resembles_the_name_does_not_count():
    # "Новая" (new) is "novaya": "Novak" with another letter, not with an ending
    reasons = _facts_between("Alexander Novak joined the talks.", "A new round of talks began.",
                             "Новая встреча началась.", "ru")
    assert reasons == ['a names "Alexander Novak"; b does not.']


@pytest.mark.parametrize("latin, word, same", [
    ("putina", "putin", True), ("liverpule", "liverpool", True), ("zelenskiy", "zelensky", True),
    ("novaya", "novak", False), ("severoatlanticheskiy", "seven", False), ("sila", "asia", False),
])
def test_a_transliterated_word_is_the_name_with_an_ending(latin, word, same):
    from compare.text.names import transliteration_of as _transliteration_of

    assert _transliteration_of(latin, word) is same


def test_facts_negative_a_name_the_translation_dropped_is_still_in_the_chinese(monkeypatch):
    from compare.text import cedict
    from compare.text.cedict import Entry

    table = {"天安门广场": (Entry("Tian1 an1 men2 Guang3 chang3", ("Tiananmen Square",)),),
             "普京": (Entry("Pu3 jing1", ("Vladimir Putin (1952-), president of Russia",)),),
             "欧亚": (Entry("Ou1 Ya4", ("Europe and Asia",)),)}
    monkeypatch.setattr(cedict, "entries", lambda: table)
    assert _facts_between("Putin was welcomed on Tiananmen Square.", "A salute was fired for the guest.",
                          "天安门广场礼炮齐鸣，欢迎普京。", "zh") == []
    # a dictionary name that holds the name among other words is another name
    assert _facts_between("The theme was Europe.", "The theme was chosen.", "主题是欧亚。", "zh") == [
        'a names "Europe"; b does not.']


def test_facts_negative_paraphrase_with_same_names_and_numbers():
    assert kinds_for("Putin arrived in Beijing on 16 May for a two-day visit.",
                     "On May 16 Putin landed in Beijing; the visit lasts two days.", "facts") == []


def test_names_skip_sentence_starters():
    assert names("However, the talks went on. Meanwhile Xi Jinping spoke.") == ["Xi Jinping"]


def test_a_sentence_opener_is_a_name_only_if_it_recurs_mid_sentence():
    assert names("Following the talks, the leaders met. Another deal was signed.") == []
    assert names("Gazprom will sell more gas. Talks with Gazprom went on.") == ["Gazprom"]
    # the recurrence may come from elsewhere in the set (another outlet's article)
    assert names("Gazprom will sell more gas.") == []
    assert names("Gazprom will sell more gas.", recurring={"Gazprom"}) == ["Gazprom"]
    assert names("NATO said no.") == ["NATO"]  # an acronym needs no second mention


def test_an_abbreviation_in_brackets_after_a_name_is_that_name():
    assert names("They met at the Shanghai Cooperation Organisation (SHOS) summit.") == [
        "Shanghai Cooperation Organisation"]
    found = kinds_for("Ties within the Shanghai Cooperation Organisation (SHOS) will grow.",
                      "Ties within the Shanghai Cooperation Organisation will grow.", "facts")
    assert found == []
    # not after a single word, and not a word in brackets that is no abbreviation
    assert names("Work with the IAEA (UN) went on in Astana (Kazakhstan).") == ["IAEA", "UN", "Astana", "Kazakhstan"]


def test_a_time_of_day_is_neither_a_name_nor_a_figure():
    found = kinds_for("At 4:30 PM on Thursday, Xi and Putin attended a concert.",
                      "On Thursday, Xi and Putin attended a concert.", "facts")
    assert found == []
    assert [n.value for n in numbers("At 16:45 trade reached $1.25 billion, up 26.3%.")] == [1.25e9, 26.3]


def test_one_date_in_three_languages_is_one_date():
    for original, lang in (("Делегация прибыла 16 мая.", "ru"), ("代表团于5月16日抵达。", "zh")):
        arts = [article("a", ["The delegation landed on May 16."]),
                article("b", ["The delegation arrived."], lang=lang, originals=[original])]
        groups, _ = diverge([pair_group()], arts)
        assert [d for d in groups[0].divergence.items if d.kind == "facts"] == [], original
    assert [n.context for n in numbers("on the 3rd of June, 3 июня, 6月3日 and 3日")] == ["June 3"] * 3 + ["the 3rd"]


def test_a_date_on_one_side_is_reported_as_a_date():
    found = kinds_for("The offensive began on March 4 near the border.", "The offensive began near the border.",
                      "facts")
    assert [d.reason for d in found] == ['a gives the date "March 4"; b has no such date.']
    # its digits are not read again as a bare figure, and a month alone is no date
    assert [n.context for n in numbers("On March 4 it began; in March it grew; 今年3月")] == ["March 4"]
    assert [n.value for n in numbers("It may 4 times grow.")] == [4.0]  # "may" the verb is not May
    # a range names both days; "May 7 and 10 ministers" is one date and a count
    assert [n.context for n in numbers("held 9-10 December, or с 9 по 10 декабря")] == [
        "December 9", "December 10", "December 9", "December 10"]
    assert [n.context for n in numbers("On May 7 and 10 ministers came.")] == ["May 7", "10 ministers"]


def test_one_figure_in_two_spellings_is_one_item():
    arts = [article("a", ["Gazprom will ship 50 billion cubic metres of gas a year."]),
            article("b", ["Gazprom will ship 50 billion cubic meters of gas a year."], lang="ru",
                    originals=["Газпром будет поставлять 50 млрд кубометров газа в год."]),
            article("c", ["Gazprom will ship gas."])]
    group = Group(id=0, members=(("a", (0,)), ("b", (0,)), ("c", (0,))), similarity=0.9)
    groups, _ = diverge([group], arts)
    reasons = [d.reason for d in groups[0].divergence.items if d.kind == "facts" and "50" in d.reason]
    assert reasons == ['a and b give the figure "50 billion cubic metres"; c has no such figure.']
    assert [n.context for n in numbers("12 kilometers, 3 liters, 7 parameters")] == [
        "12 kilometres", "3 litres", "7 parameters"]


def test_an_extra_figure_is_not_a_contradiction_of_one_both_sides_agree_on():
    found = kinds_for("Trade reached $240 billion last year.",
                      "Trade reached $240.1 billion, above the $200 billion target.", "facts")
    assert [d.reason for d in found] == ['b gives the figure "$200 billion target"; a has no such figure.']
    found = kinds_for("Trade reached $227.8 billion last year.",
                      "Trade reached $240.1 billion, above the $200 billion target.", "facts")
    assert [d.reason for d in found if d.strength == 0.8] == [
        'a gives "$227.8 billion" where b gives "$240.1 billion".']  # the nearer figure, not the target
    # two different figures for one thing still are
    assert [d.strength for d in kinds_for("Trade reached $240 billion.", "Trade reached $200 billion.", "facts")] == [0.8]


def test_a_rounded_figure_agrees_with_the_precise_one():
    assert kinds_for("Trade rose 26 percent to about $240 billion.",
                     "Trade rose 26.3% to $240.1 billion.", "facts") == []
    arts = [article("a", ["Trade rose to about $240 billion."]),
            article("b", ["Trade rose."], lang="zh", originals=["贸易额达2401亿美元。"])]
    groups, _ = diverge([pair_group()], arts)
    assert [d for d in groups[0].divergence.items if d.kind == "facts"] == []
    # ... while a figure that does not round to it still differs
    found = kinds_for("Trade rose 26 percent.", "Trade rose 27.5%.", "facts")
    assert any("26 percent" in d.reason and "27.5%" in d.reason for d in found)


def test_percentages_far_apart_are_not_one_quantity():
    found = kinds_for("Exports rose 12 percent this year.", "Almost 80% of payments are settled in rubles.",
                      "facts")
    assert found and not any(" where " in d.reason for d in found)
    found = kinds_for("Turnout was 61 percent.", "Turnout was 67%.", "facts")
    assert any("61 percent" in d.reason and "67%" in d.reason for d in found)


def test_figures_next_to_han_characters_and_english_ordinals_are_read():
    assert [n.value for n in numbers("2023年贸易额增长26.3%，连续14年")] == [2023.0, 26.3, 14.0]
    arts = [article("a", ["The city marks the 30th anniversary of the treaty."]),
            article("b", ["The city marks the treaty anniversary."], lang="zh", originals=["该市纪念条约签订30周年。"])]
    groups, _ = diverge([pair_group()], arts)
    assert [d for d in groups[0].divergence.items if d.kind == "facts"] == []


def test_the_word_after_a_figure_shows_only_when_it_is_what_is_counted():
    assert [n.context for n in numbers("It hit $90 billion last year.")] == ["$90 billion"]
    assert [n.context for n in numbers("In 2019 Merkel visited; 12 ministers came.")] == ["2019", "12 ministers"]
    assert [n.context for n in numbers("It ships 38 billion cubic metres a year.")] == ["38 billion cubic metres"]


def test_an_office_alone_is_not_a_name():
    assert names("They met the EU's Commissioner and the Envoy in Oslo.") == ["EU", "Oslo"]
    assert "Josep Borrell" in names("They met Commissioner Josep Borrell in Oslo.")
    # a hyphenated office is an office too; a hyphenated name stays whole
    assert names("Putin met Vice-President Han Zheng in Harbin, home to Guinea-Bissau traders.") == [
        "Han Zheng", "Harbin", "Guinea-Bissau"]


def test_a_name_written_in_capitals_and_normally_is_one_name():
    assert names("KYIV, June 2 (Agency) - The mayor of Kyiv spoke.") == ["Kyiv", "Agency"]


# -- tone ----------------------------------------------------------------------------------


def test_tone_signs():
    assert tone("The warm and fruitful talks were a great success.")[0] > 0.3
    assert tone("Critics warned of a dangerous crisis and condemned the threat.")[0] < -0.3
    assert tone("It was not a failure.")[0] >= 0


def test_tone_gap_flagged():
    found = kinds_for("The leaders held warm, fruitful and successful talks.",
                      "The leaders held tense talks amid warnings of a dangerous crisis.", "tone")
    assert found and "warm" in found[0].reason and found[0].strength > 0


def test_tone_reason_names_what_sets_each_side():
    # the cooler side has only warm words (fewer); the warmer one has warm and cold words
    found = kinds_for("A great, warm and successful visit, despite the war.",
                      "The visit, which officials welcomed, took place over two long days of meetings "
                      "between the delegations of both countries and their advisers.", "tone")
    assert found
    reason = found[0].reason
    assert 'warm "great", "warm", "successful"; cold "war"' in reason
    assert '"welcomed")' in reason and "no charged words" not in reason


def test_tone_a_cold_side_against_a_neutral_one_is_called_colder():
    # "a reads warmer (tone +0.00: no charged words)" said the neutral side was the warm one
    found = kinds_for("The leaders met in Beijing on Thursday for talks.",
                      "The leaders met amid war, pressure and sanctions.", "tone")
    assert found and found[0].reason.startswith("b reads colder (tone -")
    assert found[0].reason.endswith("than a (tone +0.00: no charged words).")
    assert found[0].articles == ("b", "a") and found[0].evidence[0].span == "war"
    # a warm side against a neutral one is still the warmer
    warm = kinds_for("A great, warm and successful visit.", "The leaders met in Beijing for talks on Thursday.", "tone")
    assert warm and warm[0].reason.startswith("a reads warmer (tone +")


def test_tone_negative_same_tone():
    assert kinds_for("The leaders held warm and productive talks.",
                     "Talks between the leaders were friendly and constructive.", "tone") == []


# -- emphasis and omission -----------------------------------------------------------------


def emphasis_against_a_buried_mention(paragraphs, index, **kw):
    """Emphasis items when article a carries a gas deal at `index` and b buries it last of six."""
    a = article("a", paragraphs, **kw)
    b = article("b", ["Weather was fine.", "Talks went on.", "Sports.", "Markets.", "More.",
                      "They also signed a gas deal."])
    group = Group(id=0, members=(("a", (index,)), ("b", (5,))), similarity=0.8)
    rest = [Group(id=1, members=(("a", tuple(i for i in range(len(paragraphs)) if i != index)),), similarity=0.0),
            Group(id=2, members=(("b", (0, 1, 2, 3, 4)),), similarity=0.0)]
    groups, _ = diverge([group, *rest], [a, b])
    return [d for d in groups[0].divergence.items if d.kind == "emphasis"]


def test_emphasis_lead_vs_buried():
    found = emphasis_against_a_buried_mention(
        ["Leaders signed a gas deal worth billions.", "Other news.", "More news."], 0, title="Leaders sign gas deal")
    assert found and found[0].articles[0] == "a"
    assert "leads with it" in found[0].reason and "buried" in found[0].reason


def test_emphasis_second_paragraph_is_not_called_the_lede():
    # the lede is the first paragraph ("leads with it"); the second is named as such
    found = emphasis_against_a_buried_mention(
        ["BEIJING, May 16 - Leaders met.", "They signed a gas deal worth billions.", "Other news."], 1)
    assert found and found[0].articles[0] == "a"
    assert "in its second paragraph" in found[0].reason and "lede" not in found[0].reason


def test_emphasis_negative_equal_treatment():
    a = article("a", ["Leaders signed a gas deal.", "Other news."])
    b = article("b", ["The leaders signed a deal on gas.", "Other things."])
    groups, _ = diverge([Group(0, (("a", (0,)), ("b", (0,))), 0.9),
                         Group(1, (("a", (1,)), ("b", (1,))), 0.9)], [a, b])
    assert not [d for d in groups[0].divergence.items if d.kind == "emphasis"]


def test_reasons_name_outlets_and_keep_ids_for_machines():
    arts = [article("01-wire", ["Gas deal signed.", "Panda diplomacy."], outlet="Meridian Wire"),
            article("02-agency", ["A gas deal was signed."], outlet="Volga Agency"),
            article("03-paper", ["Gas agreement signed."], outlet="")]
    groups = [Group(0, (("01-wire", (0,)), ("02-agency", (0,))), 0.9), Group(1, (("01-wire", (1,)),), 0.0)]
    out, per_article = diverge(groups, arts)
    omission = [d for d in out[0].divergence.items if d.kind == "omission"]
    # an article without an outlet name is called by its id
    assert omission[0].reason == "Meridian Wire and Volga Agency report this; 03-paper leaves it out."
    assert omission[0].articles == ("03-paper",)
    assert {e.article for e in omission[0].evidence} == {"01-wire", "02-agency"}
    unique = [d for d in per_article["01-wire"] if d.kind == "unique"]
    assert unique[0].reason.startswith('Only Meridian Wire carries ¶2: "Panda')


def test_reasons_tell_two_articles_of_one_outlet_apart_by_date_or_id():
    arts = [article("a", ["Gas deal signed in a hurry."], outlet="Wire"),
            article("b", ["A gas deal was signed."], outlet="Wire"),
            article("c", ["Trade grew."], outlet="Daily")]
    groups = [Group(0, (("a", (0,)), ("b", (0,))), 0.9), Group(1, (("c", (0,)),), 0.0)]
    out, per_article = diverge(groups, arts)
    omission = [d for d in out[0].divergence.items if d.kind == "omission"]
    assert omission[0].reason == "Wire · a and Wire · b report this; Daily leaves it out."
    # an id inside quoted article text is text, not a name
    left_out = [d for d in per_article["c"] if d.kind == "omission"]
    assert left_out[0].reason == 'Daily leaves out what Wire · a and Wire · b report: "Gas deal signed in a hurry."'
    # a broadcast on two days: by date, the shared year left out
    dated = [replace(a, article=replace(a.article, date=date)) for a, date in zip(arts, ("2024-05-16", "2024-05-17", ""))]
    out, _ = diverge(groups, dated)
    omission = [d for d in out[0].divergence.items if d.kind == "omission"]
    assert omission[0].reason == "Wire · 05-16 and Wire · 05-17 report this; Daily leaves it out."


def test_omission_and_unique_content():
    arts = [article("a", ["Gas deal signed.", "Panda diplomacy."]),
            article("b", ["A gas deal was signed."]),
            article("c", ["Gas agreement signed."])]
    groups = [Group(0, (("a", (0,)), ("b", (0,))), 0.9), Group(1, (("a", (1,)),), 0.0),
              Group(2, (("c", (0,)),), 0.0)]
    out, per_article = diverge(groups, arts)
    omission = [d for d in out[0].divergence.items if d.kind == "omission"]
    assert omission and omission[0].articles == ("c",)
    assert omission[0].reason == "a and b report this; c leaves it out."
    only_a = [d for d in out[1].divergence.items if d.kind == "omission"]
    assert only_a[0].reason == "Only a reports this; b and c leave it out."
    assert any(d.kind == "unique" for d in per_article["a"])
    assert any(d.kind == "omission" for d in per_article["c"])
    assert out[0].divergence.score == pytest.approx(max(d.strength for d in out[0].divergence.items))


def test_every_item_is_well_formed():
    arts = [article("a", ["The regime's invasion cost $5bn, Lavrov warned of a crisis."]),
            article("b", ["The special operation cost 7 billion dollars amid warm, fruitful talks."])]
    out, _ = diverge([pair_group()], arts)
    items = out[0].divergence.items
    assert {"framing", "facts", "tone"} <= {d.kind for d in items}
    for d in items:
        assert 0.0 <= d.strength <= 1.0 and d.reason and d.evidence
        for e in d.evidence:
            text = arts[0 if e.article == "a" else 1].paragraphs[e.paragraph]
            assert e.span.lower() in (text.translation.text + text.text).lower()


def test_one_side_against_several_is_one_item():
    from compare.diverge.combine import _combine
    from compare.types import Divergence, Evidence

    items = [
        Divergence("framing", 0.5, f'a uses "axis"; {other} has no such term.',
                   (Evidence("a", 0, "axis"), Evidence(other, 1, "")), ("a", other))
        for other in ("02-b", "03-c", "04-d")
    ] + [Divergence("tone", 0.4, "02-b reads warmer than 03-c", (Evidence("02-b", 0, "x"),), ("02-b", "03-c"))]
    combined = _combine(items)
    framing = [d for d in combined if d.kind == "framing"]
    assert len(framing) == 1
    assert framing[0].reason == 'a uses "axis"; 02-b, 03-c and 04-d have no such term.'
    assert framing[0].articles == ("a", "02-b", "03-c", "04-d")
    assert len([d for d in combined if d.kind == "tone"]) == 1


def test_a_name_or_figure_the_other_outlet_gives_elsewhere_is_not_missing():
    a = article("a", ["Foreign Minister Sergei Lavrov joined the talks, worth $25 billion."])
    b = article("b", ["The foreign minister joined the talks.", "Lavrov spoke later of a $25 billion deal."])
    groups, _ = diverge([Group(id=0, members=(("a", (0,)), ("b", (0,))), similarity=0.9)], [a, b])
    facts = [d for d in groups[0].divergence.items if d.kind == "facts"]
    assert not any("Lavrov" in d.reason or "25" in d.reason for d in facts)
    # ... while one the other outlet never gives still is
    c = article("c", ["The foreign minister joined the talks.", "He spoke later."])
    groups, _ = diverge([Group(id=0, members=(("a", (0,)), ("c", (0,))), similarity=0.9)], [a, c])
    facts = [d for d in groups[0].divergence.items if d.kind == "facts"]
    assert any("Lavrov" in d.reason for d in facts) and any("25" in d.reason for d in facts)


def test_possessive_names_stay_whole():
    assert "People's Republic of China" in names("He signed it with the People's Republic of China.")
    assert "Putin" in names("Xi praised Putin's visit.")


def test_a_list_of_outlets_takes_a_plural_verb():
    from compare.diverge.combine import _combine
    from compare.types import Divergence, Evidence

    items = [Divergence("framing", 0.5, f'a says "alliance" where {other} says "partnership".',
                        (Evidence("a", 0, "alliance"), Evidence(other, 0, "partnership")), ("a", other))
             for other in ("02-b", "03-c")]
    (item,) = _combine(items)
    assert item.reason == 'a says "alliance" where 02-b and 03-c say "partnership".'


def test_a_word_joined_to_a_figure_by_a_hyphen_is_shown_with_it():
    found = kinds_for("It points to the 12-point position paper and a 21-gun salute.",
                      "It points to the position paper and a salute.", "facts")
    shown = " ".join(d.reason for d in found)
    assert '"12-point"' in shown and '"21-gun"' in shown
    # ... and a 12-point plan is set against a 10-point plan, not against 12 ministers
    assert [n.context for n in numbers("a 12-point plan")] == ["12-point"]
    found = kinds_for("They backed a 12-point plan.", "They backed a 10-point plan.", "facts")
    assert any("12-point" in d.reason and "10-point" in d.reason for d in found)
    assert all("where" not in d.reason for d in kinds_for("They backed a 12-point plan.",
                                                          "They named 12 ministers.", "facts"))


def test_a_number_in_a_name_is_no_figure():
    found = kinds_for("Talks on the Power of Siberia 2 pipeline and a Boeing 737 order stalled.",
                      "Talks on the pipeline and the aircraft order stalled.", "facts")
    assert found and not any("figure" in d.reason for d in found)  # the names are told, not "2" or "737"
    # ... while after a sentence opener, a preposition or a weekday it still is one
    assert [n.context for n in numbers("In 2022 trade grew. Since 2014 it rose. On Thursday 26 firms signed.")] == [
        "2022 trade", "2014", "26 firms"]


def test_an_outlet_whose_paragraph_comes_close_is_possibly_the_same_not_an_omission():
    from compare.types import Nearest

    arts = [article("01-wire", ["Gas deal signed."], outlet="Meridian Wire"),
            article("02-agency", ["A gas deal was signed."], outlet="Volga Agency"),
            article("03-paper", ["Energy talks went on.", "Weather was fine."], outlet="Daily Paper")]
    near = Group(0, (("01-wire", (0,)), ("02-agency", (0,))), 0.9, closest=(Nearest("03-paper", 0, 0.56),))
    far = replace(near, closest=(Nearest("03-paper", 0, 0.31),))
    (with_near,), per_article = diverge([near], arts)
    assert not [d for d in with_near.divergence.items if d.kind == "omission"]
    (possible,) = [d for d in with_near.divergence.items if d.kind == "possible"]
    assert possible.reason == ("Meridian Wire and Volga Agency report this; "
                               "Daily Paper ¶1 (0.56) possibly reports the same: check it.")
    assert possible.articles == ("03-paper",)
    assert ("03-paper", 0) in {(e.article, e.paragraph) for e in possible.evidence}
    assert [d.kind for d in per_article["03-paper"]] == ["possible"]
    (with_far,), per_article = diverge([far], arts)
    (omission,) = [d for d in with_far.divergence.items if d.kind == "omission"]
    assert omission.reason == "Meridian Wire and Volga Agency report this; Daily Paper leaves it out."
    assert [d.kind for d in per_article["03-paper"]] == ["omission"]


def test_a_far_outlet_is_an_omission_and_a_near_one_a_possible_match_in_one_reason():
    from compare.types import Nearest

    arts = [article("01-wire", ["Gas deal signed."], outlet="Meridian Wire"),
            article("02-agency", ["A gas deal was signed."], outlet="Volga Agency"),
            article("03-paper", ["Energy talks went on."], outlet="Daily Paper"),
            article("04-radio", ["Sport news."], outlet="City Radio")]
    group = Group(0, (("01-wire", (0,)), ("02-agency", (0,))), 0.9,
                  closest=(Nearest("03-paper", 0, 0.61), Nearest("04-radio", 0, 0.12)))
    (out,), _ = diverge([group], arts)
    (omission,) = [d for d in out.divergence.items if d.kind == "omission"]
    assert omission.articles == ("04-radio",)
    assert omission.reason.endswith("City Radio leaves it out. Daily Paper ¶1 (0.61) possibly reports the same: check it.")


def test_comes_close_compares_the_similarity_as_a_reader_sees_it():
    from compare.overview import comes_close
    from compare.types import Nearest

    group = Group(0, (("a", (0,)),), 0.0, closest=(Nearest("b", 2, 0.4996), Nearest("c", 1, 0.494)))
    assert comes_close(group, "b") == Nearest("b", 2, 0.4996)  # shown as 0.50
    assert comes_close(group, "c") is None  # shown as 0.49
    assert comes_close(group, "a") is None  # a carries the group
