"""Forms of the grouping runs and of the curation of themes."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

GRANULARITIES = {"0.5": _l("Coarser: fewer, broader themes"), "1.0": _l("Automatic"),
                 "2.0": _l("Finer: more, narrower themes")}


class RunForm(FlaskForm):
    granularity = SelectField(_l("Size of the themes"), choices=list(GRANULARITIES.items()), default="1.0")
    k = IntegerField(_l("Or a given number of new themes (optional)"),
                     validators=[Optional(), NumberRange(min=1, max=1000)])


class RenameForm(FlaskForm):
    """The theme's name in the three languages; one is enough (the others show it with its language)."""
    name_ar = StringField(_l("Name in Arabic"), validators=[Optional(), Length(max=200)])
    name_fr = StringField(_l("Name in French"), validators=[Optional(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])

    def names(self) -> dict:
        return {"ar": self.name_ar.data or "", "fr": self.name_fr.data or "", "en": self.name_en.data or ""}


class ThemeChoiceForm(FlaskForm):
    """Merge this theme into another one."""
    target = SelectField(_l("Merge into the theme"), coerce=int, validators=[DataRequired()])

    def __init__(self, themes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target.choices = [(0, _l("Choose a theme"))] + themes


class MoveForm(FlaskForm):
    proposal = SelectField(_l("Proposal"), coerce=int, validators=[DataRequired()])
    target = SelectField(_l("Move to the theme"), coerce=int, validators=[DataRequired()])

    def __init__(self, proposals, themes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal.choices = [(0, _l("Choose a proposal"))] + proposals
        self.target.choices = [(0, _l("Choose a theme"))] + themes


class SplitForm(FlaskForm):
    proposals = SelectMultipleField(_l("Proposals that form the new theme"), coerce=int,
                                    widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    name = StringField(_l("Name of the new theme (optional)"), validators=[Optional(), Length(max=200)])

    def __init__(self, proposals, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals.choices = proposals


class DuplicateForm(FlaskForm):
    original = StringField(_l("Reference of the original proposal"),
                           validators=[DataRequired(), Length(max=12)])
    duplicate = StringField(_l("Reference of the proposal that repeats it"),
                            validators=[DataRequired(), Length(max=12)])
