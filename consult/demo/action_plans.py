"""Two real action plans in follow-up, from the seeds: Tunisia's 4th national plan (2021-2023),
its 13 commitments and what the joint advisory committee recorded at two meetings (seeds 000 and
001), and the Kef municipality's local plan with the percentages and recommendations of its final
self-assessment (seed 004).

What the seeds do not give is not made up: the minutes of 20 December 2022 give no percentages
(the levels recorded for that day are our reading of the minutes); the later meeting's minutes are
undated (after March 2023, before the May 2023 workshops: recorded as 15 April 2023) and sort the
commitments into done (100%), not done and partly done (no percentage: recorded as "limited").
"Not done" gives no percentage and no level (it is not "not started": commitment 7 had begun): those
updates record the minutes' words only, so the level of December stays and the progress stays not
measured. Commitment 12 is not named in the minutes, its title follows what they say of it. Kef's
report names 7 of its 17 commitments and gives 4 percentages: only those are loaded; the 3 others
it names are at OGP's "no evidence available", their progress not measured (never 0%).

Idempotent: a plan already loaded (found by its consultation's title) is left as it is. Flushes.
"""
from __future__ import annotations

from datetime import date, timedelta

from consult.commitments import plans, progress
from consult.commitments.models import ActionPlan
from consult.consultations.models import Axis, Consultation, Phase
from consult.core import audit
from consult.core.extensions import db
from consult.demo.loader import find_consultation, publish_calendar_before_opening, read_data


def _day(text: str | None, today: date) -> date:
    # The follow-up phase runs until after today, so that the plan shows as "in follow-up".
    return date.fromisoformat(text) if text else today + timedelta(days=365)


def load_plan(data: dict, today: date | None = None) -> tuple[Consultation, bool]:
    today = today or date.today()
    existing = find_consultation(data["title"])
    if existing is not None:
        return existing, False
    consultation = Consultation(title=data["title"], description=data["description"], scope=data["scope"],
                                governorate=data["governorate"], municipality=data["municipality"])
    consultation.axes = [Axis(code=code, name=name, position=position)
                         for position, (code, name) in enumerate(data["axes"].items(), start=1)]
    consultation.phases = [Phase(kind=kind, starts_on=_day(start, today), ends_on=_day(end, today))
                           for kind, start, end in data["phases"]]
    db.session.add(consultation)
    db.session.flush()
    audit.record("consultation", consultation.id, "create", None, source="demo")
    publish_calendar_before_opening(consultation)
    plan = ActionPlan(consultation=consultation, status="draft")
    db.session.add(plan)
    db.session.flush()
    axes = {axis.code: axis.id for axis in consultation.axes}
    made = []
    for item in data["commitments"]:
        made.append((plans.add_commitment(plan, {
            "number": item["number"], "title": item["title"], "axis_id": axes.get(item["axis"]),
            "lead_body": item["lead_body"], "origin": "other", "origin_note": localized_title(data),
            "starts_on": date.fromisoformat(data["start"]), "ends_on": date.fromisoformat(data["end"])}, None), item))
    db.session.refresh(plan, ["commitments"])
    version = plans.publish(plan, "", None)
    version.published_at = plan.published_at = _midnight(data["published"])
    for commitment, item in made:
        for update in item["updates"]:
            progress.add_update(commitment, None, source="demo", reported_on=date.fromisoformat(update["date"]),
                                progress=update["progress"], completion=update["completion"],
                                done_text=update["done"], difficulties=update["difficulties"],
                                recommendations=update["recommendations"])
    db.session.flush()
    return consultation, True


def _midnight(text: str):
    from datetime import datetime
    return datetime.fromisoformat(text + "T00:00:00")


def localized_title(data: dict) -> str:
    return data["title"]["ar"]


def load_action_plans(today: date | None = None) -> int:
    """Load both plans; returns how many were added."""
    data = read_data("action_plans.json")
    return sum(load_plan(data[key], today)[1] for key in ("national", "kef"))
