"""What the platform modules of the clustering share: the error they raise, the text that is
embedded and the "grouped" step of a proposal.

Their messages come from Flask-Babel's `gettext` (imported as `_` by each module), which also works
outside a request (CLI, background runs): in English there (consult.core.i18n)."""
from __future__ import annotations

from flask import has_app_context
from flask_babel import gettext

from consult.core.errors import Refused
from consult.core.languages import in_language
from consult.proposals.models import ProposalEvent


class ClusteringError(Refused):
    """A request that cannot be carried out; the message is for the user, with an HTTP status."""


def proposal_text(proposal) -> str:
    """What is embedded: the same fields the submission form sends to the similar lookup."""
    return "\n".join(part for part in (proposal.title, proposal.problem, proposal.reform) if part)


def grouped_response(language: str | None) -> str:
    """The short automatic response an author reads when the proposal is grouped, in its language."""
    if not has_app_context():
        return "Grouped with the proposals that say the same thing; the working groups study them together."
    with in_language(language):
        return gettext("Grouped with the proposals that say the same thing; the working groups study them "
                       "together.")


def mark_grouped(proposal) -> None:
    if proposal.status == "received":
        proposal.status = "grouped"
        proposal.events.append(ProposalEvent(status="grouped", response=grouped_response(proposal.language)))
