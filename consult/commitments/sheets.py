"""The spreadsheet round trip: the plan's commitments and milestones as XLSX (right-to-left in
Arabic), filled in offline, and their progress imported back.

An import is all or nothing: a file that cannot be read, or any refused row, changes nothing, and
the report says row by row what would happen. An update already recorded (the same file imported
again) is skipped, so that importing twice adds nothing. Flushes; the caller commits.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from consult.commitments import cells, figures, progress
from consult.commitments.errors import CommitmentError
from consult.commitments.labels import completion_labels
from consult.core.languages import in_language, localized
from consult.core.spreadsheets import append_row
from consult.core.uploads import Limits, MissingSheet, UploadError, read_rows

MAX_BYTES = 2 * 1024 * 1024     # checked before the file is read
MAX_ROWS = 2000
MAX_COLUMNS = 30
LIMITS = Limits(max_rows=MAX_ROWS, max_columns=MAX_COLUMNS)

# Column code -> header in each language. Headers are recognised in any language.
COMMITMENT_COLUMNS = {
    "id": {"ar": "المعرف", "fr": "Identifiant", "en": "Id"},
    "number": {"ar": "رقم التعهد", "fr": "N° d'engagement", "en": "Commitment no."},
    "title": {"ar": "التعهد", "fr": "Engagement", "en": "Commitment"},
    "axis": {"ar": "المحور", "fr": "Axe", "en": "Axis"},
    "lead_body": {"ar": "الجهة المسؤولة عن التنفيذ", "fr": "Institution chef de file", "en": "Lead body"},
    "start": {"ar": "البداية", "fr": "Début", "en": "Start"},
    "end": {"ar": "النهاية", "fr": "Fin", "en": "End"},
    # The current figures (figures.py): the percentage (empty when not measured), then in words.
    "current": {"ar": "نسبة التقدم الحالية (%)", "fr": "Avancement actuel (%)", "en": "Current progress (%)"},
    "current_text": {"ar": "الوضع الحالي", "fr": "État actuel", "en": "Current state"},
    "date": {"ar": "تاريخ التحيين", "fr": "Date de la mise à jour", "en": "Date of the update"},
    "progress": {"ar": "نسبة التقدم (%)", "fr": "Avancement (%)", "en": "Progress (%)"},
    "completion": {"ar": "مستوى الإنجاز", "fr": "Niveau d'achèvement", "en": "Completion level"},
    "done": {"ar": "ما تم إنجازه", "fr": "Ce qui a été fait", "en": "What was done"},
    "difficulties": {"ar": "الصعوبات", "fr": "Difficultés", "en": "Difficulties"},
    "recommendations": {"ar": "التوصيات", "fr": "Recommandations", "en": "Recommendations"},
    "evidence": {"ar": "روابط الإثباتات", "fr": "Liens vers les preuves", "en": "Evidence links"},
}
MILESTONE_COLUMNS = {
    "milestone": {"ar": "معرف المرحلة", "fr": "Identifiant du jalon", "en": "Milestone id"},
    "number": COMMITMENT_COLUMNS["number"],
    "deliverable": {"ar": "المخرج القابل للتحقق", "fr": "Livrable vérifiable", "en": "Verifiable deliverable"},
    "responsible": {"ar": "الجهة المسؤولة", "fr": "Responsable", "en": "Responsible body"},
    "start": COMMITMENT_COLUMNS["start"],
    "due": {"ar": "الأجل", "fr": "Échéance", "en": "Due"},
    "done": {"ar": "أنجزت (نعم/لا)", "fr": "Fait (oui/non)", "en": "Done (yes/no)"},
    "done_on": {"ar": "تاريخ الإنجاز", "fr": "Date d'achèvement", "en": "Date done"},
}
INPUTS = ("date", "progress", "completion", "done", "difficulties", "recommendations", "evidence")
SHEET_TITLES = {"commitments": {"ar": "التعهدات", "fr": "Engagements", "en": "Commitments"},
                "milestones": {"ar": "المراحل", "fr": "Jalons", "en": "Milestones"},
                "summary": {"ar": "ملخص", "fr": "Synthèse", "en": "Summary"}}
# The summary sheet (after the two the import reads): the plan's overall progress.
SUMMARY_COLUMNS = {"figure": {"ar": "المؤشر", "fr": "Indicateur", "en": "Figure"},
                   "value": {"ar": "القيمة (%)", "fr": "Valeur (%)", "en": "Value (%)"},
                   "text": {"ar": "البيان", "fr": "Libellé", "en": "In words"}}


class ImportFileError(CommitmentError):
    """The file as a whole cannot be read; nothing changed."""


# --- export --------------------------------------------------------------------------------------

def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def export_xlsx(plan, language: str = "ar") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation
    workbook = Workbook()
    with in_language(language):
        levels = [str(label) for label in completion_labels().values()]
        commitments_sheet = workbook.active
        commitments_sheet.title = SHEET_TITLES["commitments"][language]
        milestones_sheet = workbook.create_sheet(SHEET_TITLES["milestones"][language])
        summary_sheet = workbook.create_sheet(SHEET_TITLES["summary"][language])
        for sheet, columns in ((commitments_sheet, COMMITMENT_COLUMNS), (milestones_sheet, MILESTONE_COLUMNS),
                               (summary_sheet, SUMMARY_COLUMNS)):
            sheet.sheet_view.rightToLeft = language == "ar"
            append_row(sheet, [labels[language] for labels in columns.values()])
            for cell in sheet[1]:
                cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
            sheet.freeze_panes = "C2"
        summary_sheet.freeze_panes = None
        for commitment in plan.commitments:
            current = figures.progress_of(commitment)     # None: the cell stays empty, never 0
            append_row(commitments_sheet, [
                commitment.id, commitment.number, localized(commitment.title, language),
                localized(commitment.axis.name, language) if commitment.axis else "", commitment.lead_body,
                _iso(commitment.starts_on), _iso(commitment.ends_on), current,
                f"{figures.progress_text(current)} · {completion_labels()[figures.completion_of(commitment)]}",
                "", "", "", "", "", "", ""])
            for milestone in commitment.milestones:
                append_row(milestones_sheet, [
                    milestone.id, commitment.number, milestone.deliverable, milestone.responsible_body,
                    _iso(milestone.starts_on), _iso(milestone.due_on), _("yes") if milestone.done else _("no"),
                    _iso(milestone.done_on)])
        overall = figures.plan_progress(plan.commitments)
        append_row(summary_sheet, [_("Overall progress"), overall.progress, overall.text])
        rows = max(commitments_sheet.max_row, 2)
        choice = DataValidation(type="list", formula1='"' + ",".join(levels) + '"', allow_blank=True)
        commitments_sheet.add_data_validation(choice)
        column = commitments_sheet.cell(1, list(COMMITMENT_COLUMNS).index("completion") + 1).column_letter
        choice.add(f"{column}2:{column}{rows + 200}")
        for sheet, widths in ((commitments_sheet, (8, 8, 48, 24, 28, 11, 11, 12, 24, 14, 10, 16, 40, 32, 32, 30)),
                              (milestones_sheet, (10, 8, 48, 28, 11, 11, 12, 12)), (summary_sheet, (24, 12, 60))):
            for index, width in enumerate(widths, start=1):
                sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading -------------------------------------------------------------------------------------

def _names(columns: dict) -> dict[str, str]:
    names = {}
    for code, labels in columns.items():
        for name in (code, *labels.values()):
            names[cells.fold(name)] = code
    return names


def _read_sheets(data: bytes) -> list[list[tuple[int, list[str]]]]:
    """The commitments sheet and, when there is one, the milestones sheet, through the platform's
    one bounded reader (sizes checked before anything is opened)."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(size)d MB.", size=MAX_BYTES // (1024 * 1024)), 413)
    sheets = []
    for index in (0, 1):
        try:
            sheets.append(read_rows("progress.xlsx", data, LIMITS, sheet_index=index))
        except MissingSheet:
            if index == 0:
                raise ImportFileError(_("This workbook has no sheet to read.")) from None
            break
        except UploadError as error:
            raise ImportFileError(error.message) from None
    return sheets


