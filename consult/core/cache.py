"""A shared cache for what a public page computes from many rows (the consultation in numbers,
the themes overview and its map), so that at 100,000 proposals each visit does not count them
again.

`versioned(name, version, build)` keeps a value under the version of the data it was computed
from: a feature passes something that changes whenever that data changes (e.g. the latest
`updated_at` of a consultation's proposals, one index seek), so a change shows at the next
request. Entries also expire after CACHE_SECONDS, which bounds the memory and heals the rare
case a version misses (a transaction that commits after a later one). On Redis (REDIS_URL) the
workers share one cache; without it each process keeps its own. If Redis fails, the value is
computed as if nothing were cached, never a 500.
"""
from __future__ import annotations

import hashlib
import logging

from flask import current_app
from flask_caching import Cache

log = logging.getLogger(__name__)

cache = Cache()

CACHE_SECONDS = 60


def init_cache(app) -> None:
    config = {"CACHE_DEFAULT_TIMEOUT": app.config.get("CACHE_SECONDS") or CACHE_SECONDS,
              # Two databases (a test run, the demo) never read each other's values.
              "CACHE_KEY_PREFIX": "consult:" + hashlib.sha1(
                  app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:10] + ":"}
    if app.config.get("REDIS_URL"):
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=app.config["REDIS_URL"])
    else:
        config.update(CACHE_TYPE="SimpleCache", CACHE_THRESHOLD=500)
    cache.init_app(app, config=config)


def versioned(name: str, version, build, timeout: int | None = None):
    """The value of `build()` for this version of the data, computed once per version. One entry
    per name, holding its version: a new version replaces the old value instead of leaving it
    behind until it expires. `timeout`: seconds this entry may live (default CACHE_SECONDS)."""
    version = repr(version)
    try:
        kept = cache.get(name)
    except Exception:  # noqa: BLE001 - an unreachable cache must not take the page down
        log.warning("cache unreachable: computing %s", name, exc_info=True)
        return build()
    if kept is not None and kept[0] == version:
        return kept[1]
    value = build()
    try:
        cache.set(name, (version, value), timeout=timeout)
    except Exception:  # noqa: BLE001 - the value is computed: it is served, only not kept
        log.warning("cache unreachable: %s not kept", name, exc_info=True)
    return value


def clear() -> None:
    if current_app.extensions.get("cache"):
        cache.clear()
