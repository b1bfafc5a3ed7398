from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.core.forms import TEXT_LANGUAGES, language_fields
from consult.scoring.models import JUSTIFICATION_MAX


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
