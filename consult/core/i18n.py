"""Locale selection: the language each page is shown in.

The locale comes from `?lang=`, then the visitor's remembered choice, then Arabic. The language
codes and the helpers for text stored in three languages are in `consult.core.languages`.
"""
from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

from consult.core import languages
from consult.core.languages import LANGUAGE_NAMES, RTL_LANGUAGES, localized  # noqa: F401 (re-exported)


def select_locale() -> str:
    if not has_request_context():
        # A command, a job or a test: English (analysts' commands and logs), unless the caller
        # chose a language with in_language() (e-mails, exports). So plain gettext works anywhere.
        return "en"
    allowed = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in allowed:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    return remembered if remembered in allowed else current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or languages.DEFAULT_LANGUAGE)


def text_direction(language: str | None = None) -> str:
    return languages.text_direction(language or current_language())
