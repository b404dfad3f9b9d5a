"""Translation to English: one interface, several backends.

`factory.build` assembles the stack runs use (backend, cache, guards,
splitter); it imports the backends lazily, so importing `compare` never
loads argostranslate or llama_cpp.
"""

from compare.translate.base import (
    IdentityTranslator,
    TranslationContext,
    Translator,
    TranslatorUnavailable,
    foreign_script_share,
)

__all__ = [
    "IdentityTranslator",
    "TranslationContext",
    "Translator",
    "TranslatorUnavailable",
    "foreign_script_share",
]
