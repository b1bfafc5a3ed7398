"""Locale selection: the language each page is shown in.

The locale comes from `?lang=` (remembered from then on, even when the page asked answers with a
redirect), then the visitor's remembered choice, then the browser's language (Accept-Language)
among Arabic, French and English, then Arabic. The language
codes and the helpers for text stored in three languages are in `consult.core.languages`.
"""
from __future__ import annotations

from collections.abc import Mapping

from flask import current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations

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
    return _language() or languages.DEFAULT_LANGUAGE


def _language() -> str | None:
    """The language translations are in now; None outside an application context (no catalog).

    Asked for every string and label of a page (160 on the list): read where Flask-Babel keeps the
    request's locale, or the one `force_locale` set, before asking it (three look-ups of the
    context each time)."""
    try:
        locale = g._flask_babel.babel_locale   # None once a force_locale ended before any choice
    except (AttributeError, RuntimeError):     # not chosen yet in this request, or no context
        locale = None
    locale = locale or get_locale()
    return locale.language if locale is not None else None   # one of LANGUAGES: its name


class Catalogs:
    """The translations of each language, for the strings of the templates (tens per page).

    Flask-Babel keeps each language's catalog once per process, but finding it takes three
    look-ups of the request's context per string; this finds it from the page's language."""

    def __init__(self):
        self._by_language: dict = {}

    def current(self):
        language = _language()
        catalog = self._by_language.get(language)
        if catalog is None:
            catalog = get_translations()
            if language is not None:     # never keep the empty catalog of "no context"
                self._by_language[language] = catalog
        return catalog

    def install(self, jinja_env) -> None:
        """Replace the callables Flask-Babel installs in Jinja (same strings, same catalogs)."""
        jinja_env.install_gettext_callables(
            gettext=lambda string: self.current().ugettext(string),
            ngettext=lambda singular, plural, n: self.current().ungettext(singular, plural, n),
            pgettext=lambda context, string: self.current().upgettext(context, string),
            npgettext=lambda context, singular, plural, n: self.current().unpgettext(context, singular, plural, n),
            newstyle=True)


class Labels(Mapping):
    """Labels of codes ({"received": _l("Received"), ...}) in the page's language, for templates:
    each language's strings are translated once per process instead of once per label shown (a
    list of proposals shows a few per row). `make` returns the labels (lazy strings)."""

    def __init__(self, make):
        self._make = make
        self._by_language: dict[str, dict[str, str]] = {}

    def _current(self) -> dict[str, str]:
        language = _language()
        labels = self._by_language.get(language)
        if labels is None:
            labels = {code: str(label) for code, label in self._make().items()}
            if language is not None:     # outside a context they are untranslated: not kept
                self._by_language[language] = labels
        return labels

    def __getitem__(self, code):
        return self._current()[code]

    def __iter__(self):
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())


def text_direction(language: str | None = None) -> str:
    return languages.text_direction(language or current_language())
