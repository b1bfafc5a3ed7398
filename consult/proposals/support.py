"""“Add my voice”: anyone supports a proposal, once; the count is public, never who.

One person, one voice per proposal, without an account. What tells two people apart:

- the **browser**: a random id kept a year in a signed cookie (`VOICE_COOKIE`); the database holds
  only its keyed hash (`voter_key`). The same browser twice is told its voice is already counted;
- the **account**, when the person is signed in: one voice per account, whatever the browser;
- the **connection**, for anonymous voices: a keyed hash of the IP address and the browser's
  User-Agent (`fingerprint`). A private window, another cookie or a cleared one from the same
  connection and browser is refused for `FINGERPRINT_DAYS` days — two people sharing one connection
  *and* an identical browser are refused too, so the refusal offers to sign in (one voice per
  account). The hash is erased after those days: an IP address is personal data, kept no longer
  than it is useful. Someone who changes connection *and* clears cookies can vote again: the rate
  limit per address (`SUPPORT_RATE_LIMIT`) bounds that, as it bounds submissions;
- like the submission form: a token per rendered form (a double click counts once), a honeypot
  field bots fill in, CSRF protection.

The optional e-mail is private: it is used only to tell this person the proposal's outcome (after
the commit, through the outbox written in the decision's transaction) and is never shown in a page,
an export or the API.
Flushes; the caller commits.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import with_expression

from consult.core import outbox, transactions
from consult.core.errors import Refused
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal, Support

VOICE_COOKIE = "consult_voice"
VOICE_COOKIE_DAYS = 365
FINGERPRINT_DAYS = 7
OPEN_STATUSES = ("received", "grouped", "under_scoring")   # before any outcome


class SupportError(Refused):
    """A voice that is refused; the message is for the person."""

    status = 409


# --- who is asking ------------------------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="consult-voice")


def voter_id_from(cookie: str | None) -> str | None:
    """The browser's id from its signed cookie, or None (no cookie, or one that was tampered with)."""
    if not cookie:
        return None
    try:
        value = _serializer().loads(cookie)
    except BadSignature:
        return None
    return value if isinstance(value, str) and 16 <= len(value) <= 64 else None


def new_voter_id() -> str:
    return secrets.token_urlsafe(18)


def cookie_value(voter_id: str) -> str:
    return _serializer().dumps(voter_id)


def keyed(kind: str, value: str) -> str:
    """A keyed hash: the same input gives the same key, which reveals nothing without the secret."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"voice:{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:48]


def fingerprint(address: str | None, user_agent: str | None) -> str:
    return keyed("net", f"{address or ''}|{(user_agent or '')[:300]}")


# --- reading -------------------------------------------------------------------------------------------

def counts(proposal_ids) -> dict[int, int]:
    """Number of voices per proposal id (ids without any are left out)."""
    ids = [pid for pid in set(proposal_ids) if pid is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(Support.proposal_id, func.count(Support.id))
                                   .filter(Support.proposal_id.in_(ids)).group_by(Support.proposal_id)).all())


def counts_by_ref(refs) -> dict[str, int]:
    """Number of voices per proposal reference (the similar-proposals box)."""
    refs = list(refs)
    if not refs:
        return {}
    return dict(db.session.execute(select(Proposal.ref, func.count(Support.id))
                                   .join(Support, Support.proposal_id == Proposal.id)
                                   .filter(Proposal.ref.in_(refs)).group_by(Proposal.ref)).all())


def consultation_counts(consultation_id: int) -> dict[int, int]:
    """Number of voices per proposal id, for a whole consultation (open-data CSV)."""
    return dict(db.session.execute(select(Support.proposal_id, func.count(Support.id))
                                   .join(Proposal, Proposal.id == Support.proposal_id)
                                   .filter(Proposal.consultation_id == consultation_id)
                                   .group_by(Support.proposal_id)).all())


def supporters_label(number: int) -> str:
    """"12 supporters", in the page's language (lists, the similar box)."""
    from flask_babel import ngettext
    return ngettext("%(num)d supporter", "%(num)d supporters", number)


def with_count():
    """A loader option: count the proposal's voices in the query that loads it (the proposal's
    page), one query fewer; `count` then reads them."""
    return with_expression(Proposal.support_count, select(func.count(Support.id))
                           .filter(Support.proposal_id == Proposal.id).scalar_subquery())


def count(proposal) -> int:
    if proposal.support_count is not None:
        return proposal.support_count
    return counts([proposal.id]).get(proposal.id, 0)


