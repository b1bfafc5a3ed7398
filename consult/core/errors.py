"""One way to refuse: a change refused for a reason the person can read, with its HTTP status.

Services raise `Refused` (or a feature's subclass of it) with a message already translated. A view
that wants its own page shown again with the reason returns `refused(error, page, ...)`; any other
`Refused` reaches the one handler (`core.setup.init_errors`), which answers with the error page or,
for the API, JSON. Either way the request's changes are rolled back before anything is rendered,
so that the page shows what is saved, not what was refused.
"""
from __future__ import annotations

from typing import Callable

from flask import flash

from consult.core import transactions


class Refused(ValueError):
    """A request refused for a reason the person can read (already translated)."""

    status = 400

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


def refused(error: Refused, page: Callable, *args, **kwargs):
    """The page the request came from, drawn again by `page(*args, **kwargs)` with the reason shown
    above it, and the error's status; nothing of the request is saved."""
    transactions.rollback()
    flash(error.message, "error")
    return page(*args, **kwargs), error.status
