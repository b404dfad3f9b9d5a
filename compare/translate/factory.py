"""The translator as runs use it: a backend, behind the cache, guarded, long paragraphs split.

    backend -> CachedTranslator -> GuardedTranslator -> SplittingTranslator

Splitting sits outside the cache so the pieces of a very long paragraph are
cached one by one; the guards sit outside the cache so a stored translation
is checked as it is read, and inside the splitter so each piece is checked as
the LLM checks its own. Backends are imported here, lazily, so importing
this module loads neither argostranslate nor llama_cpp.
"""

from __future__ import annotations

from compare import model_files
from compare.translate.base import IdentityTranslator, Translator, TranslatorUnavailable

# Every translator kind; "identity" is for English, which "auto" picks by itself.
KINDS = ("auto", "argos", "llm", "identity")
# The kinds a user chooses from (`--translator`).
CHOICES = tuple(kind for kind in KINDS if kind != "identity")


def choose_backend(kind: str, src: str) -> Translator:
    """A backend translating `src` into English.

    "auto": identity for English, an installed argos package for the pair
    if there is one, else the local LLM. Raises TranslatorUnavailable saying
    what to install when nothing fits.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown translator {kind!r}; choose one of {', '.join(KINDS)}")
    if kind == "identity" or (kind == "auto" and src == "en"):
        return IdentityTranslator()
    if kind == "argos" or (kind == "auto" and model_files.argos_package_for(src) is not None):
        from compare.translate.argos import ArgosTranslator

        return ArgosTranslator(src)
    if kind == "llm":
        from compare.translate.llm import LlmTranslator

        return LlmTranslator()
    try:
        from compare.translate.llm import LlmTranslator

        return LlmTranslator()
    except TranslatorUnavailable as exc:
        raise TranslatorUnavailable(
            f"no translator for {src}->en: no argos package for the pair is installed "
            f"(`parallax models install --argos translate-{src}_en.argosmodel`), and the LLM "
            f"backend is unavailable: {exc}"
        ) from exc


def build(kind: str, src: str, cache=None, *, backend: Translator | None = None) -> Translator:
    """The whole stack for `src`: the backend `kind` names (or `backend`, when given), `cache` (None: none).

    Raises TranslatorUnavailable as `choose_backend` does.
    """
    from compare.translate.cached import CachedTranslator  # here: the CLI imports this module for CHOICES
    from compare.translate.guards import GuardedTranslator
    from compare.translate.split import SplittingTranslator

    translator = backend if backend is not None else choose_backend(kind, src)
    guard = translator.guard_output
    if cache is not None:
        translator = CachedTranslator(translator, cache)
    if guard:
        translator = GuardedTranslator(translator)
    return SplittingTranslator(translator)
