"""The OGP Participation and Co-Creation Standards (2021), checked from the data: the minimum
requirements the platform can answer, each met, not met (saying what is missing) or not applicable,
with its evidence and a link to where anyone can verify it.

`check(consultation, language)` reads only and needs an app context (links, translations), no
request. Public facts only: dates, counts, proposal references; never a person.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.core.extensions import db
from consult.core.languages import in_language
from consult.reports import figures
from consult.reports.blocks import day, num
from consult.reports.sources import committee as forum, plans
from consult.reports.updates import update_days

SIX_MONTHS = 183      # days
REQUIREMENTS = ("forum_meets_every_six_months", "forum_rules_published", "forum_minutes_published",
                "repository_updated_twice_a_year", "calendar_published_before_opening",
                "reasoned_response_to_every_proposal", "civil_society_met_twice_during_implementation")
MAX_LISTED = 10


@dataclass
class Requirement:
    code: str
    title: str
    met: bool | None              # None: not applicable
    evidence: str
    missing: str = ""
    link: str | None = None

    @property
    def status(self) -> str:
        return "not_applicable" if self.met is None else ("met" if self.met else "not_met")

    def public(self) -> dict:
        return {"code": self.code, "title": self.title, "met": self.met, "status": self.status,
                "evidence": self.evidence, "missing": self.missing, "link": self.link}


def _link(endpoint: str, **values) -> str | None:
    """The URL of `endpoint`: absolute in a request (the API's readers follow it), else the path."""
    if endpoint not in current_app.view_functions:
        return None
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def _phase(consultation, kind: str):
    return next((p for p in consultation.phases if p.kind == kind), None)


def implementation_period(consultation) -> tuple[date | None, date | None]:
    """When the plan is carried out: its commitments' dates, else the follow-up phase."""
    plan = plans.plan_of(consultation)
    commitments = list(plan.commitments) if plan else []
    starts = [c.starts_on for c in commitments if c.starts_on]
    ends = [c.ends_on for c in commitments if c.ends_on]
    follow = _phase(consultation, "followup")
    start = min(starts) if starts else (follow.starts_on if follow else None)
    end = max(ends) if ends else (follow.ends_on if follow else None)
    return start, end


def cycle_period(consultation, today: date) -> tuple[date, date]:
    """From the first phase (or the consultation's creation) to the end of implementation, today at most."""
    starts = [p.starts_on for p in consultation.phases]
    start = min(starts) if starts else consultation.created_at.date()
    _start, end = implementation_period(consultation)
    ends = [p.ends_on for p in consultation.phases]
    end = end or (max(ends) if ends else today)
    return start, min(end, today)


def _dates(days: list[date]) -> str:
    shown = ", ".join(day(d) for d in days[:MAX_LISTED])
    return shown + (" …" if len(days) > MAX_LISTED else "")


def _forum_regular(consultation, body, today) -> Requirement:
    code, title = REQUIREMENTS[0], _("The multistakeholder forum meets at least every six months")
    link = _link("committee.page", consultation_id=consultation.id)
    if body is None:
        return Requirement(code, title, False, _("No multistakeholder forum is recorded for this consultation."),
                           _("Record the committee and its meetings."), link)
    start, end = cycle_period(consultation, today)
    held = [m.held_on for m in forum.held_meetings(consultation.id, today)]
    if not held:
        return Requirement(code, title, False, _("The committee has no meeting recorded."),
                           _("No meeting between %(start)s and %(end)s.", start=day(start), end=day(end)), link)
    points = [min(start, held[0])] + held + [max(end, held[-1])]
    gaps = [(earlier, later) for earlier, later in zip(points, points[1:]) if (later - earlier).days > SIX_MONTHS]
    evidence = _("%(count)s meetings held: %(dates)s.", count=num(len(held)), dates=_dates(held))
    if not gaps:
        return Requirement(code, title, True, evidence, link=link)
    missing = "; ".join(_("no meeting from %(start)s to %(end)s (%(days)s days)", start=day(a), end=day(b),
                          days=num((b - a).days)) for a, b in gaps)
    return Requirement(code, title, False, evidence, missing, link)


def _forum_rules(consultation, body) -> Requirement:
    code, title = REQUIREMENTS[1], _("The forum's rules (charter) are published")
    link = _link("committee.page", consultation_id=consultation.id)
    if body is None:
        return Requirement(code, title, False, _("No multistakeholder forum is recorded for this consultation."),
                           _("Record the committee and publish its charter."), link)
    if forum.charter_published(body):
        return Requirement(code, title, True, _("The charter was published on %(date)s.",
                                                date=day(forum.charter_published_at(body).date())), link=link)
    return Requirement(code, title, False, _("The charter is not published."),
                       _("Write the committee's charter and publish it."), link)


def _forum_minutes(consultation, body, today) -> Requirement:
    code, title = REQUIREMENTS[2], _("The forum's minutes are published")
    link = _link("committee.page", consultation_id=consultation.id)
    if body is None:
        return Requirement(code, title, False, _("No multistakeholder forum is recorded for this consultation."),
                           _("Record the committee's meetings and publish their minutes."), link)
    held = forum.held_meetings(consultation.id, today)
    if not held:
        return Requirement(code, title, None, _("The committee has not met yet: no minutes are due."), link=link)
    unpublished = [m.held_on for m in held if not m.minutes_published]
    evidence = _("Minutes published for %(published)s of %(held)s meetings held.",
                 published=num(len(held) - len(unpublished)), held=num(len(held)))
    if not unpublished:
        return Requirement(code, title, True, evidence, link=link)
    return Requirement(code, title, False, evidence,
                       _("Minutes not published for the meetings of %(dates)s.", dates=_dates(unpublished)), link)


def _repository(consultation, today) -> Requirement:
    code, title = REQUIREMENTS[3], _("The repository (this platform) is updated at least twice a year")
    link = _link("consultations.detail", consultation_id=consultation.id)
    start, end = cycle_period(consultation, today)
    if end < start:
        return Requirement(code, title, None, _("The cycle has not started yet."), link=link)
    days = update_days(consultation)
    counts, short = [], []
    for year in range(start.year, end.year + 1):
        first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
        needed = 2 if (last - first).days >= SIX_MONTHS else 1   # a part-year needs one update
        found = len({d for d in days if first <= d <= last})
        counts.append(ngettext("%(year)s: %(num)s day with updates", "%(year)s: %(num)s days with updates", found,
                               year=year))
        if found < needed:
            short.append(_("%(year)s: %(found)s of the %(needed)s updates needed", year=year, found=num(found),
                           needed=num(needed)))
    evidence = "; ".join(counts) + "."
    if not short:
        return Requirement(code, title, True, evidence, link=link)
    return Requirement(code, title, False, evidence, "; ".join(short) + ".", link)


def calendar_published_on(consultation) -> date:
    """When the calendar in force (its collection dates) was first published: the audited change
    that set those dates, else the consultation's creation (made with its calendar)."""
    from consult.core.models import AuditEntry
    published, previous = consultation.created_at, None
    entries = db.session.scalars(db.select(AuditEntry).filter_by(entity="consultation", entity_id=consultation.id,
                                                                 action="calendar").order_by(AuditEntry.id))
    for entry in entries:
        collection = (entry.details or {}).get("new", {}).get("collection")
        if collection != previous:
            published, previous = entry.at, collection
    return published.date()


def _calendar(consultation) -> Requirement:
    code, title = REQUIREMENTS[4], _("The calendar was published before the consultation opened")
    link = _link("consultations.detail", consultation_id=consultation.id)
    collection = _phase(consultation, "collection")
    if collection is None:
        return Requirement(code, title, None, _("The calendar has no collection phase."), link=link)
    published = calendar_published_on(consultation)
    evidence = _("Calendar published on %(published)s; the collection of proposals opened on %(opened)s.",
                 published=day(published), opened=day(collection.starts_on))
    if published < collection.starts_on:
        return Requirement(code, title, True, evidence, link=link)
    return Requirement(code, title, False, evidence, _(
        "The calendar was published %(days)s days after the consultation opened.",
        days=num((published - collection.starts_on).days)) if published > collection.starts_on
        else _("The calendar was published on the day the consultation opened."), link)


def _responses(consultation, data, today) -> Requirement:
    code, title = REQUIREMENTS[5], _("Every proposal received a reasoned response")
    link = _link("proposals.index", consultation_id=consultation.id)
    if not data.proposals:
        return Requirement(code, title, None, _("No proposal was received on the platform."), link=link)
    due = [p for p in consultation.phases if p.kind in ("draft", "final", "followup")]
    if not data.themes_retained + data.themes_not_retained and not (due and min(p.starts_on for p in due) <= today):
        return Requirement(code, title, None, _(
            "The responses are due once the shortlist is decided; %(responded)s of %(total)s proposals already "
            "have one.", responded=num(data.responded), total=num(data.proposals)), link=link)
    evidence = _("%(responded)s of the %(total)s proposals received a reasoned response.",
                 responded=num(data.responded), total=num(data.proposals))
    if not data.unanswered:
        return Requirement(code, title, True, evidence, link=link)
    refs = " ".join(data.unanswered[:MAX_LISTED]) + (" …" if len(data.unanswered) > MAX_LISTED else "")
    return Requirement(code, title, False, evidence, _(
        "%(count)s proposals have no reasoned response yet: %(refs)s", count=num(len(data.unanswered)), refs=refs), link)


def _implementation(consultation, body, today) -> Requirement:
    code, title = REQUIREMENTS[6], _("Civil society met at least twice during implementation")
    link = _link("committee.page", consultation_id=consultation.id)
    start, end = implementation_period(consultation)
    if start is None or start > today:
        return Requirement(code, title, None, _("Implementation has not started yet."), link=link)
    if body is None:
        return Requirement(code, title, False, _("No multistakeholder forum is recorded for this consultation."),
                           _("Record the meetings held with civil society during implementation."), link)
    met = [m.held_on for m in forum.meetings_with_civil_society(consultation.id, since=start, today=today)
           if end is None or m.held_on <= end]
    evidence = _("Meetings attended by civil society since implementation began on %(start)s: %(count)s.",
                 start=day(start), count=num(len(met))) + (f" ({_dates(met)})" if met else "")
    if len(met) >= 2:
        return Requirement(code, title, True, evidence, link=link)
    return Requirement(code, title, False, evidence,
                       _("%(count)s more meetings with civil society are needed.", count=num(2 - len(met))), link)


def check(consultation, language: str = "en", today: date | None = None) -> list[Requirement]:
    today = today or date.today()
    with in_language(language):
        body = forum.committee_of(consultation.id)
        data = figures.cocreation(consultation)
        return [_forum_regular(consultation, body, today), _forum_rules(consultation, body),
                _forum_minutes(consultation, body, today), _repository(consultation, today),
                _calendar(consultation), _responses(consultation, data, today),
                _implementation(consultation, body, today)]
