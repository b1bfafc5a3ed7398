"""The job queue's tests: `rq_queue` points the app at a real Redis (TEST_REDIS_URL, default
redis://127.0.0.1:6379/14) on a queue of its own, and runs that queue's jobs with RQ's worker;
without Redis those tests are skipped (CI has it)."""
from __future__ import annotations

import os
import uuid

import pytest

from consult.core import jobs

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


class RQ:
    def __init__(self, app):
        self.app = app

    @property
    def queue(self):
        with self.app.app_context():
            return jobs._queue()

    def count(self) -> int:
        return self.queue.count

    def work(self) -> None:
        """Run every job waiting on the queue, as `flask worker` does (SimpleWorker, burst mode)."""
        from rq import SimpleWorker
        queue = self.queue
        with self.app.app_context():
            SimpleWorker([queue], connection=queue.connection).work(burst=True, logging_level="WARNING")


@pytest.fixture
def rq_queue(app):
    from redis import Redis
    from redis.exceptions import RedisError
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    saved = {name: app.config.get(name) for name in ("REDIS_URL", "JOBS_QUEUE")}
    app.config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=f"consult-test-{uuid.uuid4().hex[:10]}")
    rq = RQ(app)
    yield rq
    queue = rq.queue
    queue.empty()
    queue.delete(delete_jobs=True)
    app.config.update(saved)


@pytest.fixture(autouse=True)
def _no_threads_left():
    yield
    jobs.wait()


def slow(seconds: float) -> None:
    """A job for the tests: works for a while."""
    import time
    time.sleep(seconds)


def broken() -> None:
    raise ValueError("broken on purpose")
