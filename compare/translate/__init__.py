"""Translation to English: one interface, several backends.

Backends are imported lazily by `make_translator` so that importing
`compare` never loads argostranslate or llama_cpp.
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
