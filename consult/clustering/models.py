"""Themes (groups of proposals), the grouping runs that make them, the stored proposal vectors
and the duplicate links that people confirm.

A theme is what working groups score and shortlist; a single proposal can form a theme of its own.
"""
from __future__ import annotations

import random
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

# A run computes a preview ("preview"), that the coordinator applies ("done") or discards
# ("discarded"); an applied run can be undone ("undone"). Command-line and demo runs apply at once.
RUN_STATUSES = ("queued", "running", "preview", "done", "discarded", "undone", "failed")
RUN_STAGES = ("queued", "embedding", "grouping", "describing", "duplicates", "saving", "preview", "done", "failed")
RUN_SOURCES = ("web", "cli", "demo")   # where it was started; command-line and demo runs apply at once
DUPLICATE_STATUSES = ("suggested", "confirmed", "dismissed")


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    # Automatic title per language {"ar", "fr", "en"}: the title of its most representative
    # proposal in that language, else of its most representative proposal (summary["label"]
    # says which proposal and language each comes from; summary["terms"] has the key terms).
    label: Mapped[dict] = mapped_column(JSON, default=dict)
    # The names people gave it, {"ar", "fr", "en"} (one is enough): shown instead of the label.
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    # Checked by people: a new clustering run keeps it and its members as they are.
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # The run that made it (None: made by people, e.g. a split).
    run_id: Mapped[int | None] = mapped_column(ForeignKey("clustering_runs.id"), index=True)
    # Normalised mean of its members in the grouping space (float32 bytes): new proposals join
    # the closest theme without a re-run, when their cosine reaches join_threshold.
    centroid: Mapped[bytes | None] = mapped_column(LargeBinary)
    join_threshold: Mapped[float | None] = mapped_column(Float)
    # {"representatives": [proposal ids, most typical first], "label": {"languages", "sources"},
    #  "terms": {lang: [key terms]}, "mixed": {"mixed", "silhouette", "groups": [[ids], [ids]]}}
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    run = relationship("ClusteringRun")
    proposals = relationship("Proposal", back_populates="theme", order_by="Proposal.id")

    @property
    def name(self) -> str | None:
        """The given name in the reader's language, else in the closest one (None: no name)."""
        from consult.core.languages import localized
        return localized(self.names) or None if self.names else None

    @name.setter
    def name(self, value: str | None) -> None:
        """One name without its language (the demo, the tests, names given before there were
        three): Arabic when written in Arabic letters, else French, as the migration took them."""
        from consult.core.languages import ARABIC_LETTER
        value = (value or "").strip()
        self.names = {"ar" if ARABIC_LETTER.search(value) else "fr": value} if value else {}


class ClusteringRun(db.Model):
    """One grouping of a consultation: its parameters, code version, counts, duration, outcome."""
    __tablename__ = "clustering_runs"
    __table_args__ = (one_of("status", RUN_STATUSES), one_of("stage", RUN_STAGES), one_of("source", RUN_SOURCES))

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    stage: Mapped[str] = mapped_column(String(20), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)   # 0..1
    source: Mapped[str] = mapped_column(String(20), default="web")   # RUN_SOURCES
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
    # What the run proposes (groups of proposal ids, labels, pairs, map places), kept until applied.
    plan: Mapped[dict | None] = deferred(mapped_column(JSON))
    # The preview shown to the coordinator: themes that stay, merge, split; proposals that move.
    changes: Mapped[dict | None] = mapped_column(JSON)
    # The themes as they were before the run was applied (to undo it).
    snapshot: Mapped[dict | None] = deferred(mapped_column(JSON))
    applied_at: Mapped[datetime | None] = mapped_column()
    undone_at: Mapped[datetime | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    created_by = relationship("User")

    @property
    def finished(self) -> bool:
        """Nothing more to compute (a preview waits for the coordinator, not for the run)."""
        return self.status not in ("queued", "running")


class ProposalVector(db.Model):
    """A proposal's embedding, computed once when it is saved (see clustering.vectors)."""
    __tablename__ = "proposal_vectors"
    # The similar lookup asks each time for the highest stored row of a consultation (one seek);
    # the map reads the places without the vectors (which SQLite keeps before them in the row).
    # The map draws the rows of lowest map_key (a random number given at insert): an even sample
    # read from the index alone, however many proposals there are.
    __table_args__ = (Index("ix_proposal_vectors_consultation_row", "consultation_id", "id", "proposal_id", "x", "y"),
                      Index("ix_proposal_vectors_map_sample", "consultation_id", "map_key", "proposal_id", "x", "y"))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    version: Mapped[str] = mapped_column(String(80))
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    # Place on the consultation's map (from the latest run's projection).
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    map_key: Mapped[float] = mapped_column(Float, default=random.random)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal = relationship("Proposal")
    consultation = relationship("Consultation")


class DuplicateLink(db.Model):
    """Two proposals that say the same thing: suggested by a run, confirmed or dismissed by people.

    Both proposals are kept; a confirmed link shows on both pages.
    """
    __tablename__ = "duplicate_links"
    __table_args__ = (UniqueConstraint("original_id", "duplicate_id"), one_of("status", DUPLICATE_STATUSES))

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
