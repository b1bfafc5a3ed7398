"""The open-data CSV of a consultation's proposals: the public fields (`services.PUBLIC_FIELDS`,
as `services.public_record` gives them) read as plain rows — no ORM object per proposal — and
written in pieces, so that memory stays bounded whatever the number of rows; and the version of
the data the whole file is kept for (`open_data_file`).
"""
from __future__ import annotations

import functools
import hashlib
from contextlib import contextmanager
from datetime import timedelta
from typing import Iterator

from flask import current_app
from sqlalchemy import extract, func, literal, select
from sqlalchemy.orm import aliased

from consult.consultations.models import Axis
from consult.core.extensions import db
from consult.core.spreadsheets import csv_chunks
from consult.proposals import search, services
from consult.proposals.models import Proposal, Support
from consult.workshops.models import Workshop

# Part of the shared files' version: a change of columns or of their writing builds them anew.
CSV_FORMAT = 1
# A change is seen even if it was committed after a later one (two transactions overlapping):
# the version also sums the times of the changes of the last RECENT before the latest one, and
# counts the voices among the last RECENT_SUPPORTS ids (a voice is saved within its request).
RECENT = timedelta(hours=1)
RECENT_SUPPORTS = 10_000
ROWS_PER_FETCH = 2000
CREATED_AT = services.PUBLIC_FIELDS.index("created_at")
SUPPORTS = services.PUBLIC_FIELDS.index("supports")


@functools.cache
def _merged():
    """The proposal a row is merged into (one alias for every request: the statement is cached)."""
    return aliased(Proposal, name="merged")


def supports_count():
    """A row's number of voices (never who)."""
    return (select(func.count(Support.id)).where(Support.proposal_id == Proposal.id)
            .correlate(Proposal).scalar_subquery())


def public_rows(filters: search.ProposalFilters, *extras):
    """The proposals `search.matching` finds (its filters and its order, whatever they are), as
    rows of the public fields in the order of PUBLIC_FIELDS, then the `extras` columns; never an
    e-mail, phone or account."""
    merged = _merged()
    named = {"axis": Axis.code, "workshop": Workshop.code, "merged_into": merged.ref, "supports": supports_count()}
    columns = [named[name] if name in named else getattr(Proposal, name) for name in services.PUBLIC_FIELDS]
    return (search.matching(filters).with_only_columns(*columns, *extras)
            .outerjoin_from(Proposal, Axis, Axis.id == Proposal.axis_id)
            .outerjoin(Workshop, Workshop.id == Proposal.workshop_id)
            .outerjoin(merged, merged.id == Proposal.merged_into_id))


def csv_pieces(filters: search.ProposalFilters) -> Iterator[bytes]:
    """The CSV of these proposals, byte for byte as `csv_dict_bytes` of their `public_record`s,
    in pieces. The search is run now; its rows are read a chunk at a time once the pieces are
    asked for, on a connection of their own: the request's transaction ends when its view
    returns, before a streamed response is sent."""
    return csv_chunks(services.PUBLIC_FIELDS, records(public_rows(filters)))


@contextmanager
def reading():
    """A connection of its own, for reading many rows."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A cursor is planned for its first rows by default (a slow plan for the whole result).
            connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1")
        yield connection


def records(statement, sink: list | None = None, extras: int = 0) -> Iterator[list]:
    """The rows of `public_rows` as CSV cells. With a `sink`, each row's `extras` last columns,
    then its number of voices, are appended to it as a tuple (and left out of the cells)."""
    with reading() as connection:
        for row in connection.execution_options(yield_per=ROWS_PER_FETCH).execute(statement):
            cells = list(row)
            if sink is not None:
                sink.append((*cells[len(cells) - extras:], cells[SUPPORTS]))
                del cells[len(cells) - extras:]
            cells[CREATED_AT] = cells[CREATED_AT].isoformat(timespec="seconds")
            yield cells


def codes(consultation_id: int) -> str:
    """What the file's lines take from elsewhere: the codes of the axes and workshops (and the
    columns and the way they are written)."""
    rows = sorted(db.session.execute(
        select(literal("a"), Axis.id, Axis.code).filter(Axis.consultation_id == consultation_id)
        .union_all(select(literal("w"), Workshop.id, Workshop.code)
                   .filter(Workshop.consultation_id == consultation_id))).all())
    return f"{CSV_FORMAT}|{services.PUBLIC_FIELDS}|{rows}"


def version(consultation_id: int) -> str:
    """A name that changes whenever anything in the consultation's whole CSV would: its proposals'
    count and latest change (an index-only scan of `ix_proposals_changed`), the changes of the
    last hour before it, the latest voices (of any consultation: a voice has no consultation of
    its own), the codes of its axes and workshops."""
    changed = Proposal.consultation_id == consultation_id
    highest = select(func.coalesce(func.max(Support.id), 0)).scalar_subquery()
    latest_voices = select(func.count(), func.max(Support.id)).filter(Support.id > highest - RECENT_SUPPORTS)
    count, latest, voices, last_voice = db.session.execute(
        select(func.count(), func.max(Proposal.updated_at),
               latest_voices.with_only_columns(func.count()).scalar_subquery(),
               latest_voices.with_only_columns(func.max(Support.id)).scalar_subquery()).filter(changed)).one()
    recent = None
    if latest is not None:
        recent = tuple(db.session.execute(
            select(func.count(), func.sum(extract("epoch", Proposal.updated_at)))
            .filter(changed, Proposal.updated_at >= latest - RECENT)).one())
    database = current_app.config["SQLALCHEMY_DATABASE_URI"]    # two databases never share a file
    key = f"{database}|{count}|{latest}|{recent}|{voices}|{last_voice}|{codes(consultation_id)}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]
