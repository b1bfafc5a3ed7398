"""The demo's committees: seeds 000 and 001 for the 4th national plan, Kef's 5+5; loading twice changes nothing."""
from __future__ import annotations

import pytest

from consult.committee import summary
from consult.core.extensions import db
from consult.demo.action_plans import load_action_plans
from consult.demo.committee import load_committees

pytestmark = pytest.mark.slow


def test_the_demo_committees(ctx):
    load_action_plans()
    assert load_committees() == 2
    db.session.commit()
    assert load_committees() == 0
    from consult.demo.loader import find_consultation, read_data
    plans = read_data("action_plans.json")
    national = find_consultation(plans["national"]["title"])
    kef = find_consultation(plans["kef"]["title"])
    meetings = summary.meetings_of(national.id)
    assert [m.held_on.isoformat() for m in meetings] == ["2022-12-20", "2023-04-15"]
    first = meetings[0]
    # Seed 000: ten on site, four online; the university professor counts as "other".
    assert summary.attendance_counts(first)["government"]["present"] == 9
    assert sum(c["online"] for c in summary.attendance_counts(first).values()) == 4
    assert summary.attendance_by_side(first) == {"government": 9, "civil_society": 4, "other": 1}
    assert first.mode == "hybrid" and first.starts_at == "14:30" and len(first.agenda) == 2
    # Each commitment discussed is linked to the update recorded that day, once.
    linked = [row for row in summary.discussed_in(first)]
    assert len(linked) == 12 and all(row.update and row.update.reported_on == first.held_on for row in linked)
    assert len(summary.discussed_in(meetings[1])) == 13
    assert summary.overdue_action_items(national.id)[0].text.startswith("صياغة ميثاق")
    assert not summary.charter_published(summary.committee_of(national.id))
    assert summary.balance(summary.committee_of(kef.id)) == {"government": 5, "civil_society": 5, "other": 0}
