"""Forms of the commitments feature."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (DateField, FloatField, HiddenField, IntegerField, SelectField, SelectMultipleField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consult.commitments.labels import completion_labels, relevance_labels
from consult.commitments.models import ORIGINS, SHORT_MAX, TEXT_MAX, TITLE_MAX, VALUES
from consult.core.forms import language_data, language_fields, language_texts
from consult.core.languages import localized


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _text(label, max_length=TEXT_MAX):
    return TextAreaField(label, validators=[Optional(), Length(max=max_length)])


class CardForm(FlaskForm):
    """A commitment card: the fields of the OGP template."""
    number = IntegerField(_l("Number"), validators=[DataRequired(), NumberRange(min=1, max=999)])
    title_ar, title_fr, title_en = language_fields((_l("Title (Arabic)"), _l("Title (French)"),
                                                    _l("Title (English)")), TITLE_MAX, required=())
    axis_id = SelectField(_l("Thematic axis"), coerce=int, validators=[Optional()])
    lead_body = StringField(_l("Lead body"), validators=[Optional(), Length(max=SHORT_MAX)])
    contact_id = SelectField(_l("Contact at the lead body (records progress)"), coerce=int, validators=[Optional()])
    actors_government = StringField(_l("Other actors: government"), validators=[Optional(), Length(max=SHORT_MAX)])
    actors_others = StringField(_l("Other actors: civil society, private sector, working groups, donors"),
                                validators=[Optional(), Length(max=SHORT_MAX)])
    problem = _text(_l("The public problem (with baseline data)"))
    objective = _text(_l("Main objective"))
    description = _text(_l("Description"))
    relevance_participation = SelectField(_l("Civic participation"), validators=[Optional()])
    relevance_transparency = SelectField(_l("Transparency"), validators=[Optional()])
    relevance_accountability = SelectField(_l("Public accountability"), validators=[Optional()])
    relevance_technology = SelectField(_l("Technology and innovation"), validators=[Optional()])
    ambition = _text(_l("Ambition"))
    expected_results = _text(_l("Expected results"))
    starts_on = DateField(_l("Start"), validators=[Optional()])
    ends_on = DateField(_l("End"), validators=[Optional()])
    origin = SelectField(_l("Origin"), validators=[DataRequired()])
    origin_note = StringField(_l("Where it came from, if not from the shortlist (e.g. a ministry's letter)"),
                              validators=[Optional(), Length(max=SHORT_MAX)])
    themes = CheckboxesField(_l("Retained themes it answers"), coerce=int, validators=[Optional()])

    def __init__(self, consultation, themes, contacts, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.axis_id.choices = [(0, _l("No axis"))] + [(a.id, localized(a.name)) for a in consultation.axes]
        self.contact_id.choices = [(0, _l("Nobody (the coordinators record progress)"))] + [
            (user.id, user.name) for user in contacts]
        levels = [("", _l("Not rated"))] + list(relevance_labels().items())
        for value in VALUES:
            self[f"relevance_{value}"].choices = levels
        self.origin.choices = [("shortlist", _l("The confirmed shortlist")), ("other", _l("Elsewhere"))]
        self.themes.choices = [(theme.id, label) for theme, label in themes]

    @classmethod
    def data_of(cls, commitment) -> dict:
        data = {"number": commitment.number, "axis_id": commitment.axis_id or 0,
                "contact_id": commitment.contact_id or 0, "lead_body": commitment.lead_body,
                "actors_government": (commitment.other_actors or {}).get("government", ""),
                "actors_others": (commitment.other_actors or {}).get("others", ""),
                "origin": commitment.origin, "origin_note": commitment.origin_note,
                "starts_on": commitment.starts_on, "ends_on": commitment.ends_on,
                "themes": [theme.id for theme in commitment.themes], **language_data("title", commitment.title)}
        for key in ("problem", "objective", "description", "ambition", "expected_results"):
            data[key] = getattr(commitment, key)
        for value in VALUES:
            data[f"relevance_{value}"] = (commitment.relevance or {}).get(value, "")
        return data

    def fields(self) -> dict:
        return {"number": self.number.data, "title": language_texts(self, "title"),
                "axis_id": self.axis_id.data or None, "contact_id": self.contact_id.data or None,
                "lead_body": self.lead_body.data or "",
                "other_actors": {"government": self.actors_government.data or "",
                                 "others": self.actors_others.data or ""},
                "problem": self.problem.data, "objective": self.objective.data,
                "description": self.description.data, "ambition": self.ambition.data,
                "expected_results": self.expected_results.data,
                "relevance": {value: self[f"relevance_{value}"].data for value in VALUES
                              if self[f"relevance_{value}"].data},
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data,
                "origin": self.origin.data if self.origin.data in ORIGINS else "shortlist",
                "origin_note": self.origin_note.data or ""}


class MilestoneForm(FlaskForm):
    deliverable = TextAreaField(_l("Verifiable deliverable"), validators=[DataRequired(), Length(max=TEXT_MAX)])
    responsible_body = StringField(_l("Responsible body"), validators=[Optional(), Length(max=SHORT_MAX)])
    starts_on = DateField(_l("Start"), validators=[Optional()])
    due_on = DateField(_l("Due"), validators=[Optional()])
    weight = FloatField(_l("Weight (optional)"), validators=[Optional(), NumberRange(min=0.01, max=1000)])

    def fields(self) -> dict:
        return {"deliverable": self.deliverable.data, "responsible_body": self.responsible_body.data,
                "starts_on": self.starts_on.data, "due_on": self.due_on.data, "weight": self.weight.data}


class PublishForm(FlaskForm):
    note = TextAreaField(_l("What this version changes (public)"), validators=[Optional(), Length(max=TEXT_MAX)])


class ProgressForm(FlaskForm):
    reported_on = DateField(_l("Date of the update (e.g. of the committee meeting)"), validators=[DataRequired()])
    progress = IntegerField(_l("Progress (%)"), validators=[Optional(), NumberRange(min=0, max=100)])
    completion = SelectField(_l("Completion level"), validators=[Optional()])
    milestones = CheckboxesField(_l("Milestones done"), coerce=int, validators=[Optional()])
    done_text = _text(_l("What was done"))
    difficulties = _text(_l("Difficulties"))
    recommendations = _text(_l("Recommendations"))
    evidence = TextAreaField(_l("Evidence links (one per line)"), validators=[Optional(), Length(max=10000)])

    def __init__(self, commitment, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.completion.choices = [("", _l("From the progress"))] + list(completion_labels().items())
        self.milestones.choices = [(m.id, m.deliverable[:120]) for m in commitment.milestones if not m.done]

    def values(self) -> dict:
        return {"reported_on": self.reported_on.data, "progress": self.progress.data,
                "completion": self.completion.data or None, "milestone_ids": self.milestones.data or [],
                "done_text": self.done_text.data or "", "difficulties": self.difficulties.data or "",
                "recommendations": self.recommendations.data or "",
                "evidence": (self.evidence.data or "").splitlines()}


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment on this draft commitment"),
                         validators=[DataRequired(), Length(max=TEXT_MAX)])
    # Left empty by people; bots that fill every field give themselves away.
    website = StringField(_l("Leave this field empty"))
    submission_token = HiddenField()


class ResponseForm(FlaskForm):
    response = TextAreaField(_l("Reasoned response (public)"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class HideCommentForm(FlaskForm):
    reason = TextAreaField(_l("Why it is hidden (public)"), validators=[DataRequired(), Length(max=TEXT_MAX)])


class ImportForm(FlaskForm):
    file = FileField(_l("The filled-in workbook (XLSX)"), validators=[FileRequired()])
