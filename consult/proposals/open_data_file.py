"""The whole open-data CSV of a consultation (no filter), kept on disk for each version of the
data and shared by the server's processes (`core.exports`), with the place of each proposal's
line in it.

- Sent from disk as it is (with an ETag) while the data does not change.
- A filtered download asks the search for its proposals (ids only) and copies their lines from
  it, in the search's order: the same bytes, without reading or writing the text again.
- A new version is written from the previous one: only the lines of the proposals changed since
  (a later `updated_at`, another number of voices, or new) are read from the database and
  written again; the others are copied. Without a previous version (or with other axis or
  workshop codes, or too many changes) every line is written.
"""
from __future__ import annotations

import mmap
from datetime import datetime, timedelta
from pathlib import Path
from typing import Iterator

import numpy as np
from flask import current_app

from consult.core import exports
from consult.core.extensions import db
from consult.core.spreadsheets import csv_chunks
from consult.proposals import open_data, search, services
from consult.proposals.models import Proposal

LINES_PER_PIECE = 1000
IDS_PER_QUERY = 500      # an IN list SQLite accepts whatever its version
# Beyond this many changed lines, the file is written anew (the changed ones are held in memory).
PATCH_MAX = 20_000
EPOCH, MICROSECOND = datetime(1970, 1, 1), timedelta(microseconds=1)


