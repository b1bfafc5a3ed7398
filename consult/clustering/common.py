"""What the platform modules of the clustering share: the error they raise, the text that is
embedded and the steps of a proposal's history the platform writes (grouped, grouping undone).

Their messages come from Flask-Babel's `gettext` (imported as `_` by each module), which also works
outside a request (CLI, background runs): in English there (consult.core.i18n)."""
from __future__ import annotations

from flask import has_app_context
from flask_babel import gettext

from consult.core.errors import Refused
from consult.core.languages import LANGUAGES, in_language
from consult.proposals.models import ProposalEvent


class ClusteringError(Refused):
    """A request that cannot be carried out; the message is for the user, with an HTTP status."""


def proposal_text(proposal) -> str:
    """What is embedded: the same fields the submission form sends to the similar lookup."""
    return "\n".join(part for part in (proposal.title, proposal.problem, proposal.reform) if part)


def platform_words(translated) -> dict[str, str]:
    """A step's text that the platform writes, not a person ("grouped", "grouping undone"), in
    Arabic, French and English: stored as the event's `responses` without a `response`, it is read
    in the reader's language (ProposalEvent.platform_written). `translated()` gives the text in the
    current language."""
    if not has_app_context():
        return {"en": str(translated())}   # no catalogue: the English text
    words = {}
    for language in LANGUAGES:
        with in_language(language):
            words[language] = str(translated())
    return words


def grouped_responses() -> dict[str, str]:
    """The short automatic response read when a proposal is grouped."""
    return platform_words(lambda: gettext("Grouped with the proposals that say the same thing; the working "
                                          "groups study them together."))


def grouping_undone_responses(run_id: int) -> dict[str, str]:
    """What a proposal's history says when the grouping that moved it is undone."""
    return platform_words(lambda: gettext("Grouping undone: back to the themes as they were before run %(id)d.",
                                          id=run_id))


def mark_grouped(proposal) -> None:
    if proposal.status == "received":
        proposal.status = "grouped"
        proposal.events.append(ProposalEvent(status="grouped", response="", responses=grouped_responses()))
