"""The spreadsheet facilitators fill in to import proposals: its header in the user's language
and, in the XLSX, a second sheet listing the accepted values of the choice columns. Written through
`consult.core.spreadsheets`, like every file that leaves the platform."""
from __future__ import annotations

import io

from flask_babel import gettext as _

from consult.core.geo import GOVERNORATES
from consult.core.i18n import localized
from consult.core.spreadsheets import append_row, csv_bytes
from consult.proposals import services
from consult.proposals.forms import channel_labels, proposer_labels
from consult.proposals.importing import COLUMNS, IMPORT_CHANNELS
from consult.proposals.models import PROPOSER_TYPES


def _header(language: str) -> list[str]:
    return [labels[language] for labels in COLUMNS.values()]


def template_csv(language: str) -> bytes:
    # Excel in French expects ";"; the import accepts both.
    return csv_bytes(_header(language), [], delimiter=";" if language == "fr" else ",")


def template_xlsx(consultation, language: str) -> bytes:
    """A sheet to fill in, and a second sheet listing the accepted values of the choice columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Proposals")[:31]
    append_row(sheet, _header(language))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJK", (40, 50, 50, 40, 25, 25, 18, 20, 18, 15, 15)):
        sheet.column_dimensions[letter].width = width
    values = workbook.create_sheet(_("Accepted values")[:31])
    append_row(values, [_("Column"), _("Code"), _("Name")])
    for axis in consultation.axes:
        append_row(values, [COLUMNS["axis"][language], axis.code, localized(axis.name, language)])
    for code, names in GOVERNORATES.items():
        append_row(values, [COLUMNS["governorate"][language], code, localized(names, language)])
    for column, codes, labels in (("proposer", PROPOSER_TYPES, proposer_labels),
                                  ("channel", IMPORT_CHANNELS, channel_labels)):
        for code in codes:
            append_row(values, [COLUMNS[column][language], code, str(labels()[code])])
    for workshop in services.workshops_of(consultation):
        append_row(values, [COLUMNS["workshop"][language], workshop.code, localized(workshop.venue, language)])
    for column_sheet in (sheet, values):
        column_sheet.sheet_view.rightToLeft = language == "ar"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