def _stamps(moments: list[datetime], supports: list[int]) -> np.ndarray:
    """What each line depends on that changes: its proposal's last change (µs) and its voices."""
    micros = [(moment - EPOCH) // MICROSECOND for moment in moments]
    return np.column_stack([np.asarray(micros, dtype=np.int64),
                            np.asarray(supports, dtype=np.int64)]).reshape(len(moments), 2)


def _family(consultation_id: int) -> str:
    return f"proposals-c{consultation_id}"


class _Lines:
    """A built whole file and its index. Memory-mapped, and kept mapped by each process
    (`_mapped`): its pages are read from disk once, and stay readable once the file is removed.

    offsets.npy: where the header ends, then each line; ids.npy: the ids in increasing order;
    lines.npy: the line of each; stamps.npy: the `_stamps` of each; codes.txt: `open_data.codes`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.ids = np.load(folder / "ids.npy", mmap_mode="r")
        self.lines = np.load(folder / "lines.npy", mmap_mode="r")
        self.offsets = np.load(folder / "offsets.npy", mmap_mode="r")
        with open(folder / "proposals.csv", "rb") as file:
            self.data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)

    def find(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index in self.ids, found) of each id."""
        if not len(self.ids):
            return np.zeros(len(ids), dtype=np.int64), np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return at, self.ids[at] == ids

    def copy(self, ids: list[int]) -> tuple[int, Iterator[bytes]] | None:
        """(length, pieces) of the CSV of these proposals in this order; None if one is not in the file."""
        at, found = self.find(np.asarray(ids, dtype=np.int64))
        if not found.all():
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
        for older in [path for path in list(held) if path.parent == folder.parent and path.name.startswith(family)]:
            held.pop(older, None)
        held[folder] = lines
    return held[folder]


def _built(consultation_id: int) -> list[Path]:
    """The consultation's built versions, newest first (only the current one, but for a moment)."""
    root = exports.exports_folder()
    folders = [path for path in root.glob(f"{_family(consultation_id)}-*") if path.is_dir()] if root.is_dir() else []
    return sorted(folders, key=lambda path: path.stat().st_mtime, reverse=True)


# --- building a version ----------------------------------------------------------------------------

def _save_index(folder: Path, ids, stamps, ends) -> None:
    ids = np.asarray(ids, dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    np.save(folder / "offsets.npy", np.asarray(ends, dtype=np.int64))
    np.save(folder / "ids.npy", ids[order])
    np.save(folder / "lines.npy", order.astype(np.int64))
    np.save(folder / "stamps.npy", stamps[order])


def _write_all(folder: Path, whole: search.ProposalFilters) -> None:
    sink: list[tuple] = []
    rows = open_data.records(open_data.public_rows(whole, Proposal.id, Proposal.updated_at), sink, extras=2)
    ends, position = [], 0
    with open(folder / "proposals.csv", "wb") as out:
        for piece in csv_chunks(services.PUBLIC_FIELDS, rows, rows_per_chunk=1):
            out.write(piece)
            position += len(piece)
            ends.append(position)
    _save_index(folder, [row[0] for row in sink], _stamps([row[1] for row in sink], [row[2] for row in sink]), ends)


def _written_lines(whole: search.ProposalFilters, ids: list[int]) -> dict[int, tuple[bytes, np.ndarray]]:
    """{id: (its line, its stamp)} for these proposals (those hidden meanwhile are left out)."""
    written = {}
    for first in range(0, len(ids), IDS_PER_QUERY):
        sink: list[tuple] = []
        statement = open_data.public_rows(whole, Proposal.id, Proposal.updated_at).filter(
            Proposal.id.in_(ids[first:first + IDS_PER_QUERY]))
        pieces = list(csv_chunks(services.PUBLIC_FIELDS, open_data.records(statement, sink, extras=2),
                                 rows_per_chunk=1))[1:]      # without the header
        stamps = _stamps([row[1] for row in sink], [row[2] for row in sink])
        written.update((row[0], (piece, stamp)) for piece, row, stamp in zip(pieces, sink, stamps))
    return written


def _write_from(previous: _Lines, folder: Path, whole: search.ProposalFilters) -> bool:
    """Write the new version from `previous`; False (nothing kept) when too much changed."""
    with open_data.reading() as connection:
        current = connection.execute(search.matching(whole).with_only_columns(
            Proposal.id, Proposal.updated_at, open_data.supports_count())).all()
    ids = np.fromiter((row[0] for row in current), dtype=np.int64, count=len(current))
    stamps = _stamps([row[1] for row in current], [row[2] for row in current])
    at, found = previous.find(ids)
    same = found.copy()
    if found.any():
        same &= (np.load(previous.folder / "stamps.npy")[at] == stamps).all(axis=1)
    changed = ids[~same].tolist()
    if len(changed) > PATCH_MAX:
        return False
    written = _written_lines(whole, changed)
    if len(written) != len(changed):
        return False
    lines, offsets, data = previous.lines[at], previous.offsets, previous.data
    # Pieces: a changed line alone, or lines that follow one another in the previous file.
    starts = ~same | np.r_[True, ~same[:-1]] | np.r_[True, np.diff(lines) != 1] if len(ids) else same
    bounds = np.r_[np.flatnonzero(starts), len(ids)].tolist()
    header = int(offsets[0])
    ends, position = [header], header
    with open(folder / "proposals.csv", "wb") as out:
        out.write(data[:header])
        for first, after in zip(bounds[:-1], bounds[1:]):
            if same[first]:
                begin, end = int(offsets[lines[first]]), int(offsets[lines[after - 1] + 1])
                out.write(data[begin:end])
                ends.extend((offsets[lines[first] + 1:lines[after - 1] + 2] - begin + position).tolist())
                position += end - begin
            else:
                line, stamps[first] = written[int(ids[first])]
                out.write(line)
                position += len(line)
                ends.append(position)
    _save_index(folder, ids, stamps, ends)
    return True


def _builder(consultation_id: int):
    def build(folder: Path) -> None:
        whole = search.ProposalFilters(consultation_id=consultation_id)
        codes = open_data.codes(consultation_id)
        previous = next((path for path in _built(consultation_id)
                         if (path / "codes.txt").is_file() and (path / "codes.txt").read_text() == codes), None)
        if previous is None or not _write_from(_Lines(previous), folder, whole):
            _write_all(folder, whole)
        (folder / "codes.txt").write_text(codes)
    return build


# --- reading it --------------------------------------------------------------------------------------

def whole_file(consultation_id: int):
    """(the open CSV file of all the consultation's visible proposals, its version), built first
    if needed; None if it cannot be kept on disk."""
    return exports.shared_folder(_family(consultation_id), lambda: open_data.version(consultation_id),
                                 _builder(consultation_id), lambda folder: open(folder / "proposals.csv", "rb"))


def copied(consultation_id: int, filters: search.ProposalFilters) -> tuple[int, Iterator[bytes]] | None:
    """(length, pieces) of the filtered CSV copied from the whole file of the current version
    (written first from the previous version, if there is one); None when there is none yet, or
    a proposal found was added since (the caller reads from the database then)."""
    shared = exports.shared_folder(_family(consultation_id), lambda: open_data.version(consultation_id),
                                   _builder(consultation_id), _mapped, create=bool(_built(consultation_id)))
    if shared is None:
        return None
    lines, _version = shared
    return lines.copy(db.session.connection().execute(     # plain rows: no ORM loading for ids
        search.matching(filters).with_only_columns(Proposal.id)).scalars().all())