def total(proposals) -> int:
    """Voices given to the proposals of a list (a theme's), for the working groups."""
    return sum(counts(p.id for p in proposals).values())


def find(proposal, voter_id: str | None, user=None) -> Support | None:
    """This person's voice on the proposal, by their browser or their account."""
    conditions = []
    if voter_id:
        conditions.append(Support.voter_key == keyed("browser", voter_id))
    if getattr(user, "is_authenticated", False):
        conditions.append(Support.user_id == user.id)
    if not conditions:
        return None
    return db.session.scalar(select(Support).filter(Support.proposal_id == proposal.id)
                             .filter(db.or_(*conditions)).limit(1))


def is_open(proposal) -> bool:
    return proposal.status in OPEN_STATUSES


# --- adding a voice ------------------------------------------------------------------------------------

def add(proposal, *, voter_id: str, user=None, connection: str, email: str | None = None,
        language: str = "ar", token: str | None = None) -> tuple[Support, bool]:
    """Add this person's voice; (support, True) when it is new, (their earlier one, False) when
    they already support it (an e-mail given now is kept on it). Raises SupportError when refused.

    `voter_id`: the browser's id (from its cookie, or new); `connection`: `fingerprint(...)`.
    """
    if not is_open(proposal):
        raise SupportError(_("This proposal already has its outcome: voices are no longer added to it."))
    signed_in = getattr(user, "is_authenticated", False)
    if signed_in and proposal.author_id == user.id:
        raise SupportError(_("This is your own proposal: your voice is already in it."))
    replayed = db.session.scalar(select(Support).filter_by(token=token)) if token else None
    if replayed is not None and replayed.proposal_id != proposal.id:
        replayed = token = None          # a token is for one proposal: never reuse another's
    existing = replayed or find(proposal, voter_id, user)
    if existing is not None:
        own = existing.voter_key == keyed("browser", voter_id) or (signed_in and existing.user_id == user.id)
        if email and own and existing.email != email:     # only one's own voice takes an address
            existing.email = email
            db.session.flush()
        return existing, False
    if not signed_in:
        since = utcnow() - timedelta(days=FINGERPRINT_DAYS)
        if db.session.scalar(select(Support.id).filter(Support.proposal_id == proposal.id,
                                                       Support.fingerprint == connection,
                                                       Support.created_at >= since).limit(1)):
            raise SupportError(_("A voice was already added to this proposal from this connection and this "
                                 "browser. If it was someone else's, sign in to add yours."))
    support = Support(proposal_id=proposal.id, voter_key=keyed("browser", voter_id),
                      user_id=user.id if signed_in else None, fingerprint=connection,
                      token=token or None, email=email or None, language=language)
    db.session.add(support)
    # Two clicks may race past the checks; adding a voice is the only write of its request.
    saved = transactions.flush_or_saved_by_twin(lambda: find(proposal, voter_id, user) or (
        db.session.scalar(select(Support).filter_by(token=token)) if token else None))
    if saved is not None:
        return saved, False
    forget_old_connections()
    return support, True


def forget_old_connections() -> int:
    """Erase the connection hashes older than FINGERPRINT_DAYS (they no longer refuse anyone)."""
    cutoff = utcnow() - timedelta(days=FINGERPRINT_DAYS)
    result = db.session.execute(update(Support).where(Support.created_at < cutoff, Support.fingerprint.is_not(None))
                                .values(fingerprint=None).execution_options(synchronize_session=False))
    return result.rowcount or 0


# --- telling supporters the outcome ---------------------------------------------------------------------

OUTCOME_STATUSES = ("retained", "merged", "not_retained")


def queue_outcome(proposal, event) -> int:
    """Write, in each supporter's language, the outcome of a proposal they support into the outbox,
    in the decision's transaction (sent once it commits, never if it rolls back); one message per
    address. Returns how many are queued."""
    from consult.proposals import notify
    if event.status not in OUTCOME_STATUSES:
        return 0
    rows = db.session.execute(select(Support.email, Support.language)
                              .filter(Support.proposal_id == proposal.id, Support.email.is_not(None))
                              .order_by(Support.id)).all()
    seen = {proposal.author_email} if proposal.author_email else set()
    ref, queued = proposal.ref, 0
    for address, language in rows:
        if address in seen:
            continue
        seen.add(address)
        subject, text = notify.compose_for_supporter(proposal, event, language)
        outbox.queue(address, subject, text, about=ref)
        queued += 1
    return queued
