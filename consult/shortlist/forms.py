from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length


def decision_labels():
    return {"retained": _l("Retained"), "not_retained": _l("Not retained")}


class DecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=[])
    reason = TextAreaField(_l("Reason (public)"), validators=[DataRequired(), Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision.choices = list(decision_labels().items())


class OutcomeForm(FlaskForm):
    response = TextAreaField(_l("Reasoned response (public, the authors read it)"),
                             validators=[DataRequired(), Length(max=5000)])
