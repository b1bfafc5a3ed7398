from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from consult.core.forms import language_data, language_fields, language_texts
from consult.core.geo import governorate_choices
from consult.workshops import services
from consult.workshops.labels import kind_labels

VENUE_MAX = 200
MUNICIPALITIES_MAX = 4000
COUNT_MAX = 10000


def _count(label):
    return IntegerField(label, default=0, validators=[Optional(), NumberRange(min=0, max=COUNT_MAX)])


class WorkshopForm(FlaskForm):
    kind = SelectField(_l("Kind of workshop"), validators=[DataRequired()])
    governorate = SelectField(_l("Region (governorate)"), validators=[DataRequired()])
    held_on = DateField(_l("Date"), validators=[DataRequired(message=_l("Give the date as YYYY-MM-DD."))])
    venue_ar, venue_fr, venue_en = language_fields(
        (_l("Venue in Arabic"), _l("Venue in French"), _l("Venue in English")), VENUE_MAX, required=())
    municipalities = TextAreaField(_l("Municipalities taking part"),
                                   validators=[Optional(), Length(max=MUNICIPALITIES_MAX)])
    municipal_staff = _count(_l("Municipal staff"))
    associations = _count(_l("Associations"))
    citizens = _count(_l("Citizens"))
    facilitators = SelectMultipleField(_l("Facilitators"), coerce=int, validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kind_labels().items())
        self.governorate.choices = [("", _l("Choose a governorate"))] + governorate_choices()
        self.facilitators.choices = [(user.id, user.name) for user in services.facilitator_choices()]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not any((f.data or "").strip() for f in (self.venue_ar, self.venue_fr, self.venue_en)):
            self.venue_ar.errors.append(_l("Give the venue in at least one language."))
            valid = False
        return valid

    def fill_from(self, workshop) -> None:
        self.kind.data = workshop.kind
        self.governorate.data = workshop.governorate
        self.held_on.data = workshop.held_on
        for name, text in language_data("venue", workshop.venue).items():
            self[name].data = text
        self.municipalities.data = services.format_municipalities(workshop.municipalities)
        for kind in ("municipal_staff", "associations", "citizens"):
            getattr(self, kind).data = int((workshop.participants or {}).get(kind) or 0)
        self.facilitators.data = [user.id for user in workshop.facilitators]

    def workshop_fields(self) -> services.WorkshopFields:
        return services.WorkshopFields(
            kind=self.kind.data, governorate=self.governorate.data, held_on=self.held_on.data,
            venue=language_texts(self, "venue"),
            municipalities=services.parse_municipalities(self.municipalities.data),
            participants={kind: getattr(self, kind).data or 0
                          for kind in ("municipal_staff", "associations", "citizens")},
            facilitator_ids=list(self.facilitators.data or []))
