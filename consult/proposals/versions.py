"""The version of a consultation's proposals, for what is cached from them (core.cache).

It is their latest `updated_at`: set when a proposal is created and on every update of its row
(status, theme, text; bulk updates included, SQLAlchemy applies `onupdate` to them too). Proposals
are never deleted. One seek in the index `ix_proposals_changed`.

`updated_at` is stamped when a row is written, not when its transaction commits: a submission
that is still being embedded when a later one commits shows up with an older stamp, which would
not change the version. While the latest change is recent (SETTLING), what is kept for it lives
only SETTLING_TIMEOUT seconds, so such a late commit shows within seconds; once things are quiet
it lives CACHE_SECONDS."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from consult.core.cache import versioned
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal


SETTLING = timedelta(seconds=30)     # longer than a request may take (gunicorn's timeout)
SETTLING_TIMEOUT = 5


def proposals_version(consultation_id: int):
    return db.session.scalar(select(func.max(Proposal.updated_at))
                             .filter(Proposal.consultation_id == consultation_id))


def settling_timeout(version) -> int | None:
    """Seconds a value kept for `version` (a latest change, or a tuple starting with one) may
    live: SETTLING_TIMEOUT while that change is recent, else the cache's default (None)."""
    latest = version[0] if isinstance(version, tuple) else version
    if latest is not None and utcnow() - latest < SETTLING:
        return SETTLING_TIMEOUT
    return None


def kept(name: str, version, build):
    """`core.cache.versioned` for a value computed from the proposals (`version`: their version,
    or a tuple starting with it), living no longer than that version's changes allow."""
    return versioned(name, version, build, timeout=settling_timeout(version))
