"""The open-data CSV of a consultation's proposals: the public fields (`services.PUBLIC_FIELDS`,
as `services.public_record` gives them) read as plain rows — no ORM object per proposal — and
written in pieces, so that memory stays bounded whatever the number of rows.

The whole file (no filter) is built once per version of the data and shared by the server's
processes (`core.exports`), with the place of each proposal's line in it. A filtered download
asks the search for its proposals (ids only) and copies their lines from that file, in the
search's order: the same bytes, without reading or writing the text again. When the file of the
current version is not built yet, a filtered download is written from the database as it is read.
"""
from __future__ import annotations

import functools
import hashlib
import mmap
from datetime import timedelta
from pathlib import Path
from typing import Iterator

import numpy as np
from flask import current_app
from sqlalchemy import extract, func, literal, select
from sqlalchemy.orm import aliased

from consult.consultations.models import Axis
from consult.core import exports
from consult.core.extensions import db
from consult.core.spreadsheets import csv_chunks
from consult.proposals import services
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
LINES_PER_PIECE = 1000
CREATED_AT = services.PUBLIC_FIELDS.index("created_at")


@functools.cache
def _merged():
    """The proposal a row is merged into (one alias for every request: the statement is cached)."""
    return aliased(Proposal, name="merged")


def public_rows(filters: services.ProposalFilters, with_id: bool = False):
    """The proposals `services.search` finds (its filters and its order, whatever they are), as
    rows of the public fields in the order of PUBLIC_FIELDS (then the id, `with_id`); never an
    e-mail, phone or account."""
    supports = (select(func.count(Support.id)).where(Support.proposal_id == Proposal.id)
                .correlate(Proposal).scalar_subquery())
    merged = _merged()
    named = {"axis": Axis.code, "workshop": Workshop.code, "merged_into": merged.ref, "supports": supports}
    columns = [named[name] if name in named else getattr(Proposal, name) for name in services.PUBLIC_FIELDS]
    return (services.search(filters).with_only_columns(*columns, *([Proposal.id] if with_id else []))
            .outerjoin_from(Proposal, Axis, Axis.id == Proposal.axis_id)
            .outerjoin(Workshop, Workshop.id == Proposal.workshop_id)
            .outerjoin(merged, merged.id == Proposal.merged_into_id))


def csv_pieces(filters: services.ProposalFilters) -> Iterator[bytes]:
    """The CSV of these proposals, byte for byte as `csv_dict_bytes` of their `public_record`s,
    in pieces. The search is run now; its rows are read a chunk at a time once the pieces are
    asked for, on a connection of their own: the request's transaction ends when its view
    returns, before a streamed response is sent."""
    return csv_chunks(services.PUBLIC_FIELDS, _records(public_rows(filters)))


