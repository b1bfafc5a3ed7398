"""Forms with which coordinators set up a consultation: texts, axes and calendar."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional, ValidationError

from consult.consultations.labels import scope_labels
from consult.consultations.models import PHASE_KINDS, SCOPES
from consult.core.forms import language_data, language_fields, language_texts
from consult.core.geo import governorate_choices

TITLE_MAX = 300
DESCRIPTION_MAX = 5000
AXIS_NAME_MAX = 200
REMOVAL_REASON_MAX = 1000


class ConsultationForm(FlaskForm):
    title_ar, title_fr, title_en = language_fields(
        (_l("Title in Arabic"), _l("Title in French"), _l("Title in English")), TITLE_MAX)
    description_ar, description_fr, description_en = language_fields(
        (_l("Description in Arabic"), _l("Description in French"), _l("Description in English")),
        DESCRIPTION_MAX, field_class=TextAreaField)
    scope = RadioField(_l("Scope"), choices=[], default="national", validators=[DataRequired()])
    governorate = SelectField(_l("Governorate"), validators=[Optional()])
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=120)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope.choices = [(key, label) for key, label in scope_labels().items()]
        self.governorate.choices = [("", _l("Choose a governorate"))] + governorate_choices()

    @classmethod
    def for_consultation(cls, consultation, **kwargs):
        data = {**language_data("title", consultation.title), **language_data("description", consultation.description)}
        data.update(scope=consultation.scope, governorate=consultation.governorate or "",
                    municipality=consultation.municipality or "")
        return cls(data=data, **kwargs)

    def validate_scope(self, field):
        if field.data not in SCOPES:
            raise ValidationError(_l("Choose national or municipal."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.scope.data == "municipal":
            # A municipal consultation is run by one municipality: say which.
            if not self.governorate.data:
                self.governorate.errors = list(self.governorate.errors) + [
                    _l("A municipal consultation needs its governorate.")]
                valid = False
            if not (self.municipality.data or "").strip():
                self.municipality.errors = list(self.municipality.errors) + [
                    _l("A municipal consultation needs its municipality.")]
                valid = False
        return valid

    def texts(self, field: str) -> dict:
        return language_texts(self, field)

    def fields(self) -> dict:
        return {"title": self.texts("title"), "description": self.texts("description"),
                "scope": self.scope.data, "governorate": self.governorate.data or None,
                "municipality": self.municipality.data}


class AxisForm(FlaskForm):
    name_ar, name_fr, name_en = language_fields(
        (_l("Name in Arabic"), _l("Name in French"), _l("Name in English")), AXIS_NAME_MAX)

    def name(self) -> dict:
        return language_texts(self, "name")


class AxisMoveForm(FlaskForm):
    direction = HiddenField(validators=[AnyOf(["up", "down"])])


class CalendarForm(FlaskForm):
    """One start and one end date per phase kind, in the order a cycle runs through them, and for
    each phase a "remove this phase" box, with one reason for the phases removed.

    A phase the consultation does not have is left with both dates empty. Removing a phase it has
    is said on purpose (the box, and the reason); a field that was not sent at all means the form
    did not arrive whole (an empty POST, a truncated request), and a form whose dates are all empty
    with nothing removed is taken for a mistake: both refused, so that neither reads as "remove
    every phase"."""

    removal_reason = TextAreaField(_l("Why the phases ticked are removed (shown publicly with the calendar's "
                                      "versions)"), validators=[Optional(), Length(max=REMOVAL_REASON_MAX)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        dates = [field for kind, start, end in self.rows() for field in (start, end)]
        if any(not field.raw_data for field in dates):
            self.form_errors.append(_l("The calendar was not received whole (some of its dates are missing "
                                       "from what was sent). Nothing was changed: reload the page and try again."))
            return False
        removing = any(self[f"{kind}_remove"].data for kind in PHASE_KINDS)
        if not removing and all(not (field.raw_data[0] or "").strip() for field in dates):
            self.form_errors.append(_l("Every date of the calendar was empty, so nothing was changed. To remove a "
                                       "phase, tick “Remove this phase” and give the reason."))
            valid = False
        if removing and not (self.removal_reason.data or "").strip():
            self.removal_reason.errors = list(self.removal_reason.errors) + [
                _l("Give the reason for removing a phase.")]
            valid = False
        return valid

    def removals(self) -> dict[str, str]:
        """{kind: reason} for the phases ticked for removal."""
        reason = (self.removal_reason.data or "").strip()
        return {kind: reason for kind in PHASE_KINDS if self[f"{kind}_remove"].data}

    def periods(self) -> dict:
        removed = self.removals()
        return {kind: (None, None) if kind in removed else (self[f"{kind}_starts_on"].data,
                                                            self[f"{kind}_ends_on"].data) for kind in PHASE_KINDS}

    @classmethod
    def for_consultation(cls, consultation, **kwargs):
        data = {}
        for phase in consultation.phases:
            data[f"{phase.kind}_starts_on"] = phase.starts_on
            data[f"{phase.kind}_ends_on"] = phase.ends_on
        return cls(data=data, **kwargs)

    def rows(self):
        return [(kind, self[f"{kind}_starts_on"], self[f"{kind}_ends_on"]) for kind in PHASE_KINDS]


for _kind in PHASE_KINDS:
    setattr(CalendarForm, f"{_kind}_starts_on", DateField(_l("Start"), validators=[Optional()]))
    setattr(CalendarForm, f"{_kind}_ends_on", DateField(_l("End"), validators=[Optional()]))
    setattr(CalendarForm, f"{_kind}_remove", BooleanField(_l("Remove this phase")))
