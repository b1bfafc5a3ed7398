"""What an attacker learns from the sign-in and sign-up pages, and how long they may guess
(finding 9 of issue 13): registration answers the same whether an e-mail has an account or not
(its owner is told by e-mail), a sign-in takes as long for an unknown e-mail as for a known one,
and failures are counted per account."""
import hashlib

import pytest

from consult.accounts.models import User
from consult.core import mail
from consult.core.extensions import db, limiter
from tests.factories import PASSWORD, login, make_user


def sign_up(client, email, password="une phrase assez longue"):
    return client.post("/accounts/register?lang=fr", data={"name": "Sami", "email": email, "password": password},
                       follow_redirects=True)


def test_registration_does_not_tell_whether_an_email_has_an_account(app, ctx, client, monkeypatch):
    sent = []
    monkeypatch.setattr(mail, "send", lambda address, subject, text: sent.append((address, subject, text)))
    owner = make_user("member", email="owner@example.tn")
    with app.test_client() as other:
        new = sign_up(other, "nobody@example.tn")
    taken = sign_up(client, "Owner@Example.tn")
    assert new.status_code == taken.status_code == 200
    assert new.request.path == taken.request.path == "/accounts/login"

    def message(page):
        return page.get_data(as_text=True).split('role="alert"', 1)[1].split("</div>", 1)[0]
    assert message(new) == message(taken) and "Connectez-vous" in message(new)
    # The new account exists; the existing one is unchanged and its owner is told, in a message
    # that does not hold the password typed.
    assert db.session.scalar(db.select(User).filter_by(email="nobody@example.tn")).role == "citizen"
    db.session.refresh(owner)
    assert owner.check_password(PASSWORD) and owner.role == "member" and owner.name != "Sami"
    assert [address for address, _s, _t in sent] == ["owner@example.tn"]
    assert "une phrase assez longue" not in sent[0][2] and "/accounts/login" in sent[0][2]
    # Neither page signed anyone in.
    assert client.get("/my/proposals").status_code == 302


def _key_derivations(client, monkeypatch, email) -> list[tuple]:
    """The password-hashing work a refused sign-in does: each key derivation with its cost."""
    done = []
    real_scrypt, real_pbkdf2 = hashlib.scrypt, hashlib.pbkdf2_hmac

    def scrypt(password, *, salt, n, r, p, **rest):
        done.append(("scrypt", n, r, p))
        return real_scrypt(password, salt=salt, n=n, r=r, p=p, **rest)

    def pbkdf2_hmac(name, password, salt, iterations, *rest):
        done.append(("pbkdf2", name, iterations))
        return real_pbkdf2(name, password, salt, iterations, *rest)
    monkeypatch.setattr(hashlib, "scrypt", scrypt)
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", pbkdf2_hmac)
    response = client.post("/accounts/login", data={"email": email, "password": "not the password"})
    monkeypatch.undo()
    assert response.status_code == 400
    return done


def test_sign_in_does_the_same_hashing_for_an_unknown_email_as_for_a_known_one(ctx, client, monkeypatch):
    # Hashing the password is most of a refused sign-in: an unknown e-mail must pay for it too, at
    # the same cost, or the time of the answer tells which e-mails have an account. (What the code
    # does is checked, not a stopwatch: a busy machine would make any timing meaningless.)
    user = make_user("citizen")
    known = _key_derivations(client, monkeypatch, user.email)
    # The stand-in hash checked for unknown e-mails is made once per process, on first use.
    _key_derivations(client, monkeypatch, "first-stranger@example.tn")
    unknown = _key_derivations(client, monkeypatch, "nobody-here@example.tn")
    assert len(known) == 1 and unknown == known, (known, unknown)


@pytest.fixture
def limits(app):
    limiter.enabled = True
    limiter.reset()
    yield
    limiter.reset()


def test_failed_sign_ins_are_counted_per_account(app, ctx, limits):
    user, other = make_user("coordinator"), make_user("member")
    # Five failures from five addresses: the account is then closed to sign-in for a while, even
    # with the right password, while another account still signs in.
    for number in range(5):
        with app.test_client() as client:
            response = client.post("/accounts/login", data={"email": user.email, "password": "guess"},
                                   environ_base={"REMOTE_ADDR": f"198.51.100.{number + 1}"})
            assert response.status_code == 400
    with app.test_client() as client:
        response = client.post("/accounts/login?lang=fr", data={"email": user.email.upper(), "password": PASSWORD},
                               environ_base={"REMOTE_ADDR": "203.0.113.9"})
        assert response.status_code == 429
        assert "Trop de connexions échouées pour ce compte" in response.get_data(as_text=True)
        assert client.get("/my/proposals").status_code == 302
        login(client, other)


def test_successful_sign_ins_do_not_count_against_the_account(app, ctx, limits):
    user = make_user("member")
    for _ in range(7):
        with app.test_client() as client:
            login(client, user)
