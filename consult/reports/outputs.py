"""The report's downloads: PDF (A4, WeasyPrint through core.pdf) and DOCX (python-docx, for the
ministries that edit in Word), both from the same laid-out `Document`.

In the DOCX, every Arabic paragraph is right to left (w:bidi) with right-to-left runs (w:rtl) and
an Arabic-capable complex-script font; in an Arabic document the tables are right to left too
(w:bidiVisual), so that their first column is on the right as in seeds 002 and 004.
"""
from __future__ import annotations

import io

from consult.core.pdf import render_pdf
from consult.reports.blocks import Document, Text

FORMATS = ("pdf", "docx")
MIMETYPES = {"pdf": "application/pdf",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
ARABIC_FONT = "Arial"           # present in every Word; shapes Arabic (complex script)
LATIN_FONT = "Calibri"


def to_pdf(document: Document) -> bytes:
    return render_pdf("reports/self_assessment_pdf.html", "reports/self_assessment.css", document.language,
                      document=document)


# --- DOCX ----------------------------------------------------------------------------------------------

# The schema's order of the children these properties hold (Word refuses a file whose children
# are out of order): an element is inserted before the first of those that must follow it.
_AFTER = {
    "w:bidi@pPr": ("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                   "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
                   "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                   "w:pPrChange"),
    "w:bidiVisual": ("w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing",
                     "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                     "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
    "w:bidi@sectPr": ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"),
    "w:szCs": ("w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl",
               "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:lang": ("w:eastAsianLayout", "w:specVanish", "w:oMath"),
}


def _insert(parent, tag: str, key: str | None = None):
    """Add an empty `tag` to `parent` at its place in the schema's order (once)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    existing = parent.find(qn(tag))
    if existing is not None:
        return existing
    element = OxmlElement(tag)
    parent.insert_element_before(element, *_AFTER[key or tag])
    return element


def _set_rtl_paragraph(paragraph) -> None:
    _insert(paragraph._p.get_or_add_pPr(), "w:bidi", "w:bidi@pPr")


def _style_run(run, language: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt
    if bold is not None:
        run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:cs"), ARABIC_FONT)
    if language == "ar":
        if bold:
            r_pr.get_or_add_bCs()
        r_pr.get_or_add_rtl()
        if size is not None:
            _insert(r_pr, "w:szCs").set(qn("w:val"), str(int(size * 2)))
        _insert(r_pr, "w:lang").set(qn("w:bidi"), "ar-TN")


def _write(paragraph, text: Text, size: float | None = None, bold: bool | None = None,
           italic: bool = False) -> None:
    if text.language == "ar":
        _set_rtl_paragraph(paragraph)
    run = paragraph.add_run(text.text)
    run.italic = italic or None
    _style_run(run, text.language, size, bold)


def _table(doc, document: Document, headers: list[str] | None, rows: list[list[Text]], total: bool = False,
           label_column: bool = False):
    from docx.oxml import OxmlElement
    columns = len(headers) if headers else len(rows[0])
    table = doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    if document.language == "ar":
        _insert(table._tbl.tblPr, "w:bidiVisual")
    if headers:
        cells = table.add_row().cells
        for cell, header in zip(cells, headers):
            _write(cell.paragraphs[0], Text(header, document.language), size=9, bold=True)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))   # repeated on each page
    for index, row in enumerate(rows):
        cells = table.add_row().cells
        last = total and index == len(rows) - 1
        for position, (cell, value) in enumerate(zip(cells, row)):
            bold = last or (label_column and position == 0)
            _write(cell.paragraphs[0], value, size=9, bold=bold or None)
    doc.add_paragraph()
    return table


def to_docx(document: Document) -> bytes:
    from docx import Document as Word
    from docx.shared import Mm, Pt
    doc = Word()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    if document.language == "ar":
        _insert(section._sectPr, "w:bidi", "w:bidi@sectPr")     # the section's columns right to left
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = LATIN_FONT, Pt(10.5)
    doc.core_properties.title = document.title[:200]
    doc.core_properties.language = document.language

    lang = document.language
    _write(doc.add_paragraph(), Text(document.subtitle[0], lang), size=12, bold=True)
    _write(doc.add_heading(level=0), Text(document.title, lang))
    for line in document.subtitle[1:]:
        _write(doc.add_paragraph(), Text(line, lang), size=9, italic=True)
    for number, part in enumerate(document.sections, start=1):
        _write(doc.add_heading(level=1), Text(f"{number}. {part.title}", lang))
        for block in part.blocks:
            if block.kind == "heading":
                _write(doc.add_heading(level=2), block.text)
            elif block.kind == "paragraph":
                _write(doc.add_paragraph(), block.text, italic=block.note)
            elif block.kind == "bullets":
                for item in block.items:
                    _write(doc.add_paragraph(style="List Bullet"), item)
            elif block.kind == "table":
                _table(doc, document, block.headers, block.rows, total=block.total)
            elif block.kind == "fields":
                _table(doc, document, None, [[Text(label, lang), value] for label, value in block.rows],
                       label_column=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


RENDERERS = {"pdf": to_pdf, "docx": to_docx}


def render(document: Document, fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}")
    return RENDERERS[fmt](document)
