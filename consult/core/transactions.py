"""One commit point per request (and per command or job), side effects after it.

Every view runs inside `one_transaction`: services only flush; if the view returns a success to
a POST the session is committed once, otherwise (an error page, a refusal, an exception) every
change is rolled back. GET requests never write: a GET that flushed a change is a bug, raised in
tests and logged in production, and rolled back. A GET that wrote nothing ends with a commit,
which changes nothing but keeps the connection's prepared statements: psycopg drops them all on
every rollback, and on PostgreSQL the proposal page's joined query costs more to plan (3–4 ms)
than to run (0.4 ms).

Side effects that must not happen unless the change is saved (an e-mail, a background job, an
index refresh) are queued with `after_commit(callback)` and run once the commit succeeded.
Commands and jobs call `commit()` themselves.
"""
from __future__ import annotations

import logging
from functools import wraps
from typing import Callable

from flask import Flask, current_app, g, request
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.core.extensions import db

log = logging.getLogger(__name__)
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WriteOnRead(RuntimeError):
    """A GET request changed the database."""


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` after the current transaction commits (dropped if it rolls back)."""
    g.setdefault("_after_commit", []).append(callback)


def commit() -> None:
    db.session.commit()
    callbacks, g._after_commit = g.pop("_after_commit", []), []
    for callback in callbacks:
        try:
            callback()
        except Exception:  # a side effect failing must not undo (or hide) what was saved
            log.exception("an after-commit action failed")


def rollback() -> None:
    db.session.rollback()
    g.pop("_after_commit", None)


def _mark_written() -> None:
    try:
        g._wrote = True
    except RuntimeError:  # no app context (a script using the models directly)
        pass


def flush_or_saved_by_twin(find_saved):
    """Flush a new row that carries a one-use token (a rendered form's), or return the row of the
    same form's other request: when a double click reaches two workers, the second insert breaks
    the unique token, the database having made it wait for the first's commit. The failed flush
    leaves the transaction unusable, so it is undone whole (the insert must be the first change
    of its request); `find_saved()` then reads the other request's row. None when flushed."""
    try:
        db.session.flush()
    except IntegrityError:
        rollback()
        saved = find_saved()
        if saved is None:
            raise
        return saved
    return None


@event.listens_for(Session, "after_flush")
def _note_write(session, flush_context) -> None:
    if session.new or session.dirty or session.deleted:
        _mark_written()


@event.listens_for(Session, "do_orm_execute")
def _note_statement_write(state) -> None:
    """An insert, update or delete statement run through the session writes without a flush."""
    if state.is_insert or state.is_update or state.is_delete:
        _mark_written()


def one_transaction(view):
    @wraps(view)
    def handled(*args, **kwargs):
        g._wrote = False
        try:
            response = current_app.make_response(view(*args, **kwargs))
        except BaseException:
            rollback()
            raise
        if request.method in READ_ONLY_METHODS:
            wrote = g._wrote or db.session.new or db.session.dirty or db.session.deleted
            if wrote:
                rollback()
                message = f"GET {request.path} ({request.endpoint}) wrote to the database"
                if current_app.testing:
                    raise WriteOnRead(message)
                log.error(message)
            else:
                db.session.commit()   # nothing to save: see the module's docstring
                g.pop("_after_commit", None)
        elif response.status_code < 400:
            commit()
        else:
            rollback()
        return response
    return handled


def wrap_views(app: Flask) -> None:
    """Put every view of `app` inside one transaction (call once all blueprints are registered)."""
    for endpoint, view in list(app.view_functions.items()):
        if not getattr(view, "_one_transaction", False):
            wrapped = one_transaction(view)
            wrapped._one_transaction = True
            app.view_functions[endpoint] = wrapped
