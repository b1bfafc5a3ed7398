"""People who sign in: coordinators, facilitators, working-group members and citizens."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from consult.core.extensions import db
from consult.core.models import one_of, utcnow

ROLES = ("coordinator", "facilitator", "member", "citizen")
AFFILIATIONS = ("civil_society", "administration", "other")


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES), one_of("affiliation", AFFILIATIONS))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="citizen")
    affiliation: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    # Written into the session cookie with the id (get_id): signing out and every new password raise
    # it, so that any copy of an earlier session cookie stops working (`accounts.load_user`).
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to deactivated accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version or 1}"

    def end_sessions(self) -> None:
        """Every session opened so far (on any device, any copy of its cookie) stops working."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str) -> None:
        """A new password also ends the sessions opened with the old one."""
        if self.password_hash is not None:
            self.end_sessions()
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
