"""A session ends for good: signing out, a password reset or change make every copy of the
session cookie worthless (finding 4 of issue 13)."""
import re

from consult.accounts.models import User
from consult.core.extensions import db
from tests.factories import PASSWORD, login, make_user


def copy_of_session(app, client):
    """A second browser holding a copy of `client`'s session cookie (a stolen or shared cookie)."""
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value, domain="localhost")
    return copy


def signed_in(client) -> bool:
    return client.get("/my/proposals").status_code == 200


def accounts(app, *roles):
    with app.app_context():
        made = [make_user(role) for role in roles]
        return [(user.id, user.email) for user in made]


def test_a_copied_session_cookie_stops_working_after_sign_out(app):
    [(_id, email)] = accounts(app, "citizen")
    browser = app.test_client()
    login(browser, User(email=email))
    stolen = copy_of_session(app, browser)
    assert signed_in(stolen)
    assert browser.post("/accounts/logout").status_code == 302
    assert not signed_in(browser)
    assert not signed_in(stolen)
    response = stolen.get("/my/proposals")
    assert "/accounts/login" in response.headers["Location"]
    # Signing in again works, with a new session.
    login(browser, User(email=email))
    assert signed_in(browser) and not signed_in(stolen)


def test_a_password_reset_ends_the_members_open_sessions(app):
    [(member_id, member_email), (_c, coordinator_email)] = accounts(app, "member", "coordinator")
    member, coordinator = app.test_client(), app.test_client()
    login(member, User(email=member_email))
    other_device = copy_of_session(app, member)
    login(coordinator, User(email=coordinator_email))
    response = coordinator.post(f"/accounts/users/{member_id}/password")
    assert response.status_code == 200
    password = re.search(r'<code[^>]*>([^<]+)</code>', response.get_data(as_text=True)).group(1)
    assert not signed_in(member) and not signed_in(other_device)
    assert signed_in(coordinator)   # the coordinator's own session is untouched
    login(member, User(email=member_email), password)
    assert signed_in(member)


def test_changing_ones_password_ends_the_other_sessions_but_keeps_this_one(app):
    [(user_id, email)] = accounts(app, "member")
    laptop = app.test_client()
    login(laptop, User(email=email))
    phone = copy_of_session(app, laptop)
    response = laptop.post("/accounts/password", data={
        "current_password": PASSWORD, "new_password": "une nouvelle phrase secrète",
        "confirm_password": "une nouvelle phrase secrète"})
    assert response.status_code == 302
    assert signed_in(laptop) and not signed_in(phone)
    with app.app_context():
        assert db.session.get(User, user_id).check_password("une nouvelle phrase secrète")


def test_changing_ones_password_needs_the_current_one(app):
    [(user_id, email)] = accounts(app, "citizen")
    browser = app.test_client()
    login(browser, User(email=email))
    other = copy_of_session(app, browser)
    response = browser.post("/accounts/password?lang=fr", data={
        "current_password": "pas le bon", "new_password": "une nouvelle phrase secrète",
        "confirm_password": "une nouvelle phrase secrète"})
    assert response.status_code == 400
    assert "Mot de passe actuel incorrect." in response.get_data(as_text=True)
    assert signed_in(other)
    with app.app_context():
        assert db.session.get(User, user_id).check_password(PASSWORD)
