"""Reading an uploaded spreadsheet (XLSX or CSV), with what it may cost bounded before it is read.

One reading path for every upload (proposal import, scoring sheets, progress sheets). A small
file can hold a huge one: an XLSX is a zip, and 400 KB of it can unpack to 45 million empty rows
or one 300 MB string. So, before openpyxl opens anything:
- the zip's members are listed and their unpacked sizes added up (refused above `max_unpacked`);
- only the rows the file holds are read (a row numbered 50,000,000 is one row, not 50 million
  empty ones filled in), at most `max_rows` of them with text, columns up to `max_columns`;
- reading stops after `max_seconds`.
Every refusal is an `UploadError` whose message, translated, tells the user what to do.
"""
from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _


class UploadError(ValueError):
    """The file as a whole cannot be read; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MissingSheet(UploadError):
    """The workbook has no sheet at the place asked for."""


@dataclass(frozen=True)
class Limits:
    max_rows: int = 5_000            # data rows, the header not counted
    max_columns: int = 40
    max_unpacked: int = 25 * 1024 * 1024
    max_seconds: float = 10.0


XLS_SIGNATURE = b"\xd0\xcf\x11\xe0"   # old Excel files and password-protected workbooks


def _damaged() -> UploadError:
    return UploadError(_("This XLSX file is damaged or is not an Excel workbook. Open it in a "
                         "spreadsheet program and save it again as XLSX, or send a CSV file."))


def _too_many_rows(limits: Limits) -> UploadError:
    return UploadError(_("The file has more than %(max)d rows. Split it into files of at most %(max)d "
                         "rows and send them one by one.", max=limits.max_rows))


def cell_text(value) -> str:
    """A cell as the text a person reads in it (12.0 is "12", a date is 2026-05-09)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):   # a date typed in Excel comes back as midnight of that day
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ", "minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _check_archive(data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _damaged() from None
    if sum(member.file_size for member in members) > limits.max_unpacked:
        raise UploadError(_("Once opened, this file is far larger than its size suggests (it holds "
                            "empty rows or very long cells). Copy only the rows you need into a new "
                            "file and send that one."))


class _Clock:
    def __init__(self, limits: Limits):
        self.deadline = time.monotonic() + limits.max_seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise UploadError(_("This file takes too long to read. Copy only the rows you need into a "
                                "new file and send that one."))


def _present_rows(sheet, limits: Limits, clock: _Clock):
    """The rows the sheet's XML holds, with their numbers. openpyxl's own iter_rows fills the gap
    before a row numbered 50,000,000 with empty rows, one by one; the parser does not."""
    from openpyxl.worksheet._reader import WorkSheetParser
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for count, (number, cells) in enumerate(parser.parse(), 1):
            if count % 500 == 0:
                clock.check()
            yield number, sheet._get_row(cells, 1, limits.max_columns, values_only=True)


def _xlsx_rows(data: bytes, limits: Limits, sheet_name: str | None, sheet_index: int = 0):
    from openpyxl import load_workbook
    _check_archive(data, limits)
    clock = _Clock(limits)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        raise _damaged() from None
    try:
        if not workbook.worksheets:
            raise UploadError(_("This workbook has no sheet to read."))
        if sheet_name and sheet_name in workbook.sheetnames:
            sheet = workbook[sheet_name]
        elif sheet_index < len(workbook.worksheets):
            sheet = workbook.worksheets[sheet_index]
        else:
            raise MissingSheet(_("This workbook has no sheet to read."))
        if not hasattr(sheet, "_get_source"):   # a chart sheet
            raise UploadError(_("This workbook has no sheet to read."))
        rows = []
        for number, values in _present_rows(sheet, limits, clock):
            cells = [cell_text(value) for value in values]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                rows.append((number, cells))
                if len(rows) > limits.max_rows + 1:   # the header and max_rows data rows
                    raise _too_many_rows(limits)
        return rows
    except UploadError:
        raise
    except Exception:  # a part of the archive can also turn out broken while rows are read
        raise _damaged() from None
    finally:
        workbook.close()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data:
        raise UploadError(_("This file is not a spreadsheet. Send an XLSX file or a CSV file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UploadError(_("This CSV file is not encoded in UTF-8, so Arabic and accented letters "
                            "would be garbled. In Excel, save it as \"CSV UTF-8\", or send the XLSX file.")) from None


def _csv_rows(data: bytes, limits: Limits):
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in French writes ";" and in English ","; the header line tells which one this file uses.
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            cells = [cell.strip() for cell in row[:limits.max_columns]]
            if any(cells):
                rows.append((number, cells))
                if len(rows) > limits.max_rows + 1:   # the header and max_rows data rows
                    raise _too_many_rows(limits)
    except csv.Error:
        raise UploadError(_("This CSV file could not be read (a cell is too long or badly quoted). "
                            "Check the file or send the XLSX file.")) from None
    return rows


def read_rows(filename: str, data: bytes, limits: Limits = Limits(), sheet_name: str | None = None,
              sheet_index: int = 0) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the file's sheet `sheet_name` (else the one at `sheet_index`, the first
    by default; MissingSheet if there is none) as (number as the spreadsheet numbers it, cell
    texts): the header and at most `limits.max_rows` rows after it. A CSV file has one sheet."""
    if not data or not data.strip():
        raise UploadError(_("The file is empty."))
    if data.startswith(XLS_SIGNATURE):
        raise UploadError(_("This is an old Excel (.xls) or a password-protected file. Save it as XLSX "
                            "without a password, or as CSV UTF-8."))
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _xlsx_rows(data, limits, sheet_name, sheet_index)
    if (filename or "").lower().endswith((".xlsx", ".xlsm")):
        raise _damaged()
    if sheet_index:
        raise MissingSheet(_("This workbook has no sheet to read."))
    return _csv_rows(data, limits)
