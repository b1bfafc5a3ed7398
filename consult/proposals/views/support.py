"""“Add my voice”: the one route that adds a voice (a form on the proposal page, or one click in
the similar-proposals box, which asks for JSON), and the template helpers that show the counts.
The rules are in consult/proposals/support.py.

Its endpoints are `support.*` (templates name them so): it keeps a blueprint of its own, which
`consult.core.features.register` registers beside the proposals' one."""
from __future__ import annotations

import uuid
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from consult.core.errors import refused
from consult.core.extensions import limiter
from consult.core.i18n import current_language
from consult.core.permissions import can
from consult.proposals import services, support
from consult.proposals.forms import SupportForm
from consult.proposals.views import proposal_page

bp = Blueprint("support", __name__)


def support_limit() -> str:
    return current_app.config["SUPPORT_RATE_LIMIT"]


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def counted_message(count: int) -> str:
    return ngettext("%(num)d person supports this proposal.", "%(num)d people support this proposal.", count)


@bp.post("/p/<ref>/support")
@limiter.limit(support_limit)
def add(ref: str):
    proposal = services.get_by_ref(ref) or abort(404)
    try:
        return _add(proposal)
    except support.SupportError as error:
        if _wants_json():
            raise   # the one handler answers {"error", "status"}, nothing saved
        return refused(error, proposal_page, proposal)


def _add(proposal):
    """Add this browser's (or account's) voice; raises SupportError when it is refused."""
    if not can(current_user, "proposals.support", proposal):
        raise support.SupportError(_("Voices are not being added to this proposal now."), 403)
    form = SupportForm()
    if form.website.data:
        abort(400)
    if not form.validate_on_submit():
        if _wants_json():
            return jsonify({"error": _("Check the e-mail address, or leave it empty."), "status": 400}), 400
        return proposal_page(proposal, support_form=form), 400
    voter_id = support.voter_id_from(request.cookies.get(support.VOICE_COOKIE))
    new_browser = voter_id is None
    voter_id = voter_id or support.new_voter_id()
    email = form.address()
    row, created = support.add(
        proposal, voter_id=voter_id, user=current_user, email=email, language=current_language(),
        connection=support.fingerprint(request.remote_addr, request.user_agent.string),
        token=form.support_token.data)
    count = support.count(proposal)
    message = (_("Thank you: your voice is counted.") if created
               else _("Your voice was already counted for this proposal."))
    if email:
        message += " " + _("We will write to you when it has its outcome.")
    message += " " + counted_message(count)
    if _wants_json():
        response = jsonify({"ref": proposal.ref, "supports": count, "created": created, "message": message,
                            "url": url_for("proposals.page", ref=proposal.ref) + "#voice",
                            "email": bool(row.email)})
    else:
        flash(message, "success")
        response = redirect(url_for("proposals.page", ref=proposal.ref) + "#voice")
    if new_browser:
        response.set_cookie(support.VOICE_COOKIE, support.cookie_value(voter_id),
                            max_age=int(timedelta(days=support.VOICE_COOKIE_DAYS).total_seconds()),
                            httponly=True, samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


# --- template helpers ----------------------------------------------------------------------------------

def support_box(proposal, form=None) -> dict:
    """What the proposal page shows: the count, whether this browser (or account) already
    supports it, and the form to add one's voice when it is open."""
    voter_id = support.voter_id_from(request.cookies.get(support.VOICE_COOKIE))
    mine = support.find(proposal, voter_id, current_user)
    if form is None:
        form = SupportForm(formdata=None)
    if not form.support_token.data:
        form.support_token.data = uuid.uuid4().hex
    return {"count": support.count(proposal), "mine": mine, "form": form,
            "open": can(current_user, "proposals.support", proposal), "awaits": support.is_open(proposal)}


@bp.record_once
def register_helpers(state) -> None:
    state.app.jinja_env.globals.update(
        support_box=support_box, support_counts=support.counts,
        support_total=support.total, support_counted_message=counted_message)
