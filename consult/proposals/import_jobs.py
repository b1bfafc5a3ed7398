"""Large imports in the background: a file with more than INLINE_ROWS proposals is kept, with the
options chosen with it, as a `ProposalImport` and imported by a job (`core.jobs`), so the request
answers at once; the import's page shows its progress, then the same row-by-row report.

The job runs the same `importing.import_file`, in the uploader's language, and saves its
proposals and the report in one transaction: a job that dies imports nothing and can be started
again, and running it twice adds nothing (rows already imported are skipped, a done import is
left alone). Flushes; the request (or the job) commits.
"""
from __future__ import annotations

from dataclasses import asdict

from consult.core import audit, jobs, transactions
from consult.core.extensions import db
from consult.core.i18n import current_language
from consult.core.languages import in_language
from consult.core.models import utcnow
from consult.proposals import importing, services
from consult.proposals.models import ProposalImport

INLINE_ROWS = 300     # up to this many proposals a file is imported within the request


def job_key(import_id: int) -> str:
    return f"proposals.import:{import_id}"


def import_or_queue(consultation, filename: str, data: bytes, actor, *, channel: str, workshop=None,
                    allowed_workshops=None) -> importing.ImportReport | ProposalImport:
    """The report of a small file, imported now; or the queued import of a large one. Raises
    ImportFileError (changing nothing) for a file that cannot be read, before anything is queued."""
    table = importing.read_table(filename, data)
    if len(table[1]) <= INLINE_ROWS:
        return importing.import_file(consultation, filename, data, actor, channel=channel, workshop=workshop,
                                     allowed_workshops=allowed_workshops, table=table)
    record = ProposalImport(
        consultation_id=consultation.id, created_by_id=getattr(actor, "id", None), filename=filename[:200],
        data=data, n_rows=len(table[1]),
        options={"channel": channel, "workshop_id": getattr(workshop, "id", None), "language": current_language(),
                 "allowed_workshop_ids": None if allowed_workshops is None else [w.id for w in allowed_workshops]})
    db.session.add(record)
    db.session.flush()
    audit.record("proposal_import", record.id, "queue", actor, consultation=consultation.id, rows=record.n_rows)
    _enqueue(record)
    return record


def _enqueue(record: ProposalImport) -> None:
    jobs.enqueue("consult.proposals.import_jobs.perform", record.id, key=job_key(record.id),
                 on_failure="consult.proposals.import_jobs.failed")


def retry(record: ProposalImport, actor) -> bool:
    """Queue a failed import again (its file is kept until it is imported); False if it did not fail."""
    if record.status != "failed" or record.data is None:
        return False
    record.status, record.error = "queued", None
    audit.record("proposal_import", record.id, "retry", actor)
    _enqueue(record)
    return True


def report_of(record: ProposalImport) -> importing.ImportReport:
    return importing.ImportReport(filename=record.filename,
                                  rows=[importing.RowReport(**row) for row in record.report or []])


def perform(import_id: int) -> None:
    """The job: import the kept file, save the report and forget the file, in one transaction."""
    record = db.session.get(ProposalImport, import_id)
    if record is None or record.status == "done":
        return
    record.status = "running"
    transactions.commit()
    options, consultation = record.options, record.consultation
    workshops = {w.id: w for w in services.workshops_of(consultation)}
    allowed = options.get("allowed_workshop_ids")
    with in_language(options.get("language")):   # an ImportFileError fails the job, with its message
        report = importing.import_file(
            consultation, record.filename, record.data, record.created_by, channel=options.get("channel", "workshop"),
            workshop=workshops.get(options.get("workshop_id")),
            allowed_workshops=None if allowed is None else [workshops[i] for i in allowed if i in workshops])
    record.report = [asdict(row) for row in report.rows]
    record.status, record.finished_at, record.data = "done", utcnow(), None
    transactions.commit()


def failed(import_id: int, message: str) -> None:
    """The job failed (or its worker died): the import says so; its file is kept for a retry."""
    record = db.session.get(ProposalImport, import_id)
    if record is not None and record.status != "done":
        record.status, record.error, record.finished_at = "failed", message[:2000], utcnow()
        db.session.flush()
