"""Reading a workshop's spreadsheet (XLSX or CSV) into rows of text cells, all or nothing.

The reading itself is the platform's one bounded path (`consult.core.uploads`); a file that
cannot be read raises ImportFileError with a message saying why, in the user's language. What the
rows say is judged in `importing`.
"""
from __future__ import annotations

from consult.core.errors import Refused
from consult.core.uploads import Limits, UploadError, read_rows

MAX_COLUMNS = 60            # cells read per row: a sheet with formatting to column XFD reads fast
# One row more than the import takes, so that `importing` says "more than 5000 proposals" itself.
LIMITS = Limits(max_rows=5001, max_columns=MAX_COLUMNS)


class ImportFileError(Refused):
    """The file as a whole cannot be imported; the message says why, in the user's language."""


def rows(filename: str, data: bytes) -> list[tuple[int, list[str]]]:
    """The non-empty rows of the file's first sheet, as (number, cell texts)."""
    try:
        return read_rows(filename, data, LIMITS)
    except UploadError as error:
        raise ImportFileError(error.message) from None
