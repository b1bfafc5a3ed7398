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
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "REMEMBER_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "0") == "1",
        "PER_PAGE": 20,
    }
    config.update(overrides or {})
    config["SQLALCHEMY_DATABASE_URI"] = _with_driver(config["SQLALCHEMY_DATABASE_URI"])
    if config["ENV_NAME"] == "production":
        if config["SECRET_KEY"] == DEFAULT_SECRET_KEY or len(config["SECRET_KEY"]) < 16:
            raise ConfigError("Refusing to start in production without a real SECRET_KEY.")
        config["SESSION_COOKIE_SECURE"] = config["REMEMBER_COOKIE_SECURE"] = True
    return config
