"""Rate limits count once for all workers (finding 9 of issue 13): with REDIS_URL set, every
gunicorn worker counts in the same Redis, so a 4-per-minute limit lets 4 submissions through,
not 4 per worker. The workers here are two forked processes, as gunicorn makes them."""
import multiprocessing
import os
import uuid

import pytest
import redis

from consult import create_app
from consult.core.config import load_config
from consult.core.extensions import db, limiter
from tests.factories import make_consultation, proposal_form

REDIS = "redis://127.0.0.1:6379/15"


def redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def server(app, monkeypatch):
    """The app as `gunicorn` loads it with REDIS_URL set (its own key prefix, so that nothing else
    kept in that Redis is touched)."""
    def build(redis_url):
        monkeypatch.setenv("REDIS_URL", redis_url)
        monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
        return create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "TESTING": True,
                           "WTF_CSRF_ENABLED": False, "SUBMISSION_RATE_LIMIT": "4 per minute",
                           "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": f"consult-test-{uuid.uuid4().hex}",
                                                         "socket_connect_timeout": 1}})
    options = dict(limiter._storage_options)
    yield build
    try:
        limiter.reset()   # only this test's keys (its prefix)
    except redis.RedisError:
        pass
    # The one limiter counts for the app it was last bound to: give it back to the tests' app.
    limiter._storage_options.clear()
    limiter._storage_options.update(options)
    limiter.init_app(app)
    limiter.enabled = False


def _worker(server, url, forms, answer):
    """One worker process: forget the parent's database connections, send its submissions."""
    try:
        with server.app_context():
            db.engine.dispose(close=False)
        with server.test_client() as client:
            answer.send([client.post(url, data=form).status_code for form in forms])
    except BaseException as error:
        answer.send([repr(error)])
    finally:
        answer.close()
        os._exit(0)


@pytest.mark.skipif(not redis_is_up(), reason="no Redis on 127.0.0.1:6379")
def test_two_workers_share_one_count_in_redis(ctx, server):
    consultation = make_consultation()
    shared = server(REDIS)
    url = f"/consultations/{consultation.id}/propose"
    fork = multiprocessing.get_context("fork")
    pipes = [fork.Pipe(duplex=False) for _ in range(2)]
    workers = [fork.Process(target=_worker, args=(shared, url, [proposal_form(consultation) for _ in range(4)],
                                                  sender)) for _receiver, sender in pipes]
    for worker in workers:
        worker.start()
    statuses = []
    for receiver, _sender in pipes:
        assert receiver.poll(60), "a worker did not answer within a minute"
        statuses += receiver.recv()
    for worker in workers:
        worker.join(timeout=10)
    assert sorted(statuses, key=str) == [302] * 4 + [429] * 4


def test_redis_url_is_where_limits_count_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert load_config()["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert load_config()["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://limits.internal:6379/2")
    assert load_config()["RATELIMIT_STORAGE_URI"] == "redis://limits.internal:6379/2"


def test_redis_down_the_limits_fall_back_and_nothing_fails(ctx, server):
    consultation = make_consultation()
    down = server("redis://127.0.0.1:1/0")
    with down.test_client() as client:
        statuses = [client.post(f"/consultations/{consultation.id}/propose",
                                data=proposal_form(consultation)).status_code for _ in range(5)]
    assert statuses == [302] * 4 + [429]   # counted in memory meanwhile, never a 500
