"""Citizen proposals and the dated history of what became of each one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from consult.core.extensions import db
from consult.core.languages import LANGUAGES as PLATFORM_LANGUAGES
from consult.core.models import one_of, utcnow

STATUSES = ("received", "grouped", "under_scoring", "retained", "merged", "not_retained", "hidden")
PROPOSER_TYPES = ("citizen", "association", "administration", "university", "private")
CHANNELS = ("online", "workshop", "email", "letter", "social")
LANGUAGES = ("ar", "fr", "en", "mixed")              # as detected from a proposal's text
SUPPORT_LANGUAGES = PLATFORM_LANGUAGES               # the page's, in which a supporter is written to
IMPORT_STATUSES = ("queued", "running", "done", "failed")

TITLE_MAX = 200
TEXT_MAX = 5000
SHORT_MAX = 200


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        # The list, the API and the CSV: a consultation's proposals newest first, and their count.
        Index("ix_proposals_listing", "consultation_id", "created_at", "id"),
        Index("ix_proposals_consultation_status", "consultation_id", "status"),
        # The themes page: counts by theme and language, axis or region, from the index alone.
        Index("ix_proposals_theme_mix", "consultation_id", "theme_id", "status", "language", "axis_id",
              "governorate"),
        # The version of a consultation's proposals that cached pages are keyed on: one seek.
        Index("ix_proposals_changed", "consultation_id", "updated_at"),
        # The consultation in numbers: proposals by channel and language, from the index alone.
        Index("ix_proposals_figures", "consultation_id", "status", "channel", "language"),
        one_of("proposer_type", PROPOSER_TYPES), one_of("channel", CHANNELS), one_of("language", LANGUAGES),
        one_of("status", STATUSES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(String(12), unique=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    axis_id: Mapped[int | None] = mapped_column(ForeignKey("axes.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"), index=True)

    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    problem: Mapped[str] = mapped_column(Text)
    reform: Mapped[str] = mapped_column(Text)
    results: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(String(SHORT_MAX), default="")   # who should carry it
    governorate: Mapped[str | None] = mapped_column(String(40), index=True)
    municipality: Mapped[str] = mapped_column(String(SHORT_MAX), default="")
    proposer_type: Mapped[str] = mapped_column(String(20), default="citizen")
    channel: Mapped[str] = mapped_column(String(20), default="online", index=True)
    language: Mapped[str] = mapped_column(String(8), index=True)
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    # Folded text (no diacritics, accents or letter variants) that search compares against.
    search_text: Mapped[str] = mapped_column(Text, default="")

    # Private: never shown on a public page, an export or the API.
    author_email: Mapped[str | None] = mapped_column(String(254))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # One token per rendered form: a double-clicked submit finds the proposal already made.
    submission_token: Mapped[str | None] = mapped_column(String(64), unique=True)

    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation = relationship("Consultation")
    axis = relationship("Axis")
    workshop = relationship("Workshop")
    theme = relationship("Theme", back_populates="proposals")
    merged_into: Mapped["Proposal | None"] = relationship(remote_side=[id])
    events: Mapped[list["ProposalEvent"]] = relationship(
        back_populates="proposal", order_by="ProposalEvent.id", cascade="all, delete-orphan")
    # Its number of voices when the query that loaded it counted them (`support.with_count`), else None.
    support_count: Mapped[int | None] = query_expression()

    @property
    def is_hidden(self) -> bool:
        return self.status == "hidden"


class ProposalEvent(db.Model):
    """A dated step in a proposal's life, with the reasoned response its author reads."""
    __tablename__ = "proposal_events"
    __table_args__ = (one_of("status", STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    response: Mapped[str] = mapped_column(Text, default="")
    # The same response in Arabic, French and English when it was written in all three (the
    # shortlist's outcomes); `response` then holds the version in the proposal's language.
    # The platform's own words (a step no one wrote: grouped, a grouping undone) are in
    # `responses` alone, without a `response`: each reader reads them in the page's language.
    responses: Mapped[dict | None] = mapped_column(JSON)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="events")

    @property
    def platform_written(self) -> bool:
        """Written by the platform, not by a person: read in the reader's language, not the proposal's."""
        return not self.response and bool(self.responses)

    def response_in(self, language: str) -> str:
        """The response in `language` when it was written in several, else the one there is."""
        from consult.core.languages import known_language, pick
        return pick(self.responses, known_language(language))[0] or self.response


class Support(db.Model):
    """Someone added their voice to a proposal ("add my voice"): one per person per proposal.

    Only the count is public. Who supports (the keys, the e-mail) never leaves the database: the
    keys are keyed hashes (HMAC with the app's secret), never a cookie value, an IP or a browser.
    """
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "voter_key", name="uq_supports_proposal_voter"),
                      UniqueConstraint("proposal_id", "user_id", name="uq_supports_proposal_user"),
                      one_of("language", SUPPORT_LANGUAGES))

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    # Hash of the random id this browser keeps in a signed cookie.
    voter_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Hash of the connection (IP address and browser), erased after a few days.
    fingerprint: Mapped[str | None] = mapped_column(String(64), index=True)
    # One token per rendered form or click: the same request sent twice counts once.
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Private: only to tell this person the proposal's outcome, in the language they used.
    email: Mapped[str | None] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="ar")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    proposal: Mapped[Proposal] = relationship()


class ProposalImport(db.Model):
    """A large spreadsheet imported in the background (`import_jobs`): the file until it is
    imported, the options chosen with it, and the row-by-row report once done."""
    __tablename__ = "proposal_imports"
    __table_args__ = (one_of("status", IMPORT_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)     # emptied once imported
    # {"channel", "workshop_id", "allowed_workshop_ids", "language"}
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    n_rows: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="queued")   # IMPORT_STATUSES
    report: Mapped[list | None] = mapped_column(JSON)   # [{"number", "outcome", "ref", "reasons"}]
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()

    consultation = relationship("Consultation")
    created_by = relationship("User")
