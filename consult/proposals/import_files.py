"""Reading a workshop's spreadsheet (XLSX or CSV) into rows of text cells, all or nothing.

A file that cannot be read raises ImportFileError with a message saying why, in the user's language;
what the rows say is judged in `importing`.
"""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _

MAX_COLUMNS = 60            # cells read per row: a sheet with formatting to column XFD reads fast


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).strip()


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ImportFileError(_("This file is not a spreadsheet. Send an XLSX file or a CSV file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("This CSV file is not encoded in UTF-8, so Arabic and accented letters "
                                "would be garbled. In Excel, save it as \"CSV UTF-8\", or send the XLSX file.")) from None


def _csv_rows(data: bytes):
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    # Excel in French writes ";" and in English ","; the header line tells which one this file uses.
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1):
            yield number, [cell.strip() for cell in row[:MAX_COLUMNS]]
    except csv.Error:
        raise ImportFileError(_("This CSV file could not be read (a cell is too long or badly quoted). "
                                "Check the file or send the XLSX file.")) from None


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key errors) for a damaged file
        raise ImportFileError(_("This XLSX file is damaged or is not an Excel workbook. Open it in a "
                                "spreadsheet program and save it again as XLSX, or send a CSV file.")) from None
    try:
        sheet = workbook.worksheets[0]   # the proposals; the template's second sheet lists the values
        sheet.reset_dimensions()         # the size written in the file may be wrong: read every row
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        for number, row in enumerate(rows, 1):
            yield number, [_cell_text(value) for value in row]
    except Exception:  # a part of the archive can also turn out broken while rows are read
        raise ImportFileError(_("This XLSX file is damaged or is not an Excel workbook. Open it in a "
                                "spreadsheet program and save it again as XLSX, or send a CSV file.")) from None
    finally:
        workbook.close()


def rows(filename: str, data: bytes):
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    name = (filename or "").lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("This is an old Excel (.xls) or a password-protected file. Save it as XLSX "
                                "without a password, or as CSV UTF-8."))
    if zipfile.is_zipfile(io.BytesIO(data)):
        return _xlsx_rows(data)
    if name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(_("This XLSX file is damaged or is not an Excel workbook. Open it in a "
                                "spreadsheet program and save it again as XLSX, or send a CSV file."))
    return _csv_rows(data)
