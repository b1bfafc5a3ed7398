"""gunicorn's settings, read from the working directory by `gunicorn wsgi:app` (make run, the
benchmarks).

The application and the sentence encoder's weights (about 150 MB of numpy arrays) are loaded
once, in the master process, before the workers fork: the workers share those pages (they are
only ever read) instead of each loading its own copy, and no worker meets its first
submission or similar lookup cold (8 s, more than the request timeout on busy cores)."""
import os

preload_app = True


def when_ready(server):
    # After the application is loaded, before the first worker forks. Tests and benchmarks that
    # use the fake encoder set CONSULT_PRELOAD_ENCODER=0.
    if os.environ.get("CONSULT_PRELOAD_ENCODER", "1") != "0":
        try:
            from consult.clustering.algorithms.encoder import default_encoder
            default_encoder().encode(["warm-up"])
        except Exception:  # noqa: BLE001 - the site serves without it (search by words, embedding later)
            server.log.exception("could not load the sentence encoder; the workers will try on first use")


def post_fork(server, worker):
    # Connections the master may have opened (none is expected) are never shared by two processes.
    from consult.core.extensions import db
    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
