"""Offline scoring sheets (XLSX): download a group's themes, fill them in, upload them back.

An upload is checked row by row; if any row is wrong nothing is saved, and every error is
reported with its row number, in the user's language.
"""
from __future__ import annotations

import io
import zipfile

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from consult.core.i18n import localized
from consult.scoring import services
from consult.scoring.models import OGP_VALUES, WorkingGroup

SHEET_NAME = "scores"
FIRST_DATA_ROW = 3      # row 1: column keys read back on upload; row 2: headings for people
MAX_ROWS = 5000
STAFF_ROLES = ("coordinator", "facilitator")


class SheetError(services.ScoringError):
    """A sheet that cannot be saved, with the errors row by row."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        super().__init__(" ".join(message for _row, message in errors))
        self.errors = errors


def for_whole_group(user) -> bool:
    """Coordinators and facilitators (a workshop) fill in every member's rows; a member their own."""
    return getattr(user, "role", None) in STAFF_ROLES


def _columns(rubric) -> list[str]:
    return ["theme_id", "theme", "member_id", "member", *[c.code for c in rubric], "values_served", "justification"]


def build(group: WorkingGroup, user) -> bytes:
    rubric = services.criteria(group.consultation)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    columns = _columns(rubric)
    headings = [_("Theme number"), _("Theme"), _("Member number"), _("Member"),
                *[localized(c.name) for c in rubric],
                _("Open-government values (codes, comma-separated)"), _("Justification")]
    sheet.append(columns)
    sheet.append(headings)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    members = group.members if for_whole_group(user) else [m for m in group.members if m.id == user.id]
    for member in members:
        for theme in group.themes:
            existing = services.sheet_of(group, theme, member)
            if existing is not None and existing.status == "conflict":
                continue
            levels = existing.levels if existing else {}
            sheet.append([theme.id, services.theme_title(theme), member.id, member.name,
                          *[levels.get(c.code) for c in rubric],
                          ",".join(existing.values_served) if existing else "",
                          existing.justification if existing else ""])
    last = max(sheet.max_row, FIRST_DATA_ROW + 50)
    for index, criterion in enumerate(rubric, start=5):
        validation = DataValidation(type="list", formula1='"' + ",".join(map(str, criterion.scale)) + '"',
                                    allow_blank=True)
        sheet.add_data_validation(validation)
        letter = sheet.cell(row=1, column=index).column_letter
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions[sheet.cell(row=1, column=len(columns)).column_letter].width = 60

    guide = workbook.create_sheet(_("Guide"))
    guide.append([_("Fill in one level per criterion and a short justification on each row, then upload "
                    "the file. Leave a row empty to skip it. Do not change rows 1 and 2.")])
    guide.append([])
    for criterion in rubric:
        guide.append([localized(criterion.name), localized(criterion.description)])
        for level in criterion.levels:
            guide.append(["", level["value"], localized(level["label"])])
    guide.append([])
    guide.append([_("Open-government values"), ", ".join(OGP_VALUES)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(data: bytes):
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise SheetError([(None, _("This file is not a readable spreadsheet (.xlsx). Download the scoring "
                                   "sheet again and fill it in."))])
    sheet = workbook[SHEET_NAME] if SHEET_NAME in workbook.sheetnames else workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + FIRST_DATA_ROW))
    workbook.close()
    return rows


def upload(group: WorkingGroup, user, data: bytes) -> int:
    """Check every row, then save them all as submitted scores; returns how many rows were saved."""
    if group.is_closed:
        raise SheetError([(None, _("The group has closed its scoring: scores can no longer change."))])
    rubric = services.criteria(group.consultation)
    rows = _read_rows(data)
    header = [_text(cell) for cell in rows[0]] if rows else []
    missing = [key for key in _columns(rubric) if key not in header and key not in ("theme", "member")]
    if missing:
        raise SheetError([(1, _("Row 1 must keep the column codes of the scoring sheet; missing: %(columns)s.",
                                columns=", ".join(missing)))])
    column = {key: header.index(key) for key in header if key}
    themes = {theme.id: theme for theme in group.themes}
    members = {member.id: member for member in group.members}
    errors: list[tuple[int | None, str]] = []
    planned, seen = [], set()
    for number, row in enumerate(rows[FIRST_DATA_ROW - 1:], start=FIRST_DATA_ROW):
        cells = {key: (row[index] if index < len(row) else None) for key, index in column.items()}
        filled = [cells[c.code] for c in rubric if _text(cells[c.code])] + [_text(cells["justification"])]
        if not any(_text(value) for value in filled):
            continue   # an empty row is skipped
        theme = themes.get(services.parse_level(cells["theme_id"]) if _text(cells["theme_id"]) else None)
        member = members.get(services.parse_level(cells["member_id"]) if _text(cells["member_id"]) else None)
        if theme is None:
            errors.append((number, _("Row %(row)s: this theme is not assigned to the group.", row=number)))
            continue
        if member is None or (not for_whole_group(user) and member.id != user.id):
            errors.append((number, _("Row %(row)s: you can only fill in rows of your own, for members of "
                                     "this group.", row=number)))
            continue
        if (theme.id, member.id) in seen:
            errors.append((number, _("Row %(row)s: this member already has a row for this theme.", row=number)))
            continue
        seen.add((theme.id, member.id))
        existing = services.sheet_of(group, theme, member)
        if existing is not None and existing.status == "conflict":
            errors.append((number, _("Row %(row)s: this member declared a conflict of interest on this theme.",
                                     row=number)))
            continue
        values = [v.strip() for v in _text(cells["values_served"]).replace("،", ",").split(",") if v.strip()]
        levels = {c.code: cells[c.code] for c in rubric if _text(cells[c.code])}
        _clean, _values, problems = services.validate_scores(rubric, levels, _text(cells["justification"]),
                                                             values, complete=True)
        for problem in problems:
            errors.append((number, _("Row %(row)s: %(problem)s", row=number, problem=problem)))
        planned.append((theme, member, levels, _text(cells["justification"]), values))
    if errors:
        raise SheetError(errors)
    if not planned:
        raise SheetError([(None, _("The sheet has no filled-in row."))])
    for theme, member, levels, justification, values in planned:
        services.save_scores(group, theme, member, levels, justification, values, submit=True, actor=user)
    return len(planned)
