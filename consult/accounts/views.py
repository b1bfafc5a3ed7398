"""Sign in and out, citizen sign-up, and account management for coordinators."""
from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from consult.accounts import services
from consult.accounts.forms import LoginForm, PasswordChangeForm, RegisterForm, UserForm
from consult.accounts.models import User
from consult.core.extensions import db, limiter
from consult.core.forms import ConfirmForm
from consult.core.permissions import permission_required

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


def _safe_next(target: str | None) -> str:
    # Only same-site paths: an open redirect would let a forged link send people elsewhere.
    # Browsers read "/\evil.example" as "//evil.example", and drop tabs and newlines: refuse those too.
    if (target and target.startswith("/") and not target.startswith("//") and "\\" not in target
            and target.isprintable() and not urlsplit(target).netloc and not urlsplit(target).scheme):
        return target
    return url_for("core.home")


def _password_page(user: User, password: str, created: bool):
    """The generated password, shown once: rendered here and never stored in the session."""
    response = make_response(render_template("accounts/password.html", user=user, password=password,
                                             created=created))
    response.headers["Cache-Control"] = "no-store"
    return response


def login_account_key() -> str:
    """The account a sign-in attempt is about (its e-mail, hashed): failures are counted per account,
    in the rate limiter's storage (shared by every worker when it is Redis)."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return "account:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _failed_sign_in(response) -> bool:
    return response.status_code == 400


def _account_locked_message() -> str:
    return _("Too many failed sign-ins for this account. Please wait a few minutes before trying again, "
             "or ask a coordinator to reset its password.")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@limiter.limit(login_account_limit, methods=["POST"], key_func=login_account_key, scope="login-account",
               deduct_when=_failed_sign_in, error_message=_account_locked_message)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong e-mail or password."))
    return render_template("accounts/login.html", form=form), 400 if form.errors else 200


@bp.post("/logout")
def logout():
    # Ends the session on the server's side too: a copy of this session's cookie opens nothing.
    services.sign_out(current_user)
    logout_user()
    return redirect(url_for("core.home"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        # The same answer whether or not the e-mail already has an account (its owner is told by
        # e-mail): the page never tells who has an account.
        services.register(form.name.data, form.email.data, form.password.data)
        flash(_("Thank you. Sign in below with your e-mail and the password you chose. If this e-mail "
                "already had an account, nothing was changed: sign in with its usual password."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/register.html", form=form), 400 if form.errors else 200


@bp.route("/password", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])   # a borrowed session cannot guess the current password
@permission_required("accounts.change_password")
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        if services.change_password(user, form.current_password.data, form.new_password.data):
            login_user(user)   # this session goes on with the new version; the others end
            flash(_("Your password is changed. Your other sessions are signed out."), "success")
            return redirect(url_for("core.home"))
        form.current_password.errors.append(_("Wrong current password."))
    response = make_response(render_template("accounts/change_password.html", form=form),
                             400 if form.errors else 200)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/users")
@permission_required("accounts.manage")
def users():
    return render_template("accounts/users.html", users=services.list_users(), balance=services.member_balance())


@bp.route("/users/new", methods=["GET", "POST"])
@permission_required("accounts.manage")
def new_user():
    form = UserForm()
    if form.validate_on_submit():
        if services.find_by_email(form.email.data):
            form.email.errors.append(_("An account with this e-mail already exists."))
        else:
            user, password = services.create_user(form.name.data, form.email.data, form.role.data,
                                                  affiliation=form.affiliation.data, actor=current_user)
            return _password_page(user, password, created=True)
    return render_template("accounts/user_form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@permission_required("accounts.manage")
def edit_user(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        other = services.find_by_email(form.email.data)
        if other and other.id != user.id:
            form.email.errors.append(_("An account with this e-mail already exists."))
        else:
            try:
                services.update_user(user, actor=current_user, name=form.name.data,
                                     email=form.email.data.strip().lower(), role=form.role.data,
                                     affiliation=form.affiliation.data or None, active=form.active.data)
            except services.AccountError as error:   # the 400 below saves nothing
                form.role.errors.append(error.message)
            else:
                flash(_("Account saved."), "success")
                return redirect(url_for("accounts.users"))
    return (render_template("accounts/user_form.html", form=form, user=user, reset_form=ConfirmForm()),
            400 if form.errors else 200)


@bp.post("/users/<int:user_id>/password")
@permission_required("accounts.manage")
def reset_password(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    password = services.reset_password(user, actor=current_user)
    return _password_page(user, password, created=False)
