"""Choosing a translator: `--translator auto|argos|llm|identity`."""

from __future__ import annotations

import logging

from compare import model_files as models
from compare.translate.base import IdentityTranslator, Translator, TranslatorUnavailable

log = logging.getLogger(__name__)

KINDS = ("auto", "argos", "llm", "identity")


def make_translator(kind: str, src: str) -> Translator:
    """A translator from `src` into English.

    "auto": identity for English, an installed argos package for the pair
    if there is one, else the local LLM. Backends are imported here, lazily,
    so importing `compare` stays light. Raises TranslatorUnavailable saying
    what to install when nothing fits.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown translator {kind!r}; choose one of {', '.join(KINDS)}")
    if kind == "identity" or (kind == "auto" and src == "en"):
        return IdentityTranslator()
    if kind == "argos" or (kind == "auto" and models.argos_package_for(src) is not None):
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
