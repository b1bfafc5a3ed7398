"""The report's narrative and its publication: written by the coordinator. Flushes, never commits;
every change is audited."""
from __future__ import annotations

from consult.core import audit
from consult.core.extensions import db
from consult.core.languages import LANGUAGES
from consult.core.models import utcnow
from consult.reports.models import SECTIONS, TEXT_MAX, CommitmentNote, SelfAssessment


def report_of(consultation) -> SelfAssessment | None:
    """The consultation's report, if anything was written yet (reading never creates one)."""
    return db.session.scalar(db.select(SelfAssessment).filter_by(consultation_id=consultation.id))


def ensure_report(consultation) -> SelfAssessment:
    report = report_of(consultation)
    if report is None:
        report = SelfAssessment(consultation_id=consultation.id, sections={})
        db.session.add(report)
        db.session.flush()
        audit.record("self_assessment", report.id, "create", None, consultation=consultation.id)
    return report


def _clean(texts: dict | None) -> dict:
    return {code: ((texts or {}).get(code) or "").strip()[:TEXT_MAX] for code in LANGUAGES}


def save_sections(consultation, sections: dict, actor) -> SelfAssessment:
    """Write the narrative sections ({section: {"ar", "fr", "en"}}); sections not given are kept."""
    report = ensure_report(consultation)
    old = dict(report.sections or {})
    new = dict(old)
    for section in SECTIONS:
        if section in sections:
            new[section] = _clean(sections[section])
    if new != old:
        report.sections = new
        db.session.flush()
        audit.record("self_assessment", report.id, "sections", actor, old=old, new=new)
    return report


def note_of(report: SelfAssessment | None, commitment) -> CommitmentNote | None:
    if report is None:
        return None
    return next((note for note in report.notes if note.commitment_id == commitment.id), None)


def save_note(consultation, commitment, results: dict, recommendations: dict, actor) -> CommitmentNote:
    """The report's results and recommendations for one commitment of the consultation's plan."""
    if commitment.plan.consultation_id != consultation.id:
        raise ValueError("the commitment belongs to another consultation")
    report = ensure_report(consultation)
    note = note_of(report, commitment)
    old = {"results": note.results, "recommendations": note.recommendations} if note else None
    if note is None:
        note = CommitmentNote(report=report, commitment_id=commitment.id, results={}, recommendations={})
        db.session.add(note)
    note.results, note.recommendations = _clean(results), _clean(recommendations)
    db.session.flush()
    new = {"results": note.results, "recommendations": note.recommendations}
    if new != old:
        audit.record("self_assessment", report.id, "commitment_note", actor, commitment=commitment.id,
                     old=old, new=new)
    return note


def set_published(consultation, published: bool, actor) -> SelfAssessment:
    """Publish the report (everyone may read and download it) or take it back to the coordinators."""
    report = ensure_report(consultation)
    if published != report.is_published:
        report.published_at = utcnow() if published else None
        report.published_by_id = getattr(actor, "id", None) if published else None
        db.session.flush()
        audit.record("self_assessment", report.id, "publish" if published else "unpublish", actor)
    return report
