from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.core.forms import TEXT_LANGUAGES, language_fields
from consult.scoring.models import JUSTIFICATION_MAX


def ogp_value_labels():
    return {"transparency": _l("Transparency"), "accountability": _l("Accountability"),
            "participation": _l("Participation"), "technology": _l("Technology and innovation")}


def sheet_status_labels():
    return {"todo": _l("Not started"), "draft": _l("Draft"), "submitted": _l("Submitted"),
            "conflict": _l("Conflict of interest")}


def reading_labels():
    return {"reliable": _l("Reliable: members read this criterion the same way."),
            "tentative": _l("Tentative: conclusions drawn from this criterion are provisional."),
            "discuss": _l("Members read this criterion differently: discuss it together."),
            "concentrated": _l("Most scores are the same level: alpha means little here; read the exact agreement."),
            "close": _l("Members differ, but rarely by more than one level: no real disagreement."),
            "undefined": _l("Not computable yet (too few scores, or no variation).")}


class GroupForm(FlaskForm):
    name = StringField(_l("Name of the working group"), validators=[DataRequired(), Length(max=200)])
    workshop_id = SelectField(_l("Regional workshop (optional)"), coerce=int, validators=[Optional()])


class MemberForm(FlaskForm):
    user_id = SelectField(_l("Account"), coerce=int, validators=[DataRequired()])


class AssignThemeForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), coerce=int, validators=[DataRequired()])


class ProposalThemeForm(FlaskForm):
    ref = StringField(_l("Reference of the proposal"), validators=[DataRequired(), Length(max=12)])


class CriterionForm(FlaskForm):
    """One criterion of the rubric; rendered several times with the criterion code as prefix."""
    weight = FloatField(_l("Weight"), validators=[InputRequired(), NumberRange(min=0, max=100)])
    minimum = FloatField(_l("Minimum mean to be retained (optional)"), validators=[Optional()])
    name_ar, name_fr, name_en = language_fields(
        (_l("Name in Arabic"), _l("Name in French"), _l("Name in English")), 200, required=TEXT_LANGUAGES)
    description_ar, description_fr, description_en = language_fields(
        (_l("Description in Arabic"), _l("Description in French"), _l("Description in English")), 2000,
        required=(), field_class=TextAreaField)


class ScoreForm(FlaskForm):
    """The justification; the levels and values come from radio buttons and boxes the template draws."""
    justification = TextAreaField(_l("Justification"), validators=[Optional(), Length(max=JUSTIFICATION_MAX)])


class ConflictForm(FlaskForm):
    reason = TextAreaField(_l("What is the conflict of interest?"),
                           validators=[DataRequired(), Length(max=JUSTIFICATION_MAX)])


class SheetUploadForm(FlaskForm):
    sheet = FileField(_l("Filled-in scoring sheet (.xlsx)"))
