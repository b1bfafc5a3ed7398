"""Locale selection: the language each page is shown in.

The locale comes from `?lang=` (remembered from then on, even when the page asked answers with a
redirect), then the visitor's remembered choice, then the browser's language (Accept-Language)
among Arabic, French and English, then Arabic. The language
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
    if remembered in allowed:
        return remembered
    return request.accept_languages.best_match(allowed) or current_app.config["BABEL_DEFAULT_LOCALE"]


def remember_asked_language() -> None:
    """Before each request: keep a `?lang=` choice even when the page answers with a redirect
    (`/?lang=fr` leads to the consultation's page, in French), where no template asks the locale."""
    asked = request.args.get("lang")
    if asked in current_app.config["LANGUAGES"] and session.get("lang") != asked:
        session["lang"] = asked


def format_number(value, digits: int | None = None) -> str:
    """A number as the page's language writes it (French "2,78", "1 234"); `digits` fixes the
    decimals; None stays a dash."""
    from flask_babel import format_decimal
    if value is None:
        return "—"
    if digits is not None:
        return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0")
    return format_decimal(value)


def current_language() -> str:
    return str(get_locale() or languages.DEFAULT_LANGUAGE)


def text_direction(language: str | None = None) -> str:
    return languages.text_direction(language or current_language())
