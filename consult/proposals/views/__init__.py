"""The proposals' pages, on one blueprint: submitting, following and reading them (public.py),
entering and importing those collected on paper or in workshops (entry.py), moderation
(moderation.py); "add my voice" (support.py) keeps its own blueprint, "support". This module holds
the blueprint, the loaders and the page the route modules share, and the list's filters (which the
API reads too)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from consult.consultations.models import Consultation
from consult.core.extensions import db
from consult.core.geo import governorate_choices
from consult.core.i18n import Labels
from consult.core.inputs import int_arg
from consult.core.permissions import can
from consult.proposals import figures, search
from consult.proposals.forms import ReasonForm, StatusForm
from consult.proposals.labels import channel_labels, language_labels, proposer_labels, status_labels
from consult.proposals.models import CHANNELS, LANGUAGES, STATUSES

bp = Blueprint("proposals", __name__)


def register_labels(app) -> None:
    # Globals (not context) so that imported macros and other features' templates see them too.
    app.jinja_env.globals.update(
        status_labels=Labels(status_labels), channel_labels=Labels(channel_labels),
        proposer_labels=Labels(proposer_labels), language_labels=Labels(language_labels),
        consultation_figures=figures.consultation_figures)


def consultation_or_none(consultation_id: int, **_others) -> Consultation | None:
    """The consultation a permission is checked on (None if there is none: the view answers 404)."""
    return db.session.get(Consultation, consultation_id)


def proposal_page(proposal, **forms) -> str:
    """The proposal's page; coordinators also get the moderation forms (given ones keep their errors)."""
    if can(current_user, "proposals.moderate", proposal):
        forms.setdefault("reason_form", ReasonForm(formdata=None, prefix="moderation"))
        forms.setdefault("status_form", StatusForm(formdata=None, data={"status": proposal.status}))
    return render_template("proposals/page.html", proposal=proposal, **forms)


def filters_from_request(consultation_id: int) -> search.ProposalFilters:
    """Read the list filters from the query string, ignoring values that are not valid choices."""
    args = request.args

    def choice(name, allowed):
        value = args.get(name) or None
        return value if value in allowed else None

    return search.ProposalFilters(
        consultation_id=consultation_id, query=(args.get("q") or "")[:200],
        axis_id=int_arg("axis"), governorate=choice("region", {c for c, _n in governorate_choices()}),
        language=choice("language", LANGUAGES), status=choice("status", set(STATUSES) - {"hidden"}),
        channel=choice("channel", CHANNELS), workshop_id=int_arg("workshop"))
