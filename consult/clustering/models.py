"""Themes (groups of proposals), the grouping runs that make them, the stored proposal vectors
and the duplicate links that people confirm.

A theme is what working groups score and shortlist; a single proposal can form a theme of its own.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import utcnow

RUN_STATUSES = ("queued", "running", "done", "failed")
RUN_STAGES = ("queued", "embedding", "grouping", "describing", "duplicates", "saving", "done", "failed")
DUPLICATE_STATUSES = ("suggested", "confirmed", "dismissed")


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    # Top terms per language present, from the clustering: {"ar": ..., "fr": ..., "en": ...}
    label: Mapped[dict] = mapped_column(JSON, default=dict)
    # A name people gave it; shown instead of the automatic label when set.
    name: Mapped[str | None] = mapped_column(String(200))
    # Checked by people: a new clustering run keeps it and its members as they are.
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The run that made it (None: made by people, e.g. a split).
    run_id: Mapped[int | None] = mapped_column(ForeignKey("clustering_runs.id"), index=True)
    # Normalised mean of its members in the grouping space (float32 bytes): new proposals join
    # the closest theme without a re-run, when their cosine reaches join_threshold.
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    join_threshold: Mapped[float | None] = mapped_column(Float)
    # {"representatives": [proposal ids, most typical first]}
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    run = relationship("ClusteringRun")
    proposals = relationship("Proposal", back_populates="theme", order_by="Proposal.id")


class ClusteringRun(db.Model):
    """One grouping of a consultation: its parameters, code version, counts, duration, outcome."""
    __tablename__ = "clustering_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)   # 0..1
    source: Mapped[str] = mapped_column(String(20), default="web")   # web | cli | demo
    # Parameters: a forced number of new groups, else the automatic count scaled by granularity.
    k: Mapped[int | None] = mapped_column()
    granularity: Mapped[float] = mapped_column(Float, default=1.0)
    algorithm_version: Mapped[str] = mapped_column(String(40))
    code_version: Mapped[str | None] = mapped_column(String(40))     # git commit, when known
    vector_version: Mapped[str] = mapped_column(String(80))
    # Counts
    n_proposals: Mapped[int] = mapped_column(default=0)
    n_embedded: Mapped[int] = mapped_column(default=0)      # vectors computed by this run
    n_themes: Mapped[int] = mapped_column(default=0)        # themes after the run (locked included)
    n_locked: Mapped[int] = mapped_column(default=0)
    n_grouped: Mapped[int] = mapped_column(default=0)       # proposals newly marked "grouped"
    n_duplicates: Mapped[int] = mapped_column(default=0)    # near-duplicate pairs suggested
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    error: Mapped[str | None] = mapped_column(Text)
    # 2-D map: x, y = (space - mean) @ components.T; kept so new proposals get a place too.
    projection: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    created_by = relationship("User")

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


class ProposalVector(db.Model):
    """A proposal's embedding, computed once when it is saved (see clustering.vectors)."""
    __tablename__ = "proposal_vectors"
    # The similar lookup asks each time for the highest stored row of a consultation (one seek);
    # the map reads the places without the vectors (which SQLite keeps before them in the row).
    __table_args__ = (Index("ix_proposal_vectors_consultation_row", "consultation_id", "id", "proposal_id", "x", "y"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    version: Mapped[str] = mapped_column(String(80))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    # Place on the consultation's map (from the latest run's projection).
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal = relationship("Proposal")
    consultation = relationship("Consultation")


class DuplicateLink(db.Model):
    """Two proposals that say the same thing: suggested by a run, confirmed or dismissed by people.

    Both proposals are kept; a confirmed link shows on both pages.
    """
    __tablename__ = "duplicate_links"
    __table_args__ = (UniqueConstraint("original_id", "duplicate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    original_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    duplicate_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="suggested", index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("clustering_runs.id"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    original = relationship("Proposal", foreign_keys=[original_id])
    duplicate = relationship("Proposal", foreign_keys=[duplicate_id])
