"""Signing in, citizen sign-up, and account management by coordinators."""
import re
from types import SimpleNamespace

import pytest

from consult.accounts.models import User
from consult.core import audit
from consult.core.extensions import db
from tests.factories import login, make_user


def test_passwords_are_stored_hashed(ctx, client):
    response = client.post("/accounts/register", data={"name": "Amel", "email": "Amel@Example.tn",
                                                       "password": "une phrase assez longue"})
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="amel@example.tn"))
    assert user.role == "citizen"
    assert "une phrase assez longue" not in user.password_hash
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))  # werkzeug's salted hashes
    assert user.check_password("une phrase assez longue") and not user.check_password("autre chose")


def test_wrong_password_is_refused_in_the_users_language(ctx, client):
    user = make_user("member")
    response = client.post("/accounts/login?lang=fr", data={"email": user.email, "password": "wrong password"})
    assert response.status_code == 400
    assert "E-mail ou mot de passe incorrect." in response.get_data(as_text=True)


def test_generated_password_is_shown_once_and_works(ctx, client):
    coordinator = make_user("coordinator")
    login(client, coordinator)
    response = client.post("/accounts/users/new", data={"name": "Sami", "email": "sami@example.tn",
                                                        "role": "member", "affiliation": "administration",
                                                        "active": "y"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code[^>]*>([^<]+)</code>', response.get_data(as_text=True)).group(1)
    user = db.session.scalar(db.select(User).filter_by(email="sami@example.tn"))
    assert user.check_password(password) and password not in user.password_hash
    # Never again: not on the list of accounts, nor kept in the session for a later page.
    assert password not in client.get("/accounts/users").get_data(as_text=True)
    assert password not in client.get(f"/accounts/users/{user.id}").get_data(as_text=True)
    client.post("/accounts/logout")
    login(client, user, password)


def test_password_reset_gives_a_new_password_and_the_old_one_stops_working(ctx, client):
    member = make_user("member")
    login(client, make_user("coordinator"))
    response = client.post(f"/accounts/users/{member.id}/password")
    password = re.search(r'<code[^>]*>([^<]+)</code>', response.get_data(as_text=True)).group(1)
    db.session.refresh(member)
    assert member.check_password(password) and not member.check_password("correct horse battery")
    assert audit.history("user", member.id)[-1].action == "password_reset"


def test_deactivated_account_cannot_sign_in_and_loses_its_session(app):
    # No shared app context here: each request gets its own, as on a server, so that a signed-in
    # user cached by one request cannot leak into the other browser's.
    with app.app_context():
        member = make_user("member", affiliation="civil_society")
        member_id, email, name = member.id, member.email, member.name
        coordinator_email = make_user("coordinator").email
    coordinator_client, member_client = app.test_client(), app.test_client()
    login(member_client, SimpleNamespace(email=email))
    login(coordinator_client, SimpleNamespace(email=coordinator_email))
    assert "Sign out" in member_client.get("/consultations/?lang=en").get_data(as_text=True)
    response = coordinator_client.post(f"/accounts/users/{member_id}", data={
        "name": name, "email": email, "role": "member", "affiliation": "civil_society"})
    assert response.status_code == 302   # "active" left unchecked
    with app.app_context():
        assert db.session.get(User, member_id).active is False
        entry = audit.history("user", member_id)[-1]
        assert entry.details["old"]["active"] is True and entry.details["new"]["active"] is False
    # The open session ends, and signing in again is refused.
    assert "Sign out" not in member_client.get("/consultations/?lang=en").get_data(as_text=True)
    assert member_client.post("/accounts/login", data={"email": email,
                                                       "password": "correct horse battery"}).status_code == 400


def test_coordinator_cannot_demote_or_deactivate_themself(ctx, client):
    coordinator = make_user("coordinator")
    login(client, coordinator)
    response = client.post(f"/accounts/users/{coordinator.id}", data={
        "name": "X", "email": coordinator.email, "role": "coordinator"})
    assert response.status_code == 400
    db.session.refresh(coordinator)
    assert coordinator.active and coordinator.name == "Coordinator"


def test_the_rule_against_demoting_oneself_is_the_services_and_holds_through_the_web(ctx, client):
    # The rule lives in accounts.services (a Refused with its reason), not in the view: whatever
    # calls update_user is held to it, and the page says why nothing was saved.
    from consult.accounts import services
    from consult.core.errors import Refused
    coordinator, other = make_user("coordinator"), make_user("coordinator")
    for changes in ({"role": "member"}, {"active": False}):
        with pytest.raises(services.AccountError) as refusal:
            services.update_user(coordinator, actor=coordinator, **changes)
        assert isinstance(refusal.value, Refused) and refusal.value.status == 400
    db.session.rollback()
    login(client, coordinator)
    response = client.post(f"/accounts/users/{coordinator.id}?lang=en", data={
        "name": "X", "email": coordinator.email, "role": "member", "active": "y"})
    assert response.status_code == 400
    assert "You cannot remove your own coordinator role" in response.get_data(as_text=True)
    db.session.expire_all()
    assert coordinator.role == "coordinator" and coordinator.name == "Coordinator"
    # Another coordinator may do it.
    assert client.post(f"/accounts/users/{other.id}", data={
        "name": "Other", "email": other.email, "role": "member", "active": "y"}).status_code == 302
    db.session.expire_all()
    assert other.role == "member"


def test_coordinator_sees_the_balance_of_working_group_members(ctx, client):
    for affiliation in ("civil_society", "civil_society", "civil_society", "administration", None):
        make_user("member", affiliation=affiliation)
    make_user("facilitator", affiliation="administration")  # not a working-group member
    gone = make_user("member", affiliation="administration")
    gone.active = False
    db.session.commit()
    login(client, make_user("coordinator"))
    page = client.get("/accounts/users?lang=fr").get_data(as_text=True)
    balance = page[page.index('id="balance-title"'):page.index("<table")]
    assert re.search(r"Société civile\s*:\s*<strong>3</strong>", balance)
    assert re.search(r"Administration\s*:\s*<strong>1</strong>", balance)
    assert re.search(r"<strong>1</strong>", balance.split("Administration")[1].split("</li>", 1)[1])  # "other"
    assert "parts égales" in balance   # told that the group is not balanced


def test_email_already_used_is_refused(ctx, client):
    existing = make_user("citizen")
    login(client, make_user("coordinator"))
    response = client.post("/accounts/users/new", data={"name": "Dup", "email": existing.email.upper(),
                                                        "role": "member", "active": "y"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_accounts_pages_are_for_coordinators_only(ctx, client):
    assert client.get("/accounts/users").status_code == 302
    login(client, make_user("facilitator"))
    assert client.get("/accounts/users").status_code == 403
    assert client.post("/accounts/users/new", data={"name": "X", "email": "x@example.tn", "role": "coordinator",
                                                    "active": "y"}).status_code == 403
    assert db.session.scalar(db.select(User).filter_by(email="x@example.tn")) is None
