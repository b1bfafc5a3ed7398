"""Stored proposal vectors: each proposal is embedded once, when it is saved.

The proposals feature sends `proposals_saved` (web form, facilitators' entry and import, demo);
`on_proposals_saved` embeds the batch in one call and stores the vectors. If the consultation
already has themes, a new proposal joins the closest one when close enough. An embedding failure
never loses the proposal: it is saved without a vector, and the next run embeds whatever is
missing (`embed_missing`). Flushes; the caller commits.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from contextlib import contextmanager

import numpy as np
from sqlalchemy import delete, insert, select

from consult.clustering import algorithms, geometry
from consult.clustering.common import mark_grouped, proposal_text
from consult.clustering.models import ProposalVector, Theme
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals.models import Proposal

log = logging.getLogger(__name__)

# None: the multilingual USE encoder, loaded once per process. Tests put a fake one here.
ENCODER = None
EMBED_BATCH = 256


def get_encoder():
    return ENCODER or algorithms.default_encoder()


@contextmanager
def embedding_deferred():
    """For bulk loads: saved proposals are not embedded one batch at a time; the next grouping
    run embeds them all in one batch, which is many times faster."""
    db.session.info["defer_embedding"] = True
    try:
        yield
    finally:
        db.session.info.pop("defer_embedding", None)


def on_proposals_saved(sender, proposals=(), **extra) -> None:
    """Receiver of `proposals_saved`: store the vectors of proposals just created or edited."""
    proposals = [p for p in proposals if p.id is not None]
    if not proposals or db.session.info.get("defer_embedding"):
        return
    try:
        vectors = algorithms.embed([proposal_text(p) for p in proposals], get_encoder())
    except Exception:  # noqa: BLE001 - the proposal must be saved anyway; a run embeds it later
        log.exception("could not embed %d saved proposal(s); a grouping run will embed them", len(proposals))
        return
    # An edited text replaces its vector by a new row (the similar lookup relies on rows being
    # replaced, never updated).
    db.session.execute(delete(ProposalVector).filter(ProposalVector.proposal_id.in_([p.id for p in proposals])))
    rows = []
    for proposal, vector in zip(proposals, vectors):
        row = ProposalVector(proposal_id=proposal.id, consultation_id=proposal.consultation_id,
                             version=algorithms.VECTOR_VERSION, vector=algorithms.vector_to_bytes(vector))
        db.session.add(row)
        rows.append(row)
    try:
        _join_existing_themes(proposals, vectors, rows)
    except Exception:  # noqa: BLE001 - joining is a convenience; the next run files it
        log.exception("could not file new proposals into existing themes")


def _join_existing_themes(proposals, vectors, rows) -> None:
    """File each new visible proposal into its closest theme, when close enough."""
    waiting = defaultdict(list)
    for proposal, vector, row in zip(proposals, vectors, rows):
        if proposal.status == "received" and proposal.theme_id is None and proposal.theme is None:
            waiting[proposal.consultation_id].append((proposal, vector, row))
    for consultation_id, items in waiting.items():
        themes = db.session.scalars(select(Theme).filter(Theme.consultation_id == consultation_id,
                                                         Theme.centroid.is_not(None))
                                    .order_by(Theme.id)).all()
        if not themes:
            continue
        centroids = np.vstack([np.frombuffer(t.centroid, dtype="<f4") for t in themes])
        projection = geometry.latest_projection(db.session, consultation_id)
        for proposal, vector, row in items:
            index, cosine = algorithms.assign_to_nearest_group(vector, centroids)
            theme = themes[index]
            if projection is not None:
                row.x, row.y = geometry.project(projection, vector[None, :])[0]
            if cosine < (theme.join_threshold or geometry.JOIN_FLOOR):
                continue
            proposal.theme = theme
            mark_grouped(proposal)
            audit.record("theme", theme.id, "auto_join", None, proposal=proposal.ref,
                         cosine=round(float(cosine), 3))


def embed_missing(consultation_id: int, report=None) -> int:
    """Embed the proposals of a consultation that have no vector of the current version."""
    current = select(ProposalVector.proposal_id).filter(ProposalVector.version == algorithms.VECTOR_VERSION)
    missing = db.session.scalars(select(Proposal).filter(Proposal.consultation_id == consultation_id,
                                                         Proposal.id.not_in(current))
                                 .order_by(Proposal.id)).all()
    encoder = get_encoder()
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start:start + EMBED_BATCH]
        vectors = algorithms.embed([proposal_text(p) for p in batch], encoder)
        db.session.execute(delete(ProposalVector).filter(
            ProposalVector.proposal_id.in_([p.id for p in batch])))
        db.session.execute(insert(ProposalVector), [
            {"proposal_id": p.id, "consultation_id": consultation_id, "version": algorithms.VECTOR_VERSION,
             "vector": algorithms.vector_to_bytes(v), "created_at": utcnow()} for p, v in zip(batch, vectors)])
        db.session.flush()
        if report:
            report((start + len(batch)) / len(missing))
    return len(missing)
