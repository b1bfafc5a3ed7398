"""Telling an account's owner, by e-mail, that someone tried to create an account with their
address (the sign-up page answers as if it worked, so that it never tells who has an account)."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from consult.core import outbox


def queue_sign_up_attempt(user) -> None:
    """Written now, in the language of the page, into the outbox: sent once the request's transaction commits."""
    subject = _("Someone tried to create an account with your e-mail")
    text = "\n\n".join((
        _("Someone (maybe you) asked to create a citizen account on Consult with this e-mail address, "
          "which already has an account. Nothing was changed."),
        _("To sign in, use your usual password: %(link)s", link=url_for("accounts.login", _external=True)),
        _("If you have forgotten it, ask the consultation's coordinators to reset it. If you did not ask "
          "for anything, you can ignore this message.")))
    outbox.queue(user.email, subject, text, about=f"user {user.id}")
