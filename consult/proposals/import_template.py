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
from consult.proposals.labels import channel_labels, proposer_labels
from consult.core.languages import in_language
from consult.proposals.importing import COLUMNS, EXAMPLE_TEXTS, EXAMPLE_TITLES, IMPORT_CHANNELS, MAX_ROWS
from consult.proposals.models import PROPOSER_TYPES
from consult.workshops.naming import workshop_name


def _header(language: str) -> list[str]:
    return [labels[language] for labels in COLUMNS.values()]


def template_csv(language: str) -> bytes:
    # Excel in French expects ";"; the import accepts both.
    return csv_bytes(_header(language), [], delimiter=";" if language == "fr" else ",")


def _example(consultation, language: str) -> list[str]:
    """The row the template shows filled in (in grey); the import skips it (see importing.EXAMPLE_TITLES)."""
    axis = consultation.axes[0] if consultation.axes else None
    return [EXAMPLE_TITLES[language], EXAMPLE_TEXTS["problem"][language], EXAMPLE_TEXTS["reform"][language],
            EXAMPLE_TEXTS["results"][language], EXAMPLE_TEXTS["body"][language],
            localized(axis.name, language) if axis else "", localized(GOVERNORATES["kef"], language),
            EXAMPLE_TEXTS["municipality"][language], str(proposer_labels()["association"]),
            str(channel_labels()["workshop"]), ""]


def template_xlsx(consultation, language: str) -> bytes:
    """A sheet to fill in (an example row, a drop-down list on each choice column) and a second
    sheet listing the accepted values of the choice columns, which the drop-downs offer."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Proposals")[:31]
    append_row(sheet, _header(language))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJK", (40, 50, 50, 40, 25, 25, 18, 20, 18, 15, 15)):
        sheet.column_dimensions[letter].width = width
    with in_language(language):
        append_row(sheet, _example(consultation, language))
        for cell in sheet[2]:
            cell.font = Font(italic=True, color="6C757D")
        values = workbook.create_sheet(_("Accepted values")[:31])
        append_row(values, [_("Column"), _("Code"), _("Name")])
        choices: dict[str, list[str]] = {}
        rows = [("axis", axis.code, localized(axis.name, language)) for axis in consultation.axes]
        rows += [("governorate", code, localized(names, language)) for code, names in GOVERNORATES.items()]
        for column, codes, labels in (("proposer", PROPOSER_TYPES, proposer_labels),
                                      ("channel", IMPORT_CHANNELS, channel_labels)):
            rows += [(column, code, str(labels()[code])) for code in codes]
        rows += [("workshop", w.code, workshop_name(w)) for w in services.workshops_of(consultation)]
        for column, code, name in rows:
            number = append_row(values, [COLUMNS[column][language], code, name])
            choices.setdefault(column, []).append(number)
    # A drop-down on each choice column, offering the names listed on the second sheet.
    letters = {code: chr(ord("A") + index) for index, code in enumerate(COLUMNS)}
    title = values.title.replace("'", "''")
    for column, numbers in choices.items():
        validation = DataValidation(type="list", formula1=f"='{title}'!$C${min(numbers)}:$C${max(numbers)}",
                                    allow_blank=True, showErrorMessage=False)
        sheet.add_data_validation(validation)
        validation.add(f"{letters[column]}2:{letters[column]}{MAX_ROWS + 1}")
    for column_sheet in (sheet, values):
        column_sheet.sheet_view.rightToLeft = language == "ar"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
