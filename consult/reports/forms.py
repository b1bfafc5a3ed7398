"""The coordinator's forms: the report's narrative sections and one commitment's notes, each in
Arabic, French and English (none required: a section missing in a language falls back visibly)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf

from consult.core.forms import language_data, language_fields, language_texts
from consult.reports.models import SECTIONS, TEXT_MAX


def _three(name: str) -> tuple:
    return language_fields((_l("%(part)s, in Arabic", part=name), _l("%(part)s, in French", part=name),
                            _l("%(part)s, in English", part=name)), TEXT_MAX, required=(), field_class=TextAreaField)


class NarrativeForm(FlaskForm):
    introduction_ar, introduction_fr, introduction_en = _three(_l("Introduction"))
    context_ar, context_fr, context_en = _three(_l("Context"))
    cocreation_ar, cocreation_fr, cocreation_en = _three(_l("The co-creation process"))
    conclusion_ar, conclusion_fr, conclusion_en = _three(_l("Conclusion and next steps"))

    @classmethod
    def filled(cls, sections: dict) -> "NarrativeForm":
        data = {}
        for section in SECTIONS:
            data.update(language_data(section, sections.get(section)))
        return cls(formdata=None, data=data)

    def sections(self) -> dict:
        return {section: language_texts(self, section) for section in SECTIONS}


class NoteForm(FlaskForm):
    results_ar, results_fr, results_en = _three(_l("Results so far"))
    recommendations_ar, recommendations_fr, recommendations_en = _three(_l("Recommendations"))

    @classmethod
    def filled(cls, note) -> "NoteForm":
        data = language_data("results", note.results if note else None)
        data.update(language_data("recommendations", note.recommendations if note else None))
        return cls(formdata=None, data=data)


class PublishForm(FlaskForm):
    publish = HiddenField(validators=[AnyOf(("1", "0"))])
