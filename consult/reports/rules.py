"""Who may read and write the self-assessment report and the standards page.

The coordinator writes the report's narrative and publishes it; the report (its page and its
PDF/DOCX downloads) is public once published, and always open to coordinators, who read it while
they write. The OGP standards page checks public facts only and is public from the start: a
requirement not met is exactly what the public and the independent reviewers should see.
"""
from __future__ import annotations

from consult.core.extensions import db
from consult.core.permissions import Rule, define, everyone, is_coordinator


def _published(user, obj) -> bool:
    from consult.reports.models import SelfAssessment
    consultation = getattr(obj, "consultation", obj)
    if consultation is None or getattr(consultation, "id", None) is None:
        return False
    report = db.session.scalar(db.select(SelfAssessment).filter_by(consultation_id=consultation.id))
    return report is not None and report.is_published


report_is_published = Rule(_published, "report_is_published")

define("reports.read", report_is_published | is_coordinator)
define("reports.write", is_coordinator)
define("reports.standards", everyone)
