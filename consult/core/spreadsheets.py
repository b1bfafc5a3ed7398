"""Cells that leave the system in CSV or XLSX files: one writer for every export.

Text typed by the public is written so that a spreadsheet never runs it as a formula
("=HYPERLINK(...)" in a proposal's title would otherwise be live in Excel). Every export writes
through `write_cell`, `append_row`, `csv_bytes` or `csv_chunks`, so no writer can forget it.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Iterator, Sequence

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(row: dict) -> dict:
    return {key: safe_cell(value) for key, value in row.items()}


def write_cell(sheet, row: int, column: int, value):
    """openpyxl's `sheet.cell(row, column, value)`, a value that looks like a formula kept as text."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        # A string cell: the reader sees the text exactly as typed, and nothing runs.
        cell._value, cell.data_type = value, "s"
    else:
        cell.value = value
    return cell


def append_row(sheet, values: Sequence) -> int:
    """openpyxl's `sheet.append(values)`, through `write_cell`; returns the row number written."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        write_cell(sheet, row, column, value)
    return row


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence], bom: bool = True, delimiter: str = ",",
               rows_per_chunk: int = 500) -> Iterator[bytes]:
    """`csv_bytes` in pieces: the header line first, then `rows_per_chunk` rows at a time (a large
    file is streamed or written without ever being whole in memory). Joined, they are `csv_bytes`."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    escape = safe_cell
    for number, row in enumerate(rows):
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
        writer.writerow([escape(value) for value in row])
    yield buffer.getvalue().encode("utf-8")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence], bom: bool = True, delimiter: str = ",") -> bytes:
    """A CSV file (UTF-8, with a byte-order mark so that Excel reads Arabic) with every cell escaped.
    `delimiter`: Excel in French expects ";"."""
    return b"".join(csv_chunks(header, rows, bom, delimiter))


def csv_dict_bytes(fieldnames: Sequence[str], records: Iterable[dict], bom: bool = True) -> bytes:
    return csv_bytes(fieldnames, ([record.get(name) for name in fieldnames] for record in records), bom)
