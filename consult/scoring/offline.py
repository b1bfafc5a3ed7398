"""Offline scoring sheets (XLSX): download a group's themes, fill them in, upload them back.

A member's sheet holds their own rows. The whole group's sheet (every member's rows, for an
offline session) is the coordinator's ("scoring.group_sheet"); even there, another member's
levels and justification appear only once that member submitted them, and only to a reader who
may see them (blind scoring). An upload is checked row by row; if any row is wrong nothing is
saved, and every error is reported with its row number, in the user's language.
"""
from __future__ import annotations

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from consult.core.languages import localized as loc
from consult.core.permissions import can
from consult.core.spreadsheets import append_row
from consult.core.uploads import Limits, UploadError, read_rows
from consult.scoring.errors import ScoringError
from consult.scoring.models import OGP_VALUES, WorkingGroup
from consult.scoring.results import theme_title
from consult.scoring.rubric import criteria
from consult.scoring.sheets import can_see_scores, parse_level, save_scores, sheet_of, validate_scores

SHEET_NAME = "scores"
FIRST_DATA_ROW = 3      # row 1: column keys read back on upload; row 2: headings for people
MAX_ROWS = 5000


class SheetError(ScoringError):
    """A sheet that cannot be saved, with the errors row by row."""

    def __init__(self, errors: list[tuple[int | None, str]]):
        super().__init__(" ".join(message for _row, message in errors))
        self.errors = errors


def for_whole_group(group: WorkingGroup, user) -> bool:
    return can(user, "scoring.group_sheet", group)


def _columns(rubric) -> list[str]:
    return ["theme_id", "theme", "member_id", "member", *[c.code for c in rubric], "values_served", "justification"]


def _shown(group: WorkingGroup, theme, member, reader):
    """The sheet whose content the reader may see in their download, else None (a blank row)."""
    sheet = sheet_of(group, theme, member)
    if sheet is None or member.id == reader.id:
        return sheet
    if sheet.status == "submitted" and can_see_scores(group, theme, reader):
        return sheet
    return None


def build(group: WorkingGroup, user) -> bytes:
    rubric = criteria(group.consultation)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    columns = _columns(rubric)
    append_row(sheet, columns)
    append_row(sheet, [_("Theme number"), _("Theme"), _("Member number"), _("Member"),
                       *[loc(c.name) for c in rubric],
                       _("Open-government values (codes, comma-separated)"), _("Justification")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    members = group.members if for_whole_group(group, user) else [m for m in group.members if m.id == user.id]
    for member in members:
        for theme in group.themes:
            if (stored := sheet_of(group, theme, member)) is not None and stored.status == "conflict":
                continue
            existing = _shown(group, theme, member, user)
            levels = existing.levels if existing else {}
            append_row(sheet, [theme.id, theme_title(theme), member.id, member.name,
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
    append_row(guide, [_("Fill in one level per criterion and a short justification on each row, then upload "
                         "the file. Leave a row empty to skip it. Do not change rows 1 and 2.")])
    append_row(guide, [None])
    for criterion in rubric:
        append_row(guide, [loc(criterion.name), loc(criterion.description)])
        for level in criterion.levels:
            append_row(guide, ["", level["value"], loc(level["label"])])
    append_row(guide, [None])
    append_row(guide, [_("Open-government values"), ", ".join(OGP_VALUES)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _read_rows(data: bytes) -> list[tuple[int, list[str]]]:
    """The sheet's non-empty rows as (number, cell texts), through the one bounded reader."""
    try:
        return read_rows("scores.xlsx", data, Limits(max_rows=MAX_ROWS + FIRST_DATA_ROW), sheet_name=SHEET_NAME)
    except UploadError as error:
        raise SheetError([(None, error.message)]) from None


def _row_refusal(group, theme, member, user, whole_group: bool, number: int) -> str | None:
    """Why the uploader may not write this row, or None."""
    if member is None or (not whole_group and member.id != user.id):
        return _("Row %(row)s: you can only fill in rows of your own, for members of this group.", row=number)
    existing = sheet_of(group, theme, member)
    if existing is not None and existing.status == "conflict":
        return _("Row %(row)s: this member declared a conflict of interest on this theme.", row=number)
    if (member.id != user.id and existing is not None and existing.status == "submitted"
            and not can_see_scores(group, theme, user)):
        return _("Row %(row)s: this member has already submitted these scores; only they can revise them.",
                 row=number)
    return None


def upload(group: WorkingGroup, user, data: bytes) -> int:
    """Check every row, then save them all as submitted scores; returns how many rows were saved."""
    if group.is_closed:
        raise SheetError([(None, _("The group has closed its scoring: scores can no longer change."))])
    rubric = criteria(group.consultation)
    rows = _read_rows(data)
    header = [_text(cell) for cell in rows[0][1]] if rows and rows[0][0] == 1 else []
    missing = [key for key in _columns(rubric) if key not in header and key not in ("theme", "member")]
    if missing:
        raise SheetError([(1, _("Row 1 must keep the column codes of the scoring sheet; missing: %(columns)s.",
                                columns=", ".join(missing)))])
    column = {key: header.index(key) for key in header if key}
    themes = {theme.id: theme for theme in group.themes}
    members = {member.id: member for member in group.members}
    whole_group = for_whole_group(group, user)
    errors: list[tuple[int | None, str]] = []
    planned, seen = [], set()
    for number, row in (pair for pair in rows if pair[0] >= FIRST_DATA_ROW):
        cells = {key: (row[index] if index < len(row) else None) for key, index in column.items()}
        filled = [cells[c.code] for c in rubric if _text(cells[c.code])] + [_text(cells["justification"])]
        if not any(_text(value) for value in filled):
            continue   # an empty row is skipped
        theme = themes.get(parse_level(cells["theme_id"]) if _text(cells["theme_id"]) else None)
        member = members.get(parse_level(cells["member_id"]) if _text(cells["member_id"]) else None)
        if theme is None:
            errors.append((number, _("Row %(row)s: this theme is not assigned to the group.", row=number)))
            continue
        refusal = _row_refusal(group, theme, member, user, whole_group, number)
        if refusal:
            errors.append((number, refusal))
            continue
        if (theme.id, member.id) in seen:
            errors.append((number, _("Row %(row)s: this member already has a row for this theme.", row=number)))
            continue
        seen.add((theme.id, member.id))
        values = [v.strip() for v in _text(cells["values_served"]).replace("،", ",").split(",") if v.strip()]
        levels = {c.code: cells[c.code] for c in rubric if _text(cells[c.code])}
        _clean, _values, problems = validate_scores(rubric, levels, _text(cells["justification"]),
                                                    values, complete=True)
        for problem in problems:
            errors.append((number, _("Row %(row)s: %(problem)s", row=number, problem=problem)))
        planned.append((theme, member, levels, _text(cells["justification"]), values))
    if errors:
        raise SheetError(errors)
    if not planned:
        raise SheetError([(None, _("The sheet has no filled-in row."))])
    for theme, member, levels, justification, values in planned:
        save_scores(group, theme, member, levels, justification, values, submit=True, actor=user)
    return len(planned)
