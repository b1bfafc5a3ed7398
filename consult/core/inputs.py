"""Guards against malformed input, kept in one place so that every view gets them.

- Ids in URLs are bounded to what the database's INTEGER holds (PostgreSQL refuses more, SQLite's
  driver overflows): a larger id is simply a page that does not exist (404).
- Text containing a NUL character cannot be stored by PostgreSQL: such a request gets a 400 with a
  clear message before any view runs, on every backend alike.
- Query-string numbers (page, filters) are read by `int_arg`, which ignores what is not a plain
  number in range instead of failing.
"""
from __future__ import annotations

import click
from flask import request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

MAX_INT = 2**31 - 1   # the largest value of a PostgreSQL INTEGER column (ids, counts)


# A database id given to a command-line option: out of range is a usage error (exit code 2).
CLI_ID = click.IntRange(1, MAX_INT)


class BadInput(BadRequest):
    """A 400 whose message, already translated, tells the user what to change."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: never larger than a database id can be."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def to_int(value: str | None, default: int | None = None, minimum: int = 0,
           maximum: int = MAX_INT) -> int | None:
    """`value` as an int within [minimum, maximum], else `default`. Only ASCII digits count:
    str.isdigit() also accepts '²' or '١', which int() refuses or reads unexpectedly."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and minimum <= int(value) <= maximum:
        return int(value)
    return default


def int_arg(name: str, default: int | None = None, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """The query-string value `name` read by `to_int`."""
    return to_int(request.args.get(name), default, minimum, maximum)


def page_arg() -> int:
    return int_arg("page", 1, minimum=1)


def url_with_args(endpoint: str | None = None, **changes) -> str:
    """This page's URL (or `endpoint`'s) keeping the query string, with `changes` applied.
    The route's own values win over the query string, and query keys that url_for reads as options
    (`_external`, `_scheme`, `_anchor`...) or that name its endpoint are dropped."""
    endpoint = endpoint or request.endpoint or "core.home"
    view_args = request.view_args or {}
    args = {key: value for key, value in request.args.items()
            if not key.startswith("_") and key != "endpoint" and key not in view_args}
    if endpoint == request.endpoint:
        args.update(view_args)
    args.update(changes)
    return url_for(endpoint, **args)


def reject_nul_bytes() -> None:
    """before_request: refuse text that contains a NUL character (uploaded files are not text)."""
    values = [value for _key, value in request.args.items(multi=True)]
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        values += [value for _key, value in request.form.items(multi=True)]
    if any("\x00" in value for value in values):
        raise BadInput(_("What you sent contains an invalid character (a null character). "
                         "Please remove it, for example by typing the text again, and send it again."))
