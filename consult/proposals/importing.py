"""Importing proposals from a spreadsheet (XLSX or CSV) filled in by a workshop's facilitators.

Reading the file (`import_files`) is all or nothing: a file that cannot be read, has no header row, unknown columns
or too many rows raises ImportFileError and changes nothing. Its rows are then judged one by one:
valid rows become proposals, invalid rows are refused with their reasons, and rows whose exact
(title, problem, reform) already exist are skipped, so that uploading a file twice adds nothing.
Flushes; the caller commits. The template to fill in is written by `import_template`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from consult.core.text import fold_for_search
from consult.proposals.signals import proposals_saved
from consult.core import audit
from consult.core.extensions import db
from consult.core.geo import GOVERNORATES
from consult.core.i18n import current_language
from consult.core.languages import LANGUAGES, in_language
from consult.proposals import services
from consult.proposals.labels import channel_labels, proposer_labels
from consult.proposals.import_files import ImportFileError, rows as file_rows
from consult.proposals.models import PROPOSER_TYPES, SHORT_MAX, TEXT_MAX, TITLE_MAX, Proposal
from consult.workshops.naming import workshop_names

MAX_ROWS = 5000
IMPORT_CHANNELS = ("workshop", "email", "letter", "social")
REQUIRED = ("title", "problem", "reform")
LIMITS = {"title": TITLE_MAX, "problem": TEXT_MAX, "reform": TEXT_MAX, "results": TEXT_MAX,
          "body": SHORT_MAX, "municipality": SHORT_MAX}

# The columns, in template order, with the header written in each language. Any of these names,
# or the code itself, is accepted in a header, whatever the case, accents or Arabic letter forms.
COLUMNS: dict[str, dict[str, str]] = {
    "title": {"ar": "العنوان", "fr": "Titre", "en": "Title"},
    "problem": {"ar": "الإشكالية", "fr": "Problème", "en": "Problem"},
    "reform": {"ar": "الإصلاح المقترح", "fr": "Réforme proposée", "en": "Proposed reform"},
    "results": {"ar": "النتائج المنتظرة", "fr": "Résultats attendus", "en": "Expected results"},
    "body": {"ar": "الهيكل المعني", "fr": "Organisme responsable", "en": "Responsible body"},
    "axis": {"ar": "المحور", "fr": "Axe", "en": "Axis"},
    "governorate": {"ar": "الولاية", "fr": "Gouvernorat", "en": "Governorate"},
    "municipality": {"ar": "البلدية", "fr": "Commune", "en": "Municipality"},
    "proposer": {"ar": "صاحب المقترح", "fr": "Proposé par", "en": "Proposer"},
    "channel": {"ar": "قناة الورود", "fr": "Canal", "en": "Channel"},
    "workshop": {"ar": "الورشة", "fr": "Atelier", "en": "Workshop"},
}
# The column the file of refused rows adds (proposals.import_fixes): read back, it is ignored.
REASONS_COLUMN = {"ar": "سبب الرفض", "fr": "Motif du refus", "en": "Why refused"}
# The template's example row (proposals.import_template), skipped when a filled-in file comes back.
EXAMPLE_TITLES = {"ar": "مثال: نشر محاضر جلسات المجلس البلدي", "fr": "Exemple : publier les procès-verbaux du conseil municipal",
                  "en": "Example: publish the minutes of the municipal council"}
EXAMPLE_TEXTS = {
    "problem": {"ar": "لا تُنشر محاضر الجلسات ولا يعرف المتساكنون ما تقرّر.", "fr": "Les procès-verbaux ne sont pas publiés.",
                "en": "The minutes are not published."},
    "reform": {"ar": "نشرها على موقع البلدية خلال أسبوع من كل جلسة.", "fr": "Les publier en ligne dans la semaine.",
               "en": "Publish them online within a week."},
    "results": {"ar": "متساكنون يتابعون قرارات بلديتهم.", "fr": "Des habitants informés.", "en": "Informed residents."},
    "body": {"ar": "البلدية", "fr": "La commune", "en": "The municipality"},
    "municipality": {"ar": "الكاف", "fr": "Le Kef", "en": "Kef"},
}
# Other names seen on workshop sheets.
OTHER_NAMES = {
    "title": ("عنوان المقترح", "intitulé"),
    "problem": ("المشكل", "الوضع الحالي", "problématique", "situation actuelle"),
    "reform": ("الإصلاح", "المقترح", "réforme", "proposition", "reform"),
    "results": ("النتائج", "النتائج المرتقبة", "résultats", "results"),
    "body": ("الجهة المعنية", "الجهة المسؤولة", "organisme", "structure responsable", "body"),
    "governorate": ("gouvernorat", "region", "الجهة"),
    "municipality": ("municipalité", "commune"),
    "proposer": ("proposer_type", "auteur", "صفة صاحب المقترح"),
    "channel": ("القناة",),
    "workshop": ("ورشة العمل",),
}


@dataclass
class RowReport:
    number: int                       # as the spreadsheet numbers it: the header is row 1
    outcome: str                      # imported | refused | skipped
    ref: str | None = None
    reasons: list[str] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)   # a refused row's cells, by column code


@dataclass
class ImportReport:
    filename: str
    rows: list[RowReport]

    def count(self, outcome: str) -> int:
        return sum(row.outcome == outcome for row in self.rows)


def _key(text) -> str:
    return fold_for_search(str(text)).replace("_", " ").replace("-", " ").strip(" *:")


def _header_names() -> dict[str, str]:
    names = {}
    for code, labels in {**COLUMNS, "why_refused": REASONS_COLUMN}.items():
        for name in (code, *labels.values(), *OTHER_NAMES.get(code, ())):
            names[_key(name)] = code
    return names


# --- the table in the file ------------------------------------------------------------------------

def read_table(filename: str, data: bytes) -> tuple[dict[int, str], list[tuple[int, list[str]]]]:
    """The columns (position -> code) and the non-empty data rows (number, cells) of a file."""
    rows = ((number, cells) for number, cells in file_rows(filename, data) if any(cells))
    header_row = next(rows, None)
    if header_row is None:
        raise ImportFileError(_("The file is empty."))
    columns = map_header(header_row[1])
    data_rows = []
    for row in rows:
        if len(data_rows) == MAX_ROWS:
            raise ImportFileError(_("The file has more than %(max)d proposals. Split it into files of at "
                                    "most %(max)d rows and import them one by one.", max=MAX_ROWS))
        data_rows.append(row)
    if not data_rows:
        raise ImportFileError(_("The file has a header row but no proposals under it."))
    return columns, data_rows


def map_header(cells: list[str]) -> dict[int, str]:
    names = _header_names()
    columns, unknown = {}, []
    for position, cell in enumerate(cells):
        if not cell:
            continue
        code = names.get(_key(cell))
        if code is None:
            unknown.append(cell[:40])   # e.g. a "notes" column: refused rather than silently dropped
        elif code in columns.values():
            raise ImportFileError(_("The column \"%(name)s\" appears twice.", name=cell[:40]))
        else:
            columns[position] = code
    accepted = ", ".join(COLUMNS)
    if not columns:
        raise ImportFileError(_("The first row must name the columns (for example: %(columns)s). "
                                "Download the template to see them.", columns=accepted))
    if unknown:
        raise ImportFileError(_("Unknown columns: %(names)s. Accepted columns: %(columns)s.",
                                names=", ".join(f"\"{name}\"" for name in unknown), columns=accepted))
    missing = [code for code in REQUIRED if code not in columns.values()]
    if missing:
        raise ImportFileError(_("Missing columns: %(names)s.", names=", ".join(missing)))
    return columns


# --- judging the rows ----------------------------------------------------------------------------

class _Lookups:
    """Codes and names accepted for the choice columns, folded for comparison."""

    def __init__(self, consultation, workshops):
        self.axes = self._names({a.code: a for a in consultation.axes}, lambda a: a.name.values())
        self.governorates = self._names(GOVERNORATES, lambda names: names.values(), value=lambda code: code)
        self.workshops = self._names({w.code: w for w in workshops},
                                     lambda w: [*(w.venue or {}).values(), *workshop_names(w)])
        self.proposers = self._labelled(PROPOSER_TYPES, proposer_labels)
        self.channels = self._labelled(IMPORT_CHANNELS, channel_labels)

    @staticmethod
    def _names(by_code: dict, names_of, value=None) -> dict:
        folded = {}
        for code, item in by_code.items():
            for name in (code, *names_of(item)):
                if name:
                    folded[_key(name)] = value(code) if value else item
        return folded

    @staticmethod
    def _labelled(codes, labels) -> dict:
        folded = {_key(code): code for code in codes}
        for language in LANGUAGES:
            with in_language(language):
                folded.update({_key(str(label)): code for code, label in labels().items() if code in codes})
        return folded

    def governorate(self, text: str):
        key = _key(text)
        for prefix in ("ولايه ", "gouvernorat de ", "gouvernorat du ", "gouvernorat d'", "governorate of "):
            key = key.removeprefix(prefix)
        return self.governorates.get(key) or self.governorates.get(key.removeprefix("el ").removeprefix("le "))


def column_label(code: str) -> str:
    """A column's header in the user's language, to name it in a reason."""
    return COLUMNS[code].get(current_language(), code)


def _judge(cells: dict[str, str], lookups: _Lookups, defaults: dict) -> tuple[dict, str, list[str]]:
    """The proposal fields and channel of one row, and the reasons to refuse it (none if valid)."""
    reasons = []
    for name in REQUIRED:
        if not cells.get(name):
            reasons.append(_("%(column)s is empty", column=column_label(name)))
    for name, limit in LIMITS.items():
        if len(cells.get(name, "")) > limit:
            reasons.append(_("%(column)s is longer than %(max)d characters", column=column_label(name), max=limit))
    fields = {name: cells.get(name, "") for name in LIMITS}

    def choose(column, table, unknown):
        text = cells.get(column, "")
        if not text:
            return None
        found = table(text) if callable(table) else table.get(_key(text))
        if found is None:   # the reason is translated only for the rows that need it
            reasons.append(unknown(text[:60]))
        return found

    axis = choose("axis", lookups.axes, lambda value: _("unknown axis '%(value)s'", value=value))
    workshop = choose("workshop", lookups.workshops,
                      lambda value: _("unknown workshop '%(value)s'", value=value)) or defaults["workshop"]
    governorate = choose("governorate", lookups.governorate,
                         lambda value: _("unknown governorate '%(value)s'", value=value))
    proposer = choose("proposer", lookups.proposers,
                      lambda value: _("unknown proposer '%(value)s'", value=value)) or "citizen"
    channel = choose("channel", lookups.channels,
                     lambda value: _("unknown channel '%(value)s'", value=value)) or defaults["channel"]
    if channel == "workshop" and workshop is None and not cells.get("workshop"):
        reasons.append(_("no workshop: a proposal from a workshop names it (choose one for the whole file, "
                         "or fill in the workshop column)"))
    fields.update(axis_id=axis.id if axis else None, proposer_type=proposer,
                  workshop_id=workshop.id if workshop else None,
                  governorate=governorate or (workshop.governorate if workshop else None)
                  or defaults["governorate"])
    return fields, channel, reasons


def _existing_keys(consultation, titles: set[str]) -> set[tuple[str, str, str]]:
    keys, titles = set(), sorted(titles)
    for start in range(0, len(titles), 500):
        keys.update(db.session.execute(
            db.select(Proposal.title, Proposal.problem, Proposal.reform)
            .filter(Proposal.consultation_id == consultation.id, Proposal.title.in_(titles[start:start + 500]))
        ).tuples())
    return keys


def import_file(consultation, filename: str, data: bytes, actor, *, channel: str = "workshop",
                workshop=None, allowed_workshops=None, table=None) -> ImportReport:
    """Import the valid rows of a file; raises ImportFileError (changing nothing) if it is unreadable.

    `allowed_workshops` (default: all) are those the rows may name: a facilitator's own. `table`:
    the file already read by `read_table`.
    """
    columns, rows = table or read_table(filename, data)
    workshops = services.workshops_of(consultation)
    allowed_ids = {w.id for w in (workshops if allowed_workshops is None else allowed_workshops)}
    lookups = _Lookups(consultation, workshops)
    defaults = {"channel": channel if channel in IMPORT_CHANNELS else "workshop", "workshop": workshop,
                "governorate": consultation.governorate}
    examples = {_key(title) for title in EXAMPLE_TITLES.values()}
    named = [(number, {columns[i]: cell for i, cell in enumerate(cells) if i in columns}, cells)
             for number, cells in rows]
    named = [entry for entry in named if _key(entry[1].get("title", "")) not in examples]
    seen = _existing_keys(consultation, {row.get("title", "") for _n, row, _c in named})
    first_row_of: dict[tuple, int] = {}
    report, valid = ImportReport(filename=filename, rows=[]), []
    for number, row, cells in named:
        fields, row_channel, reasons = _judge(row, lookups, defaults)
        if fields["workshop_id"] is not None and fields["workshop_id"] not in allowed_ids:
            reasons.append(_("the workshop '%(value)s' is not one you facilitate", value=row.get("workshop", "")[:60]))
        if any(cell for i, cell in enumerate(cells) if i not in columns):
            reasons.append(_("has values in a column without a name (check the separators and quotes)"))
        if reasons:
            report.rows.append(RowReport(number, "refused", reasons=reasons, cells=row))
            continue
        key = (fields["title"], fields["problem"], fields["reform"])
        if key in seen:
            report.rows.append(RowReport(number, "skipped", reasons=[
                _("same as row %(row)d of this file", row=first_row_of[key]) if key in first_row_of
                else _("already in this consultation")]))
            continue
        seen.add(key)
        first_row_of[key] = number
        valid.append((number, fields, row_channel))
    refs = services.new_references(len(valid)) if valid else []
    by_number, saved = {}, []
    for (number, fields, row_channel), ref in zip(valid, refs):
        saved.append(services.build(consultation, fields, ref=ref, channel=row_channel, entered_by=actor))
        by_number[number] = RowReport(number, "imported", ref=ref)
    report.rows = sorted(report.rows + list(by_number.values()), key=lambda row: row.number)
    db.session.flush()
    proposals_saved.send(consultation, proposals=saved)
    audit.record("consultation", consultation.id, "import_proposals", actor, file=filename[:200],
                 imported=report.count("imported"), refused=report.count("refused"),
                 skipped=report.count("skipped"))
    return report


__all__ = ["ImportFileError", "ImportReport", "MAX_ROWS", "import_file", "read_table"]
