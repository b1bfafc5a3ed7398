"""Forms of the committee feature (the meeting's record of progress is read in views_manage.py:
one row of fields per commitment)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from consult.committee.labels import mode_labels, side_labels
from consult.committee.models import (BODY_MAX, CHARTER_MAX, ITEM_MAX, NAME_MAX, PLACE_MAX, TEXT_MAX)
from consult.core.forms import language_data, language_fields, language_texts
from consult.core.languages import LANGUAGE_NAMES

AGENDA_MAX = 20000


class CommitteeForm(FlaskForm):
    name_ar, name_fr, name_en = language_fields((_l("Name (Arabic)"), _l("Name (French)"), _l("Name (English)")),
                                                NAME_MAX, required=())
    charter_ar, charter_fr, charter_en = language_fields(
        (_l("Charter (Arabic)"), _l("Charter (French)"), _l("Charter (English)")), CHARTER_MAX, required=(),
        field_class=TextAreaField)
    publish_charter = BooleanField(_l("Publish the charter (everyone can read it)"))

    @classmethod
    def data_of(cls, committee) -> dict:
        if committee is None:
            return {}
        return {**language_data("name", committee.name), **language_data("charter", committee.charter),
                "publish_charter": committee.charter_published_at is not None}

    def values(self) -> dict:
        return {"name": language_texts(self, "name"), "charter": language_texts(self, "charter"),
                "publish_charter": bool(self.publish_charter.data)}


class MemberForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    body = StringField(_l("Body represented"), validators=[DataRequired(), Length(max=BODY_MAX)])
    side = SelectField(_l("Side"), validators=[DataRequired()])
    role_note = StringField(_l("Role in the committee (optional)"), validators=[Optional(), Length(max=BODY_MAX)])
    term_start = DateField(_l("Term starts"), validators=[Optional()])
    term_end = DateField(_l("Term ends"), validators=[Optional()])
    public_name = BooleanField(_l("Agreed to be named publicly (otherwise only the body is shown)"))
    user_id = SelectField(_l("Account used to sign in (optional)"), coerce=int, validators=[Optional()])

    def __init__(self, accounts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.side.choices = [("", _l("Choose…"))] + list(side_labels().items())
        self.user_id.choices = [(0, _l("No account"))] + [(user.id, user.name) for user in accounts]

    @classmethod
    def data_of(cls, member) -> dict:
        return {"name": member.name, "body": member.body, "side": member.side, "role_note": member.role_note,
                "term_start": member.term_start, "term_end": member.term_end, "public_name": member.public_name,
                "user_id": member.user_id or 0}

    def values(self) -> dict:
        return {"name": self.name.data, "body": self.body.data, "side": self.side.data,
                "role_note": self.role_note.data, "term_start": self.term_start.data,
                "term_end": self.term_end.data, "public_name": self.public_name.data,
                "user_id": self.user_id.data or None}


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    starts_at = StringField(_l("Time (optional, e.g. 14:30)"), validators=[Optional(), Length(max=5)])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=PLACE_MAX)])
    mode = SelectField(_l("Held"), validators=[DataRequired()])
    language = SelectField(_l("Language of the agenda and minutes"), validators=[DataRequired()])
    agenda = TextAreaField(_l("Agenda (one item per line)"), validators=[Optional(), Length(max=AGENDA_MAX)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mode.choices = list(mode_labels().items())
        self.language.choices = list(LANGUAGE_NAMES.items())

    @classmethod
    def data_of(cls, meeting) -> dict:
        return {"held_on": meeting.held_on, "starts_at": meeting.starts_at, "place": meeting.place,
                "mode": meeting.mode, "language": meeting.language, "agenda": "\n".join(meeting.agenda or [])}

    def values(self) -> dict:
        return {key: self[key].data for key in ("held_on", "starts_at", "place", "mode", "language", "agenda")}


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=TEXT_MAX)])
    decisions = TextAreaField(_l("Decisions (one per line)"), validators=[Optional(), Length(max=TEXT_MAX)])


class CorrectionForm(FlaskForm):
    text = TextAreaField(_l("The correction"), validators=[DataRequired(), Length(max=ITEM_MAX)])
    reason = TextAreaField(_l("Why it is corrected"), validators=[DataRequired(), Length(max=ITEM_MAX)])
    submission_token = HiddenField()


class ActionItemForm(FlaskForm):
    text = TextAreaField(_l("What is to be done"), validators=[DataRequired(), Length(max=ITEM_MAX)])
    owner = StringField(_l("Who (member or body)"), validators=[Optional(), Length(max=BODY_MAX)])
    due_on = DateField(_l("Due"), validators=[Optional()])
