"""The refused rows of an import, given back as a file to fix and import again: the same columns,
headed in the user's language, plus why each row was refused (a column the import ignores)."""
from __future__ import annotations

import base64

from consult.core.spreadsheets import csv_bytes
from consult.proposals.importing import COLUMNS, REASONS_COLUMN, ImportReport


def refused_rows_csv(report: ImportReport, language: str) -> bytes | None:
    """CSV (UTF-8 with BOM, formula-safe) of the refused rows, or None when none was refused."""
    refused = [row for row in report.rows if row.outcome == "refused"]
    if not refused:
        return None
    used = {code for row in refused for code in row.cells}
    codes = [code for code in COLUMNS if code in used or code in ("title", "problem", "reform")]
    separator = "؛ " if language == "ar" else "; "
    return csv_bytes([COLUMNS[code][language] for code in codes] + [REASONS_COLUMN[language]],
                     [[row.cells.get(code, "") for code in codes] + [separator.join(row.reasons)] for row in refused],
                     delimiter=";" if language == "fr" else ",")


def refused_rows_link(report: ImportReport, language: str) -> str | None:
    """The file as a data: address for a download link on the report page (nothing is stored)."""
    data = refused_rows_csv(report, language)
    return None if data is None else "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode()
