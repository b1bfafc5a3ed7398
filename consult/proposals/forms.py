from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from consult.core.geo import governorate_choices
from consult.core.i18n import localized
from consult.proposals.labels import channel_labels, proposer_labels, status_labels
from consult.proposals.models import SHORT_MAX, TEXT_MAX, TITLE_MAX
from consult.workshops.naming import workshop_choices


class ProposalForm(FlaskForm):
    """What a citizen writes. The language is detected from the text, never asked."""
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    problem = TextAreaField(_l("The problem and the current situation"),
                            validators=[DataRequired(), Length(max=TEXT_MAX)])
    reform = TextAreaField(_l("The proposed reform and its activities"),
                           validators=[DataRequired(), Length(max=TEXT_MAX)])
    results = TextAreaField(_l("Expected results"), validators=[Optional(), Length(max=TEXT_MAX)])
    body = StringField(_l("Body that should carry it (optional)"), validators=[Optional(), Length(max=SHORT_MAX)])
    axis_id = SelectField(_l("Thematic axis"), coerce=int, validators=[DataRequired()])
    governorate = SelectField(_l("Governorate"), validators=[DataRequired()])
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=SHORT_MAX)])
    proposer_type = SelectField(_l("Who is proposing"), validators=[DataRequired()])
    email = EmailField(_l("E-mail (optional, to be notified)"),
                       validators=[Optional(), Email(), Length(max=254)])
    # Left empty by people; bots that fill every field give themselves away.
    website = StringField(_l("Leave this field empty"))
    submission_token = HiddenField()

    def __init__(self, consultation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.axis_id.choices = [(0, _l("Choose an axis"))] + [
            (axis.id, localized(axis.name)) for axis in consultation.axes]
        self.governorate.choices = [("", _l("Choose a governorate"))] + governorate_choices()
        self.proposer_type.choices = [(key, label) for key, label in proposer_labels().items()]

    def validate_axis_id(self, field):
        if field.data not in {choice[0] for choice in field.choices[1:]}:
            raise ValidationError(_l("Choose an axis."))

    def proposal_fields(self) -> dict:
        fields = {name: (getattr(self, name).data or "").strip() for name in
                  ("title", "problem", "reform", "results", "body", "municipality")}
        fields.update(axis_id=self.axis_id.data, governorate=self.governorate.data,
                      proposer_type=self.proposer_type.data,
                      author_email=(self.email.data or "").strip().lower() or None)
        return fields


def _offline_channels(form, workshops) -> None:
    """Channels other than online, and the consultation's workshops, for staff forms."""
    form.channel.choices = [(key, label) for key, label in channel_labels().items() if key != "online"]
    form.workshop_id.choices = workshop_choices(workshops, _l("None"))


class FacilitatorProposalForm(ProposalForm):
    """A proposal collected on paper or in a workshop, entered by a facilitator."""
    channel = SelectField(_l("Channel"), choices=[])
    workshop_id = SelectField(_l("Workshop"), coerce=int, validators=[Optional()])

    def __init__(self, consultation, workshops, *args, **kwargs):
        super().__init__(consultation, *args, **kwargs)
        _offline_channels(self, workshops)

    def validate_workshop_id(self, field):
        # A proposal from a workshop shows on that workshop's page and in its shortlist: name it.
        if self.channel.data == "workshop" and not field.data:
            raise ValidationError(_l("Choose the workshop where this proposal was collected."))

    def proposal_fields(self) -> dict:
        fields = super().proposal_fields()
        fields["workshop_id"] = self.workshop_id.data or None
        return fields


class ImportForm(FlaskForm):
    """A spreadsheet of proposals; channel and workshop apply to rows that do not give their own."""
    file = FileField(_l("File (XLSX or CSV)"), validators=[FileRequired()])
    channel = SelectField(_l("Channel"), choices=[])
    workshop_id = SelectField(_l("Workshop"), coerce=int, validators=[Optional()])

    def __init__(self, workshops, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offline_channels(self, workshops)


class ReasonForm(FlaskForm):
    """Hiding or showing again a proposal: the reason is public, its author reads it."""
    reason = TextAreaField(_l("Reason (public, the author reads it)"),
                           validators=[DataRequired(), Length(max=TEXT_MAX)])


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), choices=[])
    response = TextAreaField(_l("Reasoned response (public, the author reads it)"),
                             validators=[DataRequired(), Length(max=TEXT_MAX)])
    merged_into = StringField(_l("Reference of the proposal it is merged into"),
                              validators=[Optional(), Length(max=12)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hiding has its own form; "received" is where every proposal starts. The proposal's own
        # status is preselected; a proposal only received preselects none (never "grouped").
        self.status.choices = [("", _l("Choose the new status"))] + [
            (key, label) for key, label in status_labels().items() if key not in ("received", "hidden")]

    def validate_status(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the new status."))


class SupportForm(FlaskForm):
    """“Add my voice”: nothing to fill in but an optional e-mail to hear the outcome."""
    email = EmailField(_l("E-mail (optional, to be told its outcome)"),
                       validators=[Optional(), Email(), Length(max=254)])
    website = StringField(_l("Leave this field empty"))      # the honeypot, as on the submission form
    # A label, even empty: without one WTForms translates the field's name, loading its own
    # catalog on each page that shows the form.
    support_token = HiddenField("", validators=[DataRequired(), Length(min=16, max=64)])

    def address(self) -> str | None:
        return (self.email.data or "").strip().lower() or None
