"""The translator stack the factory assembles, and the guards on a backend that does not check itself."""

from __future__ import annotations

import pytest
from fakes import FakeTranslator

from compare.cache import Cache
from compare.translate import factory
from compare.translate.base import Translator
from compare.translate.cached import CachedTranslator
from compare.translate.guards import GuardedTranslator
from compare.translate.split import SplittingTranslator


class Unchecked(FakeTranslator):
    """A backend whose output goes through the guards, as argos's does."""

    guard_output = True


def test_the_stack_is_backend_cache_splitter_and_keeps_the_backends_id(tmp_path):
    backend = FakeTranslator(model_id="fake:7")
    stack = factory.build("auto", "ru", Cache(tmp_path / "c.sqlite"), backend=backend)
    assert isinstance(stack, SplittingTranslator) and isinstance(stack.inner, CachedTranslator)
    assert stack.inner.inner is backend and stack.model_id == "fake:7"
    assert factory.build("auto", "ru", None, backend=backend).inner is backend


def test_a_backend_that_does_not_check_itself_is_guarded_outside_the_cache(tmp_path):
    stack = factory.build("auto", "ru", Cache(tmp_path / "c.sqlite"), backend=Unchecked({"мир": "peace"}))
    assert isinstance(stack.inner, GuardedTranslator) and isinstance(stack.inner.inner, CachedTranslator)
    source = "Мир наступил в городе после долгих переговоров."
    out = stack.translate([source, "мир", ""], "ru")
    assert out[0].flagged and "Cyrillic" in out[0].note
    assert out[0].text.startswith("peace наступил")  # flagged, the English as the backend gave it
    assert not out[1].flagged and not out[2].flagged  # a short clean one, and an empty one, pass
    again = stack.cached([source], "ru")  # a stored translation is checked as it is read
    assert again[0].flagged and again[0].text == out[0].text


def test_kinds_are_declared_once():
    assert factory.CHOICES == ("auto", "argos", "llm")
    assert set(factory.CHOICES) < set(factory.KINDS)
    with pytest.raises(ValueError, match="choose one of"):
        factory.choose_backend("deepl", "ru")


def test_the_optional_members_have_defaults_that_do_nothing():
    class Minimal(Translator):
        model_id = "minimal"

    t = Minimal()
    assert t.prepare("ru") is None and t.recheck("ru", "a", None) == [] and t.cached(["a"], "ru") == {}
    assert (t.batch_size, t.max_chars, t.guard_output) == (1, None, False)


def test_the_cli_offers_the_factorys_choices():
    from compare import cli

    assert cli.TRANSLATORS == factory.CHOICES
