"""The demo's two plans in follow-up publish only what their seeds say (issue 20): Kef's commitments
without a percentage in seed 004 are not measured (OGP's "no evidence available"), and what seed 001
calls "not done" keeps the level recorded before (commitment 7 stays limited, not "not started"),
with no percentage made up. Each plan's overall progress is the mean of its measured commitments."""
from __future__ import annotations

from consult.commitments import figures
from consult.commitments.plans import plan_of
from consult.core.extensions import db
from consult.demo.action_plans import load_action_plans
from consult.demo.loader import find_consultation, read_data


def _plans():
    load_action_plans()
    db.session.commit()
    data = read_data("action_plans.json")
    return (plan_of(find_consultation(data["national"]["title"])),
            plan_of(find_consultation(data["kef"]["title"])))


def test_the_demo_plans_show_what_the_seeds_measured_and_nothing_else(ctx):
    national, kef = _plans()
    state = {c.number: (figures.progress_of(c), figures.completion_of(c)) for c in kef.commitments}
    assert state == {2: (None, "no_evidence"), 3: (10, "limited"), 5: (100, "complete"), 6: (None, "no_evidence"),
                     7: (None, "no_evidence"), 9: (60, "substantial"), 17: (100, "complete")}
    assert figures.plan_progress(kef.commitments).public() == {"progress": 68, "measured": 4, "commitments": 7}

    state = {c.number: (figures.progress_of(c), figures.completion_of(c)) for c in national.commitments}
    assert state[7] == (None, "limited")       # seed 001: "not done", after a limited level in December
    assert state[3] == state[6] == (None, "not_started")
    assert {n for n, (value, _level) in state.items() if value is not None} == {5, 8, 10, 11}
    assert all(level == "limited" for n, (value, level) in state.items() if n in (1, 2, 4, 9, 12, 13))
    assert figures.plan_progress(national.commitments).public() == {"progress": 100, "measured": 4,
                                                                    "commitments": 13}


def test_the_demo_calendars_were_published_before_collection_opened(ctx, today):
    # Loaded today, the demo's consultations announced their calendars before opening, as the seeds'
    # did: the standards page must not judge them on the day the demo was loaded.
    from consult.demo.loader import load_demo
    from consult.reports import standards
    load_demo()
    db.session.commit()
    for title in (read_data("action_plans.json")["national"]["title"], read_data("consultation.json")["title"]):
        consultation = find_consultation(title)
        calendar = {r.code: r for r in standards.check(consultation, "en", today)}["calendar_published_before_opening"]
        assert calendar.met is True, (title, calendar)
