"""Telling the authors of the proposals behind a commitment (those who left an e-mail) when it is
published and when its completion level changes. Messages are composed now, in each proposal's
language, into the outbox (`core.outbox`) in the transaction of the change, and sent once it is committed.
"""
from __future__ import annotations

from flask import has_request_context, url_for
from flask_babel import gettext as _

from consult.commitments import plans, signals
from consult.commitments.labels import completion_labels
from consult.core import outbox
from consult.core.languages import in_language, known_language, localized


def _link(commitment) -> str:
    if has_request_context():
        return url_for("commitments.page", commitment_id=commitment.id, _external=True)
    return f"/commitments/{commitment.id}"


def _messages(commitment, subject_of, text_of) -> list[tuple[str, str, str, str]]:
    messages = []
    for proposal in plans.source_proposals(commitment):
        if not proposal.author_email:
            continue
        with in_language(known_language(proposal.language)):
            title = localized(commitment.title, known_language(proposal.language))
            messages.append((proposal.author_email, subject_of(proposal, title),
                             "\n\n".join((text_of(proposal, title),
                                          _("Follow it here: %(link)s", link=_link(commitment)))), proposal.ref))
    return messages


def _send_later(messages) -> None:
    for address, subject, text, about in messages:
        outbox.queue(address, subject, text, about=about)


def on_published(plan, version, new, **_extra) -> None:
    messages = []
    for commitment in new:
        messages += _messages(
            commitment,
            lambda p, title: _("Your proposal %(ref)s is part of the action plan", ref=p.ref),
            lambda p, title, number=commitment.number: _(
                "The action plan is published. Your proposal %(ref)s is part of commitment "
                "%(number)s: “%(title)s”.", ref=p.ref, number=number, title=title))
    _send_later(messages)


def on_completion_changed(commitment, old, new, **_extra) -> None:
    def text(proposal, title):
        return _("The completion level of commitment %(number)s “%(title)s”, which your proposal %(ref)s "
                 "became, is now: %(level)s.", number=commitment.number, title=title, ref=proposal.ref,
                 level=str(completion_labels()[new]))
    _send_later(_messages(
        commitment, lambda p, title: _("Commitment %(number)s: %(level)s", number=commitment.number,
                                       level=str(completion_labels()[new])), text))


def connect() -> None:
    signals.plan_published.connect(on_published)
    signals.completion_changed.connect(on_completion_changed)
