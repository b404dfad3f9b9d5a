"""Language codes and the names people write instead of them.

An article's front matter declares its language as an ISO 639-1 code
(`lang = "ru"`); "Russian", "русский" or "zh-CN" mean the same and are read
as such. The English names also go into the translator's prompt.
"""

from __future__ import annotations

import re

# ISO 639-1 code -> English name, for the languages the translators are asked about most.
NAMES = {
    "en": "English", "ru": "Russian", "zh": "Chinese", "uk": "Ukrainian", "de": "German", "fr": "French",
    "es": "Spanish", "it": "Italian", "ja": "Japanese", "ko": "Korean", "ar": "Arabic",
    "pl": "Polish", "pt": "Portuguese", "tr": "Turkish",
}

# What people write for those languages, in English and in the language itself.
_WRITTEN = {name.lower(): code for code, name in NAMES.items()} | {
    "mandarin": "zh", "中文": "zh", "汉语": "zh", "漢語": "zh", "简体中文": "zh", "繁體中文": "zh",
    "русский": "ru", "английский": "en", "українська": "uk", "deutsch": "de", "français": "fr",
    "español": "es", "italiano": "it", "日本語": "ja", "한국어": "ko", "العربية": "ar", "polski": "pl",
    "português": "pt", "türkçe": "tr",
}
_CODE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


def code_of(written: str) -> str | None:
    """The language code a declaration means ("Russian" -> "ru", "zh_CN" -> "zh-cn"), or None if unknown."""
    value = written.strip().lower().replace("_", "-")
    if value in _WRITTEN:
        return _WRITTEN[value]
    return value if _CODE.fullmatch(value) else None