def _records(statement, ids: list | None = None) -> Iterator[list]:
    """The rows of `public_rows` as CSV cells; with `ids`, the last column (the id) is put there."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # A cursor is planned for its first rows by default (a slow plan for the whole result).
            connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1")
        for row in connection.execution_options(yield_per=ROWS_PER_FETCH).execute(statement):
            cells = list(row)
            if ids is not None:
                ids.append(cells.pop())
            cells[CREATED_AT] = cells[CREATED_AT].isoformat(timespec="seconds")
            yield cells


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
    codes = sorted(db.session.execute(
        select(literal("a"), Axis.id, Axis.code).filter(Axis.consultation_id == consultation_id)
        .union_all(select(literal("w"), Workshop.id, Workshop.code)
                   .filter(Workshop.consultation_id == consultation_id))).all())
    database = current_app.config["SQLALCHEMY_DATABASE_URI"]    # two databases never share a file
    key = f"{database}|{CSV_FORMAT}|{count}|{latest}|{recent}|{voices}|{last_voice}|{codes}"
    return hashlib.sha1(key.encode()).hexdigest()[:20]


# --- the whole file, shared -----------------------------------------------------------------------

def _family(consultation_id: int) -> str:
    return f"proposals-c{consultation_id}"


def _builder(consultation_id: int):
    def build(folder: Path) -> None:
        """proposals.csv, and where each proposal's line is in it: offsets.npy (the end of the
        header, then of each line), ids.npy (the ids in increasing order), lines.npy (the line of each)."""
        ids: list[int] = []
        rows = _records(public_rows(services.ProposalFilters(consultation_id=consultation_id), with_id=True), ids)
        ends, position = [], 0
        with open(folder / "proposals.csv", "wb") as out:
            for piece in csv_chunks(services.PUBLIC_FIELDS, rows, rows_per_chunk=1):
                out.write(piece)
                position += len(piece)
                ends.append(position)
        order = np.argsort(np.asarray(ids, dtype=np.int64), kind="stable")
        np.save(folder / "offsets.npy", np.asarray(ends, dtype=np.int64))
        np.save(folder / "ids.npy", np.asarray(ids, dtype=np.int64)[order])
        np.save(folder / "lines.npy", order.astype(np.int64))
    return build


def whole_file(consultation_id: int):
    """(the open CSV file of all the consultation's visible proposals, its version), built first
    if needed; None if it cannot be kept on disk."""
    return exports.shared_folder(_family(consultation_id), lambda: version(consultation_id),
                                 _builder(consultation_id), lambda folder: open(folder / "proposals.csv", "rb"))


class _Lines:
    """The lines of a built whole file, to copy. Memory-mapped, and kept mapped by each process
    (`_mapped`): its pages are read from disk once, and stay readable once the file is removed."""

    def __init__(self, folder: Path):
        self.ids = np.load(folder / "ids.npy", mmap_mode="r")
        self.lines = np.load(folder / "lines.npy", mmap_mode="r")
        self.offsets = np.load(folder / "offsets.npy", mmap_mode="r")
        with open(folder / "proposals.csv", "rb") as file:
            self.data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)

    def copy(self, ids: list[int]) -> tuple[int, Iterator[bytes]] | None:
        """(length, pieces) of the CSV of these proposals in this order; None if one is not in the file."""
        wanted = np.asarray(ids, dtype=np.int64)
        at = np.searchsorted(self.ids, wanted)
        if len(wanted) and (at.max() >= len(self.ids) or (self.ids[at] != wanted).any()):
            return None
        lines = self.lines[at]
        starts, ends = self.offsets[lines], self.offsets[lines + 1]
        header = int(self.offsets[0])
        return header + int((ends - starts).sum()), self._pieces(header, starts.tolist(), ends.tolist())

    def _pieces(self, header: int, starts: list[int], ends: list[int]) -> Iterator[bytes]:
        view = memoryview(self.data)     # slices of a view copy nothing until joined
        try:
            yield bytes(view[:header])
            for first in range(0, len(starts), LINES_PER_PIECE):
                yield b"".join([view[start:end] for start, end in
                                zip(starts[first:first + LINES_PER_PIECE], ends[first:first + LINES_PER_PIECE])])
        finally:
            view.release()


def _mapped(folder: Path) -> _Lines:
    """The process's mapping of the whole file in `folder` (mapped now if it is new: the
    mappings of the consultation's older versions are let go)."""
    held = current_app.extensions.setdefault("open_data_lines", {})
    if folder not in held:
        lines = _Lines(folder)
        family = folder.name.rsplit("-", 1)[0] + "-"
        for older in [path for path in held if path.parent == folder.parent and path.name.startswith(family)]:
            del held[older]
        held[folder] = lines
    return held[folder]


def copied(consultation_id: int, filters: services.ProposalFilters) -> tuple[int, Iterator[bytes]] | None:
    """(length, pieces) of the filtered CSV copied from the whole file of the current version;
    None when that file is not built yet, or a proposal found was added since (read live then)."""
    shared = exports.shared_folder(_family(consultation_id), lambda: version(consultation_id),
                                   _builder(consultation_id), _mapped, create=False)
    if shared is None:
        return None
    lines, _version = shared
    return lines.copy(db.session.connection().execute(     # plain rows: no ORM loading for ids
        services.search(filters).with_only_columns(Proposal.id)).scalars().all())
