"""Migration 0019 gives existing consultations their calendar's versions from what is known."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import text

from consult.core.extensions import db
from tests.factories import database_at


def test_existing_calendars_get_their_versions_from_the_audit_trail(tmp_path):
    with database_at(tmp_path, "0018_status_checks"):
        from flask_migrate import upgrade
        run = db.session.execute
        for cid, created in ((1, "2023-01-10 09:00:00"), (2, "2023-02-01 09:00:00"), (3, "2023-03-01 09:00:00")):
            run(text("INSERT INTO consultations (id, title, description, scope, created_at) "
                     "VALUES (:id, '{}', '{}', 'national', :at)"), {"id": cid, "at": created})
        for cid, kind, start, end in ((1, "collection", "2023-03-01", "2023-04-10"), (1, "grouping", "2023-04-11", "2023-04-30"),
                                      (2, "collection", "2023-03-05", "2023-03-31")):
            run(text("INSERT INTO phases (consultation_id, kind, starts_on, ends_on) VALUES (:c, :k, :s, :e)"),
                {"c": cid, "k": kind, "s": start, "e": end})
        # Consultation 1: created, then its calendar set before opening, then its collection extended.
        for at, action, details in (
                ("2023-01-15 08:00:00", "create", "{}"),
                ("2023-02-01 08:00:00", "calendar", '{"old": {}, "new": {"collection": ["2023-03-01", "2023-03-31"], '
                                                    '"draft": ["2023-05-01", "2023-05-15"]}}'),
                ("2023-03-20 08:00:00", "calendar", '{"old": {"collection": ["2023-03-01", "2023-03-31"], "draft": '
                                                    '["2023-05-01", "2023-05-15"]}, "new": {"collection": ["2023-03-01", '
                                                    '"2023-04-10"], "grouping": ["2023-04-11", "2023-04-30"]}}')):
            run(text("INSERT INTO audit_entries (at, entity, entity_id, action, details) "
                     "VALUES (:at, 'consultation', 1, :action, :details)"), {"at": at, "action": action, "details": details})
        db.session.commit()
        upgrade(revision="0019_calendar_versions")
        from consult.consultations.models import CalendarVersion
        versions = {cid: db.session.scalars(db.select(CalendarVersion).filter_by(consultation_id=cid)
                                            .order_by(CalendarVersion.id)).all() for cid in (1, 2, 3)}
        # 1: each audited change is a version, dated; the phase dropped on the way is named.
        assert [(v.saved_at, v.phases, v.removed) for v in versions[1]] == [
            (datetime(2023, 2, 1, 8), {"collection": ["2023-03-01", "2023-03-31"], "draft": ["2023-05-01", "2023-05-15"]}, {}),
            (datetime(2023, 3, 20, 8), {"collection": ["2023-03-01", "2023-04-10"], "grouping": ["2023-04-11", "2023-04-30"]},
             {"draft": ""})]
        # 2: no audit entry: its current phases, on the day it was created.
        assert [(v.saved_at, v.phases) for v in versions[2]] == [
            (datetime(2023, 2, 1, 9), {"collection": ["2023-03-05", "2023-03-31"]})]
        assert versions[2][0].period("collection") == (date(2023, 3, 5), date(2023, 3, 31))
        assert versions[3] == []          # no calendar, no version
        db.session.remove()
        db.engine.dispose()
