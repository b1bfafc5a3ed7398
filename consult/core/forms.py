"""Form pieces shared by the features.

A text kept in three languages ({"ar", "fr", "en"}: a consultation's title, an axis's name, a
workshop's venue, a criterion's name) is edited as three fields named `<name>_ar`, `<name>_fr` and
`<name>_en`. `language_fields` declares them; `language_texts` reads them back as one dict and
`language_data` fills them from one.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional

from consult.core.languages import LANGUAGES as TEXT_LANGUAGES


def language_fields(labels: tuple, max_length: int, required: tuple = ("ar",), field_class=StringField):
    """Three fields, Arabic, French and English (`labels` in that order), for a class body:
    `title_ar, title_fr, title_en = language_fields((...), 300)`. `required` names the
    languages that must be given."""
    return tuple(field_class(label, validators=[DataRequired() if code in required else Optional(),
                                                Length(max=max_length)])
                 for code, label in zip(TEXT_LANGUAGES, labels))


def language_texts(form, name: str) -> dict:
    """The three fields `<name>_ar|fr|en` of `form` as {"ar", "fr", "en"}."""
    return {code: form[f"{name}_{code}"].data or "" for code in TEXT_LANGUAGES}


def language_data(name: str, texts: dict | None) -> dict:
    """Form data filling the fields `<name>_ar|fr|en` from {"ar", "fr", "en"}."""
    return {f"{name}_{code}": (texts or {}).get(code, "") for code in TEXT_LANGUAGES}


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token (lock, confirm, remove, reset a password...)."""
