"""The shortlist files, opened back and read the way a workshop would: Excel, a CSV, a printed PDF, JSON."""
from __future__ import annotations

import csv
import io
import json
import unicodedata

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from consult.core.languages import LANGUAGES
from consult.shortlist import exports
from tests.factories import make_consultation, make_user
from tests.workshops.conftest import criteria, scenario


def _export(ctx, language, regional=True):
    consultation = make_consultation()
    s = scenario(consultation)
    kef = s.workshops[2]
    workshop = kef if regional else None
    return s, exports.assemble(consultation, workshop, criteria(), s.entries(workshop), language)


def _shortlist_sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header_index = next(i for i, row in enumerate(rows) if row[0] in ("Rank", "الترتيب", "Rang"))
    return rows[:header_index], rows[header_index], rows[header_index + 1:]


def test_xlsx_in_arabic_is_right_to_left_with_frozen_header_and_both_sheets(ctx):
    s, export = _export(ctx, "ar")
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(export)))
    shortlist, proposals = workbook.worksheets
    assert shortlist.sheet_view.rightToLeft and proposals.sheet_view.rightToLeft
    title_block, header, rows = _shortlist_sheet_rows(shortlist)
    # The title block names the consultation and the workshop (region and date).
    block = " ".join(str(cell) for row in title_block for cell in row if cell)
    assert "استشارة خطة العمل الوطنية الخامسة" in block and "الكاف" in block and "2023-05-09" in block
    # Headers in Arabic, one column per criterion, frozen just below the header row.
    assert header[:2] == ("الترتيب", "الموضوع")
    assert "قابل للقياس" in header and "التأثير المحتمل" in header
    header_row = len(title_block) + 1
    assert shortlist.freeze_panes == f"A{header_row + 1}"
    assert [row[1] for row in rows] == ["نشر ميزانيات البلديات", "مجالس الشباب المحلية"]
    assert rows[0][0] == 1 and rows[0][header.index("قابل للقياس")] == pytest.approx(3.1)
    kef_refs = {p.ref for p in s.proposals if p.workshop_id == s.workshops[2].id}
    assert set(" ".join(row[-1] for row in rows).split()) == kef_refs
    assert shortlist.column_dimensions["B"].width >= 30
    # The second sheet lists the proposals with their public fields.
    _block, proposal_header, proposal_rows = _shortlist_sheet_rows(proposals)
    assert {row[1] for row in proposal_rows} == kef_refs
    assert all(row[4] == "الكاف" for row in proposal_rows)     # region, by name


def test_xlsx_in_french_reads_left_to_right_with_french_headers(ctx):
    _s, export = _export(ctx, "fr")
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(export)))
    shortlist = workbook.worksheets[0]
    assert not shortlist.sheet_view.rightToLeft
    _block, header, rows = _shortlist_sheet_rows(shortlist)
    assert header[0] == "Rang" and "Mesurable" in header and "Total pondéré" in header
    assert rows[0][1] == "Publier les budgets municipaux"
    assert rows[0][header.index("Régions")] == "Le Kef"


def test_csv_has_a_byte_order_mark_and_arabic_text(ctx):
    _s, export = _export(ctx, "ar", regional=False)
    data = exports.to_csv(export)
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "الترتيب" and "الوضوح" in rows[0]
    budget = rows[1]
    assert budget[1] == "نشر ميزانيات البلديات"
    # The whole consultation: the open-budget theme came from the three regions.
    regions = budget[rows[0].index("الجهات")]
    assert all(name in regions for name in ("قفصة", "القيروان", "الكاف"))
    assert len(budget[-1].split()) == 3


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


def _words_present(text: str, phrase: str) -> bool:
    """Extracted Arabic may come out with its letters or words reversed: accept either order."""
    squeezed = "".join(text.split())
    return all(word in squeezed or word[::-1] in squeezed for word in phrase.split())


def test_pdf_is_a4_and_carries_the_arabic_labels(ctx):
    s, export = _export(ctx, "ar")
    data = exports.to_pdf(export)
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert sorted((round(float(box.width)), round(float(box.height)))) == [595, 842]   # A4, in points
    text = _pdf_text(data)
    assert _words_present(text, "نشر ميزانيات البلديات")
    assert _words_present(text, "مجالس الشباب المحلية")
    assert _words_present(text, "التأثير المحتمل")
    assert all(p.ref in text for p in s.proposals if p.workshop_id == s.workshops[2].id)
    assert len(reader.pages) >= 2          # the shortlist, then the proposals section


def test_pdf_in_french_has_french_headers(ctx):
    _s, export = _export(ctx, "fr")
    text = " ".join(_pdf_text(exports.to_pdf(export)).split())   # table cells wrap their text
    assert "Publier les budgets municipaux" in text and "Total pondéré" in text


def test_json_keeps_codes_and_gives_labels_in_the_chosen_language(ctx):
    s, export = _export(ctx, "en", regional=False)
    data = json.loads(exports.to_json(export))
    assert data["language"] == "en" and data["workshop"] is None
    first = data["shortlist"][0]
    assert first["label"] == "Publish municipal budgets" and first["rank"] == 1
    assert set(first["scores"]) == {"specific", "measurable", "answerable", "relevant", "time_bound", "impact"}
    assert sorted(first["regions"]) == ["gafsa", "kairouan", "kef"]
    assert {p["ref"] for p in data["proposals"]} == {p.ref for p in s.proposals}


def test_no_personal_data_in_any_format(ctx):
    consultation = make_consultation()
    s = scenario(consultation)          # one proposal carries its author's e-mail
    facilitator = make_user("facilitator", email="facilitator.private@example.org")
    for workshop in s.workshops:
        workshop.facilitators = [facilitator]
    for workshop in (s.workshops[0], None):
        for language in LANGUAGES:
            export = exports.assemble(consultation, workshop, criteria(), s.entries(workshop), language)
            for fmt in exports.FORMATS:
                data = exports.render(export, fmt)
                if fmt == "xlsx":
                    workbook = load_workbook(io.BytesIO(data))
                    text = " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True)
                                    for c in row if c is not None)
                elif fmt == "pdf":
                    text = _pdf_text(data)
                else:
                    text = data.decode("utf-8-sig")
                for secret in ("author.secret@example.org", "facilitator.private@example.org", "@example.org",
                               facilitator.name):
                    assert secret not in text, (fmt, language, secret)


def test_unknown_format_or_language_is_refused(ctx):
    _s, export = _export(ctx, "ar")
    with pytest.raises(ValueError):
        exports.render(export, "docx")
    consultation = make_consultation()
    with pytest.raises(ValueError):
        exports.assemble(consultation, None, criteria(), [], "de")


def test_an_empty_shortlist_still_gives_files_that_open(ctx):
    consultation = make_consultation()
    for language in ("ar", "fr"):
        export = exports.assemble(consultation, None, criteria(), [], language)
        assert load_workbook(io.BytesIO(exports.to_xlsx(export))).worksheets[0].max_row >= 5
        assert len(list(csv.reader(io.StringIO(exports.to_csv(export).decode("utf-8-sig"))))) == 1
        assert json.loads(exports.to_json(export))["shortlist"] == []
        text = " ".join(_pdf_text(exports.to_pdf(export)).split())
        assert ("Aucun thème n'est encore retenu." in text) if language == "fr" else _words_present(text, "لم يتمّ")
