"""Security behaviour a visitor or an attacker would notice: headers, configuration, forged or
oversized requests, bots, floods, redirects, and the page language."""
import pytest

from consult import create_app
from consult.core.config import DEFAULT_SECRET_KEY, ConfigError, load_config
from consult.core.extensions import db, limiter
from consult.proposals.models import Proposal
from tests.factories import make_consultation, make_user, proposal_form


def proposals_count():
    return db.session.scalar(db.select(db.func.count(Proposal.id)))


# --- headers and configuration ---------------------------------------------------------------------

def test_security_headers_on_pages_errors_and_json(ctx, client):
    consultation = make_consultation()
    for url in ("/consultations/", f"/consultations/{consultation.id}", f"/consultations/{consultation.id}/propose",
                "/no-such-page", "/healthz", "/accounts/login"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin", "no-referrer")


def test_pages_carry_no_inline_script(ctx, client):
    consultation = make_consultation()
    page = client.get(f"/consultations/{consultation.id}/propose").get_data(as_text=True)
    assert "<script>" not in page and " onclick=" not in page and " style=" not in page
    assert '<script src="/static/' in page


def test_production_refuses_the_default_secret_key(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        load_config()
    with pytest.raises(ConfigError):
        create_app()
    monkeypatch.setenv("SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(ConfigError):
        create_app()


def test_production_sends_session_cookies_over_https_only(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-for-the-test")
    monkeypatch.setenv("SERVER_NAME", "consult.example.tn")
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    config = load_config()
    assert config["SESSION_COOKIE_SECURE"] is True and config["REMEMBER_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    monkeypatch.setenv("CONSULT_ENV", "development")
    assert load_config()["SESSION_COOKIE_SECURE"] is False   # so that http://localhost still works


def test_rate_limit_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://redis.internal:6379/0")
    monkeypatch.setenv("SUBMISSION_RATE_LIMIT", "3 per minute")
    config = load_config()
    assert config["RATELIMIT_STORAGE_URI"] == "redis://redis.internal:6379/0"
    assert config["SUBMISSION_RATE_LIMIT"] == "3 per minute"
    assert config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True   # Redis down: still no 500


def test_healthz(ctx, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


# --- bad requests ----------------------------------------------------------------------------------

def test_forged_post_without_csrf_token_is_refused_in_french(ctx, client, csrf):
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}/propose"
    client.get(url + "?lang=fr")
    response = client.post(url, data=proposal_form(consultation))
    assert response.status_code == 400
    assert "Ce formulaire a expiré" in response.get_data(as_text=True)
    assert proposals_count() == 0
    # With the page's token the same form goes through: the refusal was the token, nothing else.
    response = client.post(url, data=dict(proposal_form(consultation), csrf_token=csrf(client, url)))
    assert response.status_code == 302 and proposals_count() == 1


def test_csrf_also_guards_coordinator_forms(ctx, client, csrf):
    coordinator = make_user("coordinator")
    token = csrf(client, "/accounts/login")   # tests.conftest.login posts without a token
    client.post("/accounts/login", data={"email": coordinator.email, "password": "correct horse battery",
                                         "csrf_token": token})
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/axes/{consultation.axes[1].id}/remove")
    assert response.status_code == 400
    db.session.expire_all()
    assert len(db.session.get(type(consultation), consultation.id).axes) == 2


def test_five_megabyte_field_gets_a_translated_413(ctx, client):
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/propose?lang=fr",
                           data=proposal_form(consultation, problem="x" * (5 * 1024 * 1024)))
    assert response.status_code == 413
    assert "trop volumineux" in response.get_data(as_text=True)
    assert proposals_count() == 0


def test_honeypot_filled_is_refused(ctx, client):
    consultation = make_consultation()
    response = client.post(f"/consultations/{consultation.id}/propose",
                           data=proposal_form(consultation, website="http://spam.example"))
    assert response.status_code == 400
    assert proposals_count() == 0


def test_submissions_are_rate_limited_with_a_translated_message(app, ctx, client):
    consultation = make_consultation()
    app.config["SUBMISSION_RATE_LIMIT"] = "3 per minute"
    limiter.enabled = True
    limiter.reset()
    try:
        url = f"/consultations/{consultation.id}/propose?lang=fr"
        statuses = [client.post(url, data=proposal_form(consultation)).status_code for _ in range(4)]
        assert statuses == [302, 302, 302, 429]
        response = client.post(url, data=proposal_form(consultation))
        assert response.status_code == 429
        assert "Trop de tentatives" in response.get_data(as_text=True)
        assert proposals_count() == 3
        assert client.get(url).status_code == 200   # reading the form is not limited
    finally:
        app.config["SUBMISSION_RATE_LIMIT"] = load_config()["SUBMISSION_RATE_LIMIT"]
        limiter.reset()


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "http:/evil.example", "/\tevil", "javascript:alert(1)"])
def test_login_refuses_open_redirects(ctx, client, target):
    user = make_user("member")
    response = client.post("/accounts/login", query_string={"next": target},
                           data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and "javascript" not in location


def test_login_follows_a_same_site_next(ctx, client):
    user = make_user("member")
    consultation = make_consultation()
    response = client.post("/accounts/login", query_string={"next": f"/consultations/{consultation.id}"},
                           data={"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"].endswith(f"/consultations/{consultation.id}")


# --- language --------------------------------------------------------------------------------------

def test_arabic_is_the_default_right_to_left(ctx, client):
    page = client.get("/consultations/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "bootstrap.rtl.min.css" in page
    assert "الاستشارات" in page or "استشارات" in page


def test_lang_parameter_switches_and_is_remembered(ctx, client):
    page = client.get("/consultations/?lang=fr").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in page
    assert "bootstrap.min.css" in page and "bootstrap.rtl.min.css" not in page
    page = client.get("/consultations/").get_data(as_text=True)   # no parameter: remembered
    assert '<html lang="fr" dir="ltr">' in page and "Consultations" in page
    page = client.get("/consultations/?lang=xx").get_data(as_text=True)   # unknown: ignored
    assert '<html lang="fr" dir="ltr">' in page
    assert '<html lang="ar" dir="rtl">' in client.get("/consultations/?lang=ar").get_data(as_text=True)
