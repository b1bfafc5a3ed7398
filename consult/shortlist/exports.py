"""Shortlist exports: XLSX, CSV, PDF and JSON, in the language the reader chooses.

`build()` gathers what every format shows — a title block with the counts ("1 confirmed · 6
pending"), one row per theme (confirmed, pending, not retained), the
proposals behind them — with headers and labels translated once; each renderer only lays it out.
Proposals leave through `public_record`, so no e-mail or account can reach a file, and every cell
through `core.spreadsheets`, so no public text becomes a formula.
Needs an app context (translations, templates); no request.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.core.geo import governorate_name
from consult.core.languages import LANGUAGES, localized, text_direction
from consult.core.pdf import render_pdf
from consult.core.spreadsheets import csv_bytes, write_cell
from consult.proposals.services import public_record
from consult.shortlist.labels import state_labels
from consult.shortlist.services import counts_label, state_counts
from consult.shortlist.workshop_shortlist import workshop_shortlist
from consult.scoring.rubric import criteria as scoring_criteria
from consult.workshops import services as workshops

FORMATS = ("xlsx", "csv", "pdf", "json")
MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json; charset=utf-8",
}


@dataclass
class Column:
    key: str
    header: str
    width: int        # in characters, for the spreadsheet


@dataclass
class ShortlistExport:
    language: str
    consultation: object
    workshop: object | None
    heading: list[str]                 # the title block: consultation, workshop, date
    note: str                          # "1 confirmed · 6 pending", and that pending ones are only proposed
    columns: list[Column]
    rows: list[dict]                   # one per retained theme, values ready to show
    proposal_columns: list[Column]
    proposal_rows: list[dict]
    data: dict                         # the same content, for JSON
    generated_on: date

    @property
    def title_block(self) -> list[str]:
        return self.heading + ([self.note] if self.note else [])

    @property
    def direction(self) -> str:
        return text_direction(self.language)

    @property
    def shortlist_title(self) -> str:
        with force_locale(self.language):
            return _("Shortlist")

    @property
    def proposals_title(self) -> str:
        with force_locale(self.language):
            return _("Proposals")

    def filename(self, fmt: str) -> str:
        scope = self.workshop.code if self.workshop else f"consultation-{self.consultation.id}"
        return f"shortlist-{scope}-{self.language}.{fmt}"


def _score(value) -> float | None:
    return None if value is None else round(float(value), 2)


def _visible(proposals) -> list:
    return [p for p in proposals if p.status != "hidden"]


def workshop_heading(workshop, language: str) -> str:
    """"Regional workshop · Kef · Hotel in Kef city · 2023-05-09", in `language`."""
    from consult.workshops.labels import kind_labels
    with force_locale(language):
        parts = [str(kind_labels().get(workshop.kind, workshop.kind)),
                 governorate_name(workshop.governorate, language), localized(workshop.venue, language),
                 workshop.held_on.isoformat()]
    return " · ".join(part for part in parts if part)


def build(consultation, workshop=None, language: str = "ar", today: date | None = None) -> ShortlistExport:
    """Everything an export shows, from the scoring feature's criteria and shortlist."""
    return assemble(consultation, workshop, scoring_criteria(consultation),
                    workshop_shortlist(consultation, workshop=workshop), language, today)


