"""What the platform modules of the clustering share: the error they raise, messages outside a
request, the text that is embedded and the "grouped" step of a proposal."""
from __future__ import annotations

from flask import has_app_context
from flask_babel import gettext

from consult.core.languages import in_language
from consult.proposals.models import ProposalEvent

_ = gettext   # also outside a request (CLI, background runs), in English there (consult.core.i18n)


class ClusteringError(ValueError):
    """A request that cannot be carried out; the message is for the user, with an HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


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
