"""Running behind a TLS proxy, in production (finding 9 of issue 13): links never follow the Host
header a client sends, HSTS, the client's address and scheme read from the proxy's X-Forwarded-*
(only when there is a proxy), and production refuses to start without knowing its host name."""
import pytest

from consult import create_app
from consult.core.config import ConfigError, load_config
from consult.core.extensions import limiter
from tests.factories import make_consultation, make_proposal, proposal_form

PRODUCTION = {"ENV_NAME": "production", "SECRET_KEY": "a-long-random-secret-for-the-test",
              "SERVER_NAME": "consult.example.tn", "TESTING": True, "WTF_CSRF_ENABLED": False}


@pytest.fixture
def make(app, monkeypatch):
    """Another app on the test database, configured as given (as a server would start it)."""
    for name in ("SERVER_NAME", "TRUSTED_HOSTS", "PROXY_COUNT", "HSTS_SECONDS", "CONSULT_ENV"):
        monkeypatch.delenv(name, raising=False)

    def build(**config):
        return create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **config})
    yield build
    limiter.init_app(app)   # the one limiter counts for the app it was last bound to: the tests' app again
    limiter.enabled = False


def api_answers(server, **headers):
    client = server.test_client()
    yield client.get("/api/v1/consultations", headers=headers)
    consultation_id = server.extensions["test_consultation"]
    yield client.get(f"/api/v1/proposals?consultation={consultation_id}&per_page=1", headers=headers)


def test_links_never_follow_a_forged_host_header(ctx, make):
    consultation = make_consultation()
    for _ in range(3):
        make_proposal(consultation)
    local, production = make(TESTING=True), make(**PRODUCTION)
    # Production answers on its own name whatever the Host says; a local run refuses a foreign one.
    for server, status in ((local, 400), (production, 200)):
        server.extensions["test_consultation"] = consultation.id
        for forged in ({"Host": "evil.example"}, {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}):
            for response in api_answers(server, **forged):
                assert "evil.example" not in response.get_data(as_text=True)
                assert response.status_code == status, response.status_code
    # Production builds every link on its own name; a local run answers only to local names.
    listing = production.test_client().get("/api/v1/consultations", headers={"Host": "evil.example"}).get_json()
    assert listing["consultations"][0]["proposals"].startswith("https://consult.example.tn/api/v1/proposals")
    assert local.test_client().get("/consultations/", headers={"Host": "evil.example"}).status_code == 400
    page = local.test_client().get("/api/v1/consultations", headers={"Host": "127.0.0.1:8000"}).get_json()
    assert page["consultations"][0]["proposals"].startswith("http://127.0.0.1:8000/")


def test_production_needs_its_host_name(monkeypatch):
    monkeypatch.setenv("CONSULT_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-for-the-test")
    monkeypatch.delenv("SERVER_NAME", raising=False)
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    with pytest.raises(ConfigError, match="SERVER_NAME"):
        load_config()
    monkeypatch.setenv("TRUSTED_HOSTS", "consult.example.tn, .gov.tn")
    assert load_config()["TRUSTED_HOSTS"] == ["consult.example.tn", ".gov.tn"]


def test_production_sends_hsts_and_a_local_run_does_not(ctx, make):
    production = make(**PRODUCTION)
    for url in ("/consultations/", "/no-such-page", "/api/v1/consultations"):
        hsts = production.test_client().get(url, base_url="https://consult.example.tn").headers.get(
            "Strict-Transport-Security", "")
        assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 31536000, url
    assert "Strict-Transport-Security" not in make(TESTING=True).test_client().get("/consultations/").headers


def test_behind_the_proxy_links_are_https_and_limits_count_per_client(ctx, make):
    consultation = make_consultation()
    production = make(**PRODUCTION, SUBMISSION_RATE_LIMIT="2 per minute")
    client = production.test_client()
    # The proxy speaks plain HTTP to the app and says the client came over HTTPS.
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    listing = client.get("/api/v1/consultations", base_url="http://consult.example.tn", headers=proxied).get_json()
    assert listing["consultations"][0]["proposals"].startswith("https://consult.example.tn/")
    listing = client.get("/api/v1/consultations", base_url="http://consult.example.tn").get_json()
    assert listing["consultations"][0]["proposals"].startswith("http://consult.example.tn/")
    limiter.enabled = True
    limiter.reset()
    url = f"/consultations/{consultation.id}/propose"

    def post(client_address, server_address="10.0.0.2"):
        return client.post(url, data=proposal_form(consultation), base_url="http://consult.example.tn",
                           environ_base={"REMOTE_ADDR": server_address},
                           headers={"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"}).status_code
    # Every request comes from the proxy's address; each client is counted on its own.
    assert [post("203.0.113.7") for _ in range(3)] == [302, 302, 429]
    assert post("198.51.100.4") == 302
    # Without a proxy (a local run) X-Forwarded-For is the client's own word: ignored.
    local = make(TESTING=True, WTF_CSRF_ENABLED=False, SUBMISSION_RATE_LIMIT="2 per minute")
    limiter.reset()
    statuses = [local.test_client().post(url, data=proposal_form(consultation),
                                         headers={"X-Forwarded-For": f"192.0.2.{n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    limiter.reset()


def test_proxy_count_is_configurable_and_off_for_a_local_run(monkeypatch):
    monkeypatch.delenv("CONSULT_ENV", raising=False)
    monkeypatch.delenv("PROXY_COUNT", raising=False)
    assert load_config()["PROXY_COUNT"] == 0
    monkeypatch.setenv("PROXY_COUNT", "2")
    assert load_config()["PROXY_COUNT"] == 2
    monkeypatch.setenv("PROXY_COUNT", "two")
    with pytest.raises(ConfigError):
        load_config()
