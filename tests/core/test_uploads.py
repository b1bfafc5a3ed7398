"""One reading path for uploaded spreadsheets, with what a file may cost bounded before reading."""
from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from consult.core import uploads
from consult.core.uploads import Limits, UploadError, read_rows


def _xlsx(*rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The same workbook with its first sheet's XML changed by `change(xml) -> xml`."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, change(body) if info.filename == "xl/worksheets/sheet1.xml" else body)
    return buffer.getvalue()


@pytest.fixture
def french(app):
    with app.test_request_context("/?lang=fr"):
        yield


def test_rows_keep_their_spreadsheet_numbers_and_skip_empty_ones(french):
    data = _xlsx(["title", "problem"], ["Budget ouvert", "Opacité"], [], ["Eau", 12.0])
    assert read_rows("p.xlsx", data) == [(1, ["title", "problem"]), (2, ["Budget ouvert", "Opacité"]),
                                         (4, ["Eau", "12"])]


def test_a_row_numbered_fifty_million_is_read_at_once(french, monkeypatch):
    data = _rewrite_sheet(_xlsx(["title"], ["a"]), lambda xml: xml.replace(b'r="2"', b'r="50000000"')
                          .replace(b'r="A2"', b'r="A50000000"'))
    # Only the rows the file holds are built, not the 49,999,998 empty ones before the last.
    built = []
    real_present_rows = uploads._present_rows

    def present_rows(*args):
        for row in real_present_rows(*args):
            built.append(row[0])
            yield row
    monkeypatch.setattr(uploads, "_present_rows", present_rows)
    assert read_rows("p.xlsx", data) == [(1, ["title"]), (50_000_000, ["a"])]
    assert built == [1, 50_000_000]


def test_a_file_that_unpacks_to_millions_of_empty_rows_is_refused_before_reading(french):
    empty_rows = b"<row/>" * 5_000_000   # 30 MB unpacked, 30 KB packed
    data = _rewrite_sheet(_xlsx(["title"]), lambda xml: xml.replace(b"<sheetData>", b"<sheetData>" + empty_rows)
                          .replace(b"<sheetData/>", b"<sheetData>" + empty_rows + b"</sheetData>"))
    assert len(data) < 4 * 1024 * 1024   # small enough to pass the upload size limit
    with pytest.raises(UploadError, match="plus grand"):
        read_rows("p.xlsx", data)


def test_too_many_rows_are_refused_with_the_limit_named(french):
    data = _xlsx(["title"], *[[f"row {n}"] for n in range(12)])
    with pytest.raises(UploadError, match="10"):
        read_rows("p.xlsx", data, Limits(max_rows=10))
    assert len(read_rows("p.xlsx", data, Limits(max_rows=12))) == 13


@pytest.mark.parametrize("data, name", [
    (b"PK\x03\x04 not really a zip", "p.xlsx"), (b"", "p.csv"), (b"   ", "p.csv"),
    (b"\xd0\xcf\x11\xe0 old excel", "p.xls"), (b"\x00\x01\x02", "p.csv"), ("é".encode("latin-1") * 3, "p.csv"),
])
def test_broken_files_get_a_clear_message(french, data, name):
    with pytest.raises(UploadError) as refused:
        read_rows(name, data)
    assert refused.value.message and "Traceback" not in refused.value.message


def test_broken_xml_inside_a_workbook_is_a_clear_refusal(french):
    data = _rewrite_sheet(_xlsx(["title"], ["a"]), lambda xml: xml[: len(xml) // 2])
    with pytest.raises(UploadError, match="endommagé"):
        read_rows("p.xlsx", data)


def test_csv_in_french_excel_is_read(french):
    assert read_rows("p.csv", "titre;problème\nBudget;Opacité\n".encode("utf-8-sig")) == [
        (1, ["titre", "problème"]), (2, ["Budget", "Opacité"])]
