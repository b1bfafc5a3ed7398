"""The three languages of the platform, and text stored in all three.

One place for the language codes, their names and direction, the Arabic-letter pattern, and the
helpers that pick a stored {"ar", "fr", "en"} text in the reader's language.
"""
from __future__ import annotations

import re
from contextlib import contextmanager

LANGUAGES = ("ar", "fr", "en")
DEFAULT_LANGUAGE = "ar"
RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}

# Arabic letters in the basic block and its supplements and presentation forms.
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")

# Which stored language to show when the reader's own is missing: the closest first.
FALLBACK_ORDER = {"ar": ("ar", "fr", "en"), "fr": ("fr", "en", "ar"), "en": ("en", "fr", "ar")}


def known_language(language: str | None, default: str = DEFAULT_LANGUAGE) -> str:
    """`language` if it is one of ours (a proposal's "mixed" is not), else `default`."""
    return language if language in LANGUAGES else default


def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def pick(value: dict | None, language: str) -> tuple[str, str | None]:
    """The text of a {"ar", "fr", "en"} dict for `language`, and the language it is actually in
    (None when every language is empty)."""
    if not value:
        return "", None
    for code in FALLBACK_ORDER.get(language, LANGUAGES):
        if value.get(code):
            return value[code], code
    return "", None


def localized(value: dict | None, language: str | None = None) -> str:
    """The text of a {"ar", "fr", "en"} dict in `language` (default: the page's), else the closest."""
    if language is None:
        from consult.core.i18n import current_language
        language = current_language()
    return pick(value, language)[0]


def blank_texts() -> dict:
    return {code: "" for code in LANGUAGES}


@contextmanager
def in_language(language: str | None):
    """Translate in `language` outside (or inside) a request: e-mails, exports, CLIs, jobs."""
    from flask_babel import force_locale
    with force_locale(known_language(language)):
        yield
