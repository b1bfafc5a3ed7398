"""Locale selection and helpers for text stored in three languages.

The locale comes from `?lang=`, then the visitor's remembered choice, then Arabic.
"""
from __future__ import annotations

from flask import current_app, request, session
from flask_babel import get_locale

RTL_LANGUAGES = {"ar"}
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    return remembered if remembered in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "ar")


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RTL_LANGUAGES else "ltr"


def localized(value: dict | None, language: str | None = None) -> str:
    """Pick the text of a {"ar", "fr", "en"} dict in the user's language, else any non-empty one."""
    if not value:
        return ""
    language = language or current_language()
    for code in (language, "ar", "fr", "en"):
        if value.get(code):
            return value[code]
    return ""
