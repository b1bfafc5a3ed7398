"""Accounts: sign-in checks and account management. Flushes; the caller commits."""
from __future__ import annotations

import secrets
from functools import lru_cache

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from consult.accounts import notify
from consult.accounts.models import User
from consult.core import audit
from consult.core.errors import Refused
from consult.core.extensions import db


class AccountError(Refused):
    """A change to an account refused for a reason the coordinator can read (already translated)."""


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash made the way real ones are, checked when there is no account to check against."""
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password. A password is hashed whether or not the
    account exists, so that the time an answer takes does not tell which e-mails have an account."""
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if user.check_password(password) and user.active:
        return user
    return None


def sign_out(user) -> None:
    """End the account's sessions: this one and every copy of its cookie (on any device)."""
    if getattr(user, "is_authenticated", False):
        user.end_sessions()
        db.session.flush()


def change_password(user: User, current: str, new: str) -> bool:
    """The account holder's own new password, given the current one; other sessions end."""
    if not user.check_password(current):
        return False
    user.set_password(new)
    db.session.flush()
    audit.record("user", user.id, "password_change", user)
    return True


def register(name: str, email: str, password: str) -> User | None:
    """A citizen's sign-up. Returns the new account, or None when the e-mail already has one: the
    caller answers both the same way (the page must not tell who has an account), and the owner of
    the existing account is told by e-mail. The password is hashed either way, so that the answer
    takes the same time."""
    existing = find_by_email(email)
    if existing is None:
        user, _password = create_user(name, email, "citizen", password=password)
        return user
    generate_password_hash(password)
    notify.queue_sign_up_attempt(existing)
    return None


def find_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).filter(User.email == (email or "").strip().lower()))


def create_user(name: str, email: str, role: str, password: str | None = None,
                affiliation: str | None = None, actor=None) -> tuple[User, str]:
    """Create an account; returns it with its password (generated unless given)."""
    password = password or generate_password()
    user = User(name=name.strip(), email=email.strip().lower(), role=role,
                affiliation=affiliation or None, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user", user.id, "create", actor, role=role)
    return user, password


def update_user(user: User, actor=None, **changes) -> None:
    """Change an account. A coordinator cannot remove their own coordinator role nor deactivate
    their own account: the platform would be left without the person who just changed it (another
    coordinator may do it). Raises AccountError then, changing nothing."""
    if actor is not None and getattr(actor, "id", None) == user.id and (
            changes.get("role", user.role) != "coordinator" or not changes.get("active", user.active)):
        raise AccountError(_("You cannot remove your own coordinator role or deactivate your own account."))
    old = {key: getattr(user, key) for key in changes}
    for key, value in changes.items():
        setattr(user, key, value)
    db.session.flush()
    audit.record("user", user.id, "update", actor, old=old, new=changes)


def reset_password(user: User, actor=None, **details) -> str:
    """Give the account a new generated password, returned once to be handed over. `details` go
    into the audit trail (e.g. source="demo")."""
    password = generate_password()
    user.set_password(password)
    db.session.flush()
    audit.record("user", user.id, "password_reset", actor, **details)
    return password


def member_balance() -> dict[str, int]:
    """Active working-group members by affiliation: working groups are meant to be joint,
    civil society and administration in equal parts."""
    rows = db.session.execute(
        db.select(User.affiliation, db.func.count(User.id))
        .filter(User.role == "member", User.active.is_(True)).group_by(User.affiliation)).all()
    balance = {"civil_society": 0, "administration": 0, "other": 0}
    for affiliation, count in rows:
        balance[affiliation if affiliation in balance else "other"] += count
    return balance


def list_users() -> list[User]:
    return db.session.scalars(db.select(User).order_by(User.role, User.name)).all()