def assemble(consultation, workshop, criteria: list, entries: list, language: str,
             today: date | None = None) -> ShortlistExport:
    """Lay out given criteria and shortlist entries (ShortlistEntry-like objects) for export."""
    from consult.proposals.labels import channel_labels, language_labels, status_labels
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    today = today or date.today()
    axes = {axis.code: axis.name for axis in consultation.axes}
    with force_locale(language):
        heading = [localized(consultation.title, language),
                   workshop_heading(workshop, language) if workshop else _("Whole consultation"),
                   _("Exported on %(date)s", date=today.isoformat())]
        counts = state_counts(entries)
        note = counts_label(counts)
        if counts["pending"]:
            note += " — " + (_("Proposed shortlist: the coordinators have not confirmed it yet.")
                             if not counts["confirmed"] and not counts["not_retained"]
                             else _("The pending themes are only proposed: the coordinators have not decided on them yet."))
        states = {key: str(label) for key, label in state_labels().items()}
        columns = ([Column("rank", _("Rank"), 7), Column("label", _("Theme"), 48), Column("state", _("Decision"), 14)]
                   + [Column(f"score:{c.code}", localized(c.name, language), 13) for c in criteria]
                   + [Column("weighted_total", _("Weighted total"), 13),
                      Column("n_proposals", _("Number of proposals"), 13),
                      Column("regions", _("Regions"), 24), Column("refs", _("Proposal references"), 30)])
        proposal_columns = [Column("rank", _("Rank"), 7), Column("ref", _("Reference"), 11),
                            Column("title", _("Title"), 60), Column("axis", _("Thematic axis"), 26),
                            Column("region", _("Region"), 14), Column("municipality", _("Municipality"), 18),
                            Column("language", _("Language"), 11), Column("channel", _("Channel"), 14),
                            Column("status", _("Status"), 16)]
        separator = "، " if language == "ar" else ", "
        rows, proposal_rows, seen = [], [], set()
        data_entries, data_proposals = [], []
        for entry in entries:
            label = localized(entry.label, language) or getattr(entry.theme, "name", None) or ""
            proposals = _visible(entry.proposals)
            refs = [p.ref for p in proposals]
            regions = [governorate_name(code, language) for code in entry.regions]
            row = {"rank": entry.rank, "label": label, "state": states[entry.state],
                   "weighted_total": _score(entry.weighted_total),
                   "n_proposals": len(proposals), "regions": separator.join(regions),
                   "refs": " ".join(refs)}
            row.update({f"score:{c.code}": _score(entry.scores.get(c.code)) for c in criteria})
            rows.append(row)
            data_entries.append({
                "rank": entry.rank, "theme_id": entry.theme.id, "label": label,
                "scores": {c.code: _score(entry.scores.get(c.code)) for c in criteria},
                "weighted_total": _score(entry.weighted_total), "n_scores": entry.n_scores,
                "n_proposals": len(proposals), "regions": list(entry.regions), "region_names": regions,
                "proposals": refs, "confirmed": bool(entry.confirmed), "state": entry.state,
                "proposed": bool(entry.proposed)})
            for proposal in proposals:
                if proposal.ref in seen:
                    continue
                seen.add(proposal.ref)
                record = public_record(proposal)
                proposal_rows.append({
                    "rank": entry.rank, "ref": record["ref"], "title": record["title"],
                    "axis": localized(axes.get(record["axis"]), language),
                    "region": governorate_name(record["governorate"], language),
                    "municipality": record["municipality"],
                    "language": str(language_labels().get(record["language"], record["language"])),
                    "channel": str(channel_labels().get(record["channel"], record["channel"])),
                    "status": str(status_labels().get(record["status"], record["status"]))})
                data_proposals.append({"theme_rank": entry.rank, **{key: record[key] for key in (
                    "ref", "title", "axis", "governorate", "municipality", "language", "channel", "status")}})
    data = {
        "consultation": {"id": consultation.id, "title": heading[0]},
        "workshop": workshops.public_workshop(workshop) if workshop else None,
        "language": language, "generated_on": today.isoformat(), "confirmed": not counts["pending"],
        "counts": counts,
        "criteria": [{"code": c.code, "name": localized(c.name, language), "weight": c.weight,
                      "minimum": c.minimum} for c in criteria],
        "shortlist": data_entries, "proposals": data_proposals,
    }
    return ShortlistExport(language, consultation, workshop, heading, note, columns, rows, proposal_columns,
                           proposal_rows, data, today)


# --- renderers -------------------------------------------------------------------------------------

def to_json(export: ShortlistExport) -> bytes:
    return json.dumps(export.data, ensure_ascii=False, indent=2).encode("utf-8")


def to_csv(export: ShortlistExport) -> bytes:
    """The shortlist table, UTF-8 with a byte-order mark so that Excel shows Arabic."""
    return csv_bytes([column.header for column in export.columns],
                     (["" if row[c.key] is None else row[c.key] for c in export.columns] for row in export.rows))


def _sheet_name(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"


def _write_sheet(ws, export: ShortlistExport, title: str, columns: list[Column], rows: list[dict]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    ws.title = _sheet_name(title)
    ws.sheet_view.rightToLeft = export.language == "ar"
    for number, line in enumerate(export.title_block + [title], start=1):
        cell = write_cell(ws, number, 1, line)
        cell.font = Font(bold=True, size=14 if number == 1 else 11)
    header_row = len(export.title_block) + 3      # the title block, the sheet's title, a blank row
    header_fill = PatternFill("solid", fgColor="DDE6F0")
    for index, column in enumerate(columns, start=1):
        cell = write_cell(ws, header_row, index, column.header)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    for offset, row in enumerate(rows, start=1):
        for index, column in enumerate(columns, start=1):
            cell = write_cell(ws, header_row + offset, index, row[column.key])
            if column.key in ("label", "title", "refs", "regions", "axis"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)     # the header stays when scrolling
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{header_row + max(len(rows), 1)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def to_xlsx(export: ShortlistExport) -> bytes:
    from openpyxl import Workbook
    workbook = Workbook()
    _write_sheet(workbook.active, export, export.shortlist_title, export.columns, export.rows)
    _write_sheet(workbook.create_sheet(), export, export.proposals_title, export.proposal_columns,
                 export.proposal_rows)
    workbook.properties.title = export.heading[0][:200]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_pdf(export: ShortlistExport) -> bytes:
    """A4, printable; in Arabic right to left, letters joined by Pango with the Noto Arabic fonts."""
    return render_pdf("exports/shortlist.html", "exports/shortlist.css", export.language, export=export)


RENDERERS = {"xlsx": to_xlsx, "csv": to_csv, "pdf": to_pdf, "json": to_json}


def render(export: ShortlistExport, fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}")
    return RENDERERS[fmt](export)
