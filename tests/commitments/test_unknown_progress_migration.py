"""Migration 0020: progress that nothing measured becomes NULL (not 0); "no evidence available"
joins the completion levels the database accepts."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from consult.core.extensions import db
from tests.factories import database_at

ROWS = {  # commitment id: (its progress, its milestones, [(update progress, progress given)])
    1: (0, 0, []),                        # never updated: not measured
    2: (0, 0, [(0, True)]),               # 0% given: measured
    3: (40, 0, [(40, True), (40, False)]),  # 40% given, then words only (that update measured nothing)
    4: (0, 0, [(0, False)]),              # words only, no milestones: not measured
    5: (0, 2, [(0, False)]),              # computed from its milestones: measured
}


def test_unmeasured_progress_becomes_null_and_no_evidence_is_accepted(tmp_path):
    with database_at(tmp_path, "0019_calendar_versions"):
        from flask_migrate import upgrade
        run = db.session.execute
        run(text("INSERT INTO consultations (id, title, description, scope, created_at) "
                 "VALUES (1, '{}', '{}', 'national', '2023-01-01 09:00:00')"))
        run(text("INSERT INTO action_plans (id, consultation_id, status, created_at) "
                 "VALUES (1, 1, 'final', '2023-01-01 09:00:00')"))
        update_id = 0
        for cid, (value, milestones, updates) in ROWS.items():
            run(text("INSERT INTO commitments (id, plan_id, number, title, lead_body, other_actors, problem, objective, "
                     "description, relevance, ambition, expected_results, origin, origin_note, progress, completion, "
                     "created_at, updated_at) VALUES (:id, 1, :id, '{}', '', '{}', '', '', '', '{}', '', '', 'other', "
                     "'', :progress, 'limited', '2023-01-01 09:00:00', '2023-01-01 09:00:00')"),
                {"id": cid, "progress": value})
            for position in range(milestones):
                run(text("INSERT INTO milestones (commitment_id, position, deliverable, responsible_body, done) "
                         "VALUES (:c, :p, 'x', '', 0)"), {"c": cid, "p": position})
            for progress, given in updates:
                update_id += 1
                run(text("INSERT INTO progress_updates (id, commitment_id, reported_on, progress, progress_given, "
                         "completion, milestones_done, done_text, difficulties, recommendations, evidence, source, "
                         "fingerprint, created_at) VALUES (:id, :c, '2023-04-15', :p, :g, 'limited', '[]', 'x', '', "
                         "'', '[]', 'web', :f, '2023-04-15 09:00:00')"),
                    {"id": update_id, "c": cid, "p": progress, "g": given, "f": f"f{update_id}"})
        db.session.commit()
        upgrade(revision="0020_unknown_progress")
        assert dict(run(text("SELECT id, progress FROM commitments ORDER BY id")).all()) == {
            1: None, 2: 0, 3: 40, 4: None, 5: 0}
        assert [row[0] for row in run(text("SELECT progress FROM progress_updates ORDER BY id"))] == [0, 40, None, None, 0]
        run(text("UPDATE commitments SET completion = 'no_evidence', progress = NULL WHERE id = 1"))
        db.session.commit()
        with pytest.raises(IntegrityError):
            run(text("UPDATE commitments SET completion = 'not_done' WHERE id = 2"))
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
