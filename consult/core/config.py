"""Configuration from environment variables, with safe defaults for a local install."""
from __future__ import annotations

import os
from pathlib import Path

from consult.core.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET_KEY = "dev-only-change-me"


class ConfigError(RuntimeError):
    pass


def _default_database_url() -> str:
    instance = ROOT / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'consult.db'}"


def _with_driver(url: str) -> str:
    """postgres:// and postgresql:// URLs use psycopg 3, the driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1", "[::1]"]


def _names(value: str | None) -> list[str] | None:
    names = [name.strip().lower() for name in (value or "").split(",") if name.strip()]
    return names or None


def load_config(overrides: dict | None = None) -> dict:
    env = os.environ
    config = {
        "ENV_NAME": env.get("CONSULT_ENV", "development"),
        "SECRET_KEY": env.get("SECRET_KEY", DEFAULT_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL") or _default_database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Big enough for a workshop's spreadsheet, small enough to refuse abuse with a 413.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", 4 * 1024 * 1024)),
        "MAX_FORM_MEMORY_SIZE": int(env.get("MAX_CONTENT_LENGTH", 4 * 1024 * 1024)),
        "BABEL_DEFAULT_LOCALE": "ar",
        "BABEL_TRANSLATION_DIRECTORIES": str(ROOT / "translations"),
        "LANGUAGES": LANGUAGES,
        "WTF_CSRF_TIME_LIMIT": None,
        # memory:// counts per process; with several gunicorn workers use redis://host:6379/0 so
        # that they share one count. If Redis goes down, limits fall back to memory, never a 500.
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "SUBMISSION_RATE_LIMIT": env.get("SUBMISSION_RATE_LIMIT", "10 per minute;100 per day"),
        # Voices ("add my voice") one address may add, all proposals together.
        "SUPPORT_RATE_LIMIT": env.get("SUPPORT_RATE_LIMIT", "20 per minute;200 per day"),
        # Failed sign-ins counted per account (whatever the address they come from).
        "LOGIN_ACCOUNT_RATE_LIMIT": env.get("LOGIN_ACCOUNT_RATE_LIMIT", "5 per 15 minutes"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PER_PAGE": 20,
        # The public host name (e.g. consult.example.tn): every absolute link (API pages, e-mails) is
        # built with it, never with the Host header a client sent.
        "SERVER_NAME": env.get("SERVER_NAME") or None,
        # Host headers accepted (comma-separated; ".example.tn" for its subdomains); any other is a 400.
        "TRUSTED_HOSTS": _names(env.get("TRUSTED_HOSTS")),
        # How many proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto (werkzeug's
        # ProxyFix): the TLS proxy in production (1), none for a local run (0).
        "PROXY_COUNT": env.get("PROXY_COUNT"),
        "HSTS_SECONDS": env.get("HSTS_SECONDS"),
        # Background jobs (core.jobs): on this Redis with `flask worker`; unset, they run in-process.
        "REDIS_URL": env.get("REDIS_URL") or None,
        "JOBS_QUEUE": env.get("JOBS_QUEUE", "consult"),
        # Longest life of a value kept for a data version (core.cache).
        "CACHE_SECONDS": env.get("CACHE_SECONDS"),
    }
    production = (overrides or {}).get("ENV_NAME", config["ENV_NAME"]) == "production"
    # One Redis for everything shared between workers: rate limits count there unless told otherwise.
    if "RATELIMIT_STORAGE_URI" not in env and env.get("REDIS_URL"):
        config["RATELIMIT_STORAGE_URI"] = env["REDIS_URL"]
    config["PREFERRED_URL_SCHEME"] = "https" if production else "http"
    config.update(overrides or {})
    config["SQLALCHEMY_DATABASE_URI"] = _with_driver(config["SQLALCHEMY_DATABASE_URI"])
    config["PROXY_COUNT"] = _count(config["PROXY_COUNT"], 1 if production else 0, "PROXY_COUNT")
    config["CACHE_SECONDS"] = _count(config["CACHE_SECONDS"], 60, "CACHE_SECONDS")
    config["HSTS_SECONDS"] = _count(config["HSTS_SECONDS"], 63072000 if production else 0, "HSTS_SECONDS")
    if config["TRUSTED_HOSTS"] is None and not config["SERVER_NAME"] and not production:
        config["TRUSTED_HOSTS"] = list(LOCAL_HOSTS)   # a local run answers only to its own names
    if production:
        if config["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(config["SECRET_KEY"]) < 16:
            raise ConfigError("Refusing to start in production without a real SECRET_KEY.")
        if not config["SERVER_NAME"] and not config["TRUSTED_HOSTS"]:
            raise ConfigError("Refusing to start in production without SERVER_NAME (the public host name, "
                              "e.g. consult.example.tn) or TRUSTED_HOSTS: links would follow the Host header "
                              "any client sends.")
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = True
    return config


def _count(value, default: int, name: str) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if number < 0:
        raise ConfigError(f"{name} must be 0 or more.")
    return number
