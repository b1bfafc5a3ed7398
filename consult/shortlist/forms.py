from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from consult.core.forms import language_data, language_fields, language_texts
from consult.shortlist.labels import decision_labels


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[])
    reason = TextAreaField(_l("Reason (public)"), validators=[DataRequired(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = list(decision_labels().items())


class OutcomeForm(FlaskForm):
    """The reasoned response in the three languages; each author reads the one of their proposal."""
    response_ar, response_fr, response_en = language_fields(
        (_l("In Arabic"), _l("In French"), _l("In English")), 5000, required=(), field_class=TextAreaField)

    def fill(self, responses: dict) -> "OutcomeForm":
        for name, value in language_data("response", responses).items():
            self[name].data = value
        return self

    def responses(self) -> dict:
        return {code: text.strip() for code, text in language_texts(self, "response").items()}