def _table(rows: list[tuple[int, list[str]]], columns: dict, key: str) -> list[tuple[int, dict]] | None:
    """The rows of a sheet as (row number, {code: value}) if its header names the `key` column."""
    if not rows:
        return None
    names = _names(columns)
    header = {position: names.get(cells.fold(cell)) for position, cell in enumerate(rows[0][1])}
    if key not in header.values():
        return None
    table = []
    for number, row in rows[1:]:
        values = {code: row[position] for position, code in header.items() if code and position < len(row)}
        if any(value not in ("", None) for value in values.values()):
            table.append((number, values))
    return table


# --- import --------------------------------------------------------------------------------------

@dataclass
class RowReport:
    sheet: str                        # commitments | milestones
    number: int                       # as the spreadsheet numbers it: the header is row 1
    outcome: str                      # recorded | skipped | refused | unchanged
    commitment: int | None = None     # the commitment's number in the plan
    reasons: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport]
    recorded: int = 0

    @property
    def refused(self) -> list[RowReport]:
        return [row for row in self.rows if row.outcome == "refused"]

    def count(self, outcome: str) -> int:
        return sum(row.outcome == outcome for row in self.rows)


def import_progress(plan, data: bytes, actor) -> ImportReport:
    """Check every row, then record all the updates, or none when a row is refused."""
    sheets = _read_sheets(data)
    commitment_rows = milestone_rows = None
    for rows in sheets:
        commitment_rows = commitment_rows if commitment_rows is not None else _table(rows, COMMITMENT_COLUMNS, "date")
        if milestone_rows is None:
            milestone_rows = _table(rows, MILESTONE_COLUMNS, "milestone")
    if commitment_rows is None:
        raise ImportFileError(_("The first sheet must be the plan's commitments with their header row, as the "
                                "export gives it (the columns “%(id)s” and “%(date)s”).",
                                id=COMMITMENT_COLUMNS["id"]["en"], date=COMMITMENT_COLUMNS["date"]["en"]))
    by_id = {c.id: c for c in plan.commitments}
    milestones = {m.id: m for c in plan.commitments for m in c.milestones}
    names = cells.completion_names()
    report, planned = ImportReport([]), {}     # (commitment id, date) -> update values and its rows

    def row_commitment(raw, kind):
        identifier = str(raw).translate(cells.ARABIC_DIGITS).strip()
        found = (milestones if kind == "milestones" else by_id).get(int(identifier)) if identifier.isdigit() else None
        if found is None:
            raise CommitmentError(_("No commitment of this plan has the id “%(id)s”.", id=identifier[:20])
                                  if kind == "commitments" else
                                  _("No milestone of this plan has the id “%(id)s”.", id=identifier[:20]))
        return found

    for number, values in commitment_rows:
        row = RowReport("commitments", number, "recorded")
        report.rows.append(row)
        if not any(str(values.get(code, "")).strip() for code in INPUTS if code != "date"):
            row.outcome = "unchanged"     # a date alone records nothing
            continue
        try:
            commitment = row_commitment(values.get("id", ""), "commitments")
            row.commitment = commitment.number
            reported_on = cells.parse_date(values.get("date", ""))
            if reported_on is None:
                raise CommitmentError(_("Give the date of the update (the day of the meeting)."))
            if (commitment.id, reported_on) in planned:
                raise CommitmentError(_("Another row already gives this commitment's update for this date."))
            planned.setdefault((commitment.id, reported_on), {"commitment": commitment, "rows": []}).update(
                reported_on=reported_on, progress=cells.percent(values.get("progress", "")),
                completion=cells.completion(values.get("completion", ""), names),
                done_text=str(values.get("done", "")), difficulties=str(values.get("difficulties", "")),
                recommendations=str(values.get("recommendations", "")),
                evidence=re.split(r"[\s,;]+", str(values.get("evidence", "")).strip()))
            planned[(commitment.id, reported_on)]["rows"].append(row)
        except CommitmentError as error:
            row.outcome, row.reasons = "refused", [error.message]

    for number, values in milestone_rows or []:
        row = RowReport("milestones", number, "unchanged")
        report.rows.append(row)
        try:
            milestone = row_commitment(values.get("milestone", ""), "milestones")
            row.commitment = milestone.commitment.number
            if not cells.yes(values.get("done", "")):
                continue
            done_on = cells.parse_date(values.get("done_on", ""))
            key = (milestone.commitment_id, done_on)
            if done_on is None:   # done at the meeting the commitment's own row records, if there is one
                key = next((k for k in planned if k[0] == milestone.commitment_id), None)
                if key is None and not milestone.done:
                    raise CommitmentError(_("Give the date the milestone was done."))
            if milestone.done and key not in planned:
                continue          # done before: it only belongs to an update this file also gives
            entry = planned.setdefault(key, {"commitment": milestone.commitment, "rows": [], "reported_on": key[1]})
            entry.setdefault("milestone_ids", []).append(milestone.id)
            entry["rows"].append(row)
            row.outcome = "recorded"
        except CommitmentError as error:
            row.outcome, row.reasons = "refused", [error.message]

    drafts = []
    for entry in planned.values():
        values = {key: value for key, value in entry.items() if key not in ("commitment", "rows")}
        try:
            draft = progress.prepare(entry["commitment"], **values)
        except CommitmentError as error:
            for row in entry["rows"]:
                row.outcome, row.reasons = "refused", [error.message]
            continue
        if draft.duplicate:
            for row in entry["rows"]:
                row.outcome, row.reasons = "skipped", [_("Already recorded.")]
        drafts.append(draft)
    if report.refused:
        return report
    report.recorded = sum(progress.record(draft, actor, source="import") is not None for draft in drafts)
    return report
