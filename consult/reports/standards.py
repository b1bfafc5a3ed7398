"""The OGP Participation and Co-Creation Standards (2021), checked from the data: the minimum
requirements the platform can answer, each met, not met (saying what is missing) or not applicable,
with its evidence and a link to where anyone can verify it. The dates the evidence rests on are
also given as facts: what happened, on which day, and the public page that shows it.

`check(consultation, language)` reads only and needs an app context (links, translations), no
request. Public facts only: dates, counts, proposal references; never a person.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from consult.core.languages import in_language
from consult.reports import figures
from consult.reports.blocks import day, num
from consult.reports.sources import calendar_versions, committee as forum, plans
from consult.reports.updates import update_days

SIX_MONTHS = 183      # days
REQUIREMENTS = ("forum_meets_every_six_months", "forum_rules_published", "forum_minutes_published",
                "repository_updated_twice_a_year", "calendar_published_before_opening",
                "reasoned_response_to_every_proposal", "civil_society_met_twice_during_implementation")
MAX_LISTED = 10


@dataclass
class Fact:
    """A dated fact the evidence rests on, and where anyone can read it."""
    on: date
    text: str
    link: str | None = None

    def public(self) -> dict:
        return {"date": self.on.isoformat(), "fact": self.text, "link": self.link}


@dataclass
class Requirement:
    code: str
    title: str
    met: bool | None              # None: not applicable
    evidence: str
    missing: str = ""
    link: str | None = None
    facts: list[Fact] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "not_applicable" if self.met is None else ("met" if self.met else "not_met")

    def public(self) -> dict:
        return {"code": self.code, "title": self.title, "met": self.met, "status": self.status,
                "evidence": self.evidence, "missing": self.missing, "link": self.link,
                "facts": [fact.public() for fact in self.facts]}


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


def _meeting_facts(meetings, text: str) -> list[Fact]:
    return [Fact(m.held_on, text, _link("committee.meeting", meeting_id=m.id)) for m in meetings]


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
    meetings = forum.held_meetings(consultation.id, today)
    held = [m.held_on for m in meetings]
    facts = _meeting_facts(meetings, _("The committee met."))
    if not held:
        return Requirement(code, title, False, _("The committee has no meeting recorded."),
                           _("No meeting between %(start)s and %(end)s.", start=day(start), end=day(end)), link)
    points = [min(start, held[0])] + held + [max(end, held[-1])]
    gaps = [(earlier, later) for earlier, later in zip(points, points[1:]) if (later - earlier).days > SIX_MONTHS]
    evidence = _("%(count)s meetings held: %(dates)s.", count=num(len(held)), dates=_dates(held))
    if not gaps:
        return Requirement(code, title, True, evidence, link=link, facts=facts)
    missing = "; ".join(_("no meeting from %(start)s to %(end)s (%(days)s days)", start=day(a), end=day(b),
                          days=num((b - a).days)) for a, b in gaps)
    return Requirement(code, title, False, evidence, missing, link, facts)


def _forum_rules(consultation, body) -> Requirement:
    code, title = REQUIREMENTS[1], _("The forum's rules (charter) are published")
    link = _link("committee.page", consultation_id=consultation.id)
    if body is None:
        return Requirement(code, title, False, _("No multistakeholder forum is recorded for this consultation."),
                           _("Record the committee and publish its charter."), link)
    if forum.charter_published(body):
        published = forum.charter_published_at(body).date()
        return Requirement(code, title, True, _("The charter was published on %(date)s.", date=day(published)),
                           link=link, facts=[Fact(published, _("The committee's charter was published."), link)])
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
    facts = (_meeting_facts([m for m in held if m.minutes_published], _("Meeting whose minutes are published."))
             + _meeting_facts([m for m in held if not m.minutes_published], _("Meeting whose minutes are not "
                                                                              "published.")))
    facts.sort(key=lambda fact: fact.on)
    if not unpublished:
        return Requirement(code, title, True, evidence, link=link, facts=facts)
    return Requirement(code, title, False, evidence,
                       _("Minutes not published for the meetings of %(dates)s.", dates=_dates(unpublished)), link, facts)


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


def _version_link(consultation, number: int) -> str | None:
    return _link("consultations.detail", consultation_id=consultation.id, _anchor=f"calendar-version-{number}")


def _calendar(consultation) -> Requirement:
    """Judged on the version of the calendar in force when the collection opened (the last one
    published before that day), whatever was changed afterwards: did it announce that opening?"""
    code, title = REQUIREMENTS[4], _("The calendar was published before the consultation opened")
    collection = _phase(consultation, "collection")
    if collection is None:
        return Requirement(code, title, None, _("The calendar has no collection phase."),
                           link=_link("consultations.detail", consultation_id=consultation.id))
    opened = collection.starts_on
    versions = list(enumerate(calendar_versions(consultation), start=1))
    opening = Fact(opened, _("The collection of proposals opened."),
                   _link("consultations.detail", consultation_id=consultation.id))

    def published(number, version) -> Fact:
        return Fact(version.saved_at.date(), _("Version %(number)s of the calendar was published.", number=num(number)),
                    _version_link(consultation, number))

    def announces(version) -> bool:
        period = version.period("collection")
        return period is not None and period[0] == opened

    before = [(n, v) for n, v in versions if v.saved_at.date() < opened]
    if before and announces(before[-1][1]):
        number, version = before[-1]
        return Requirement(code, title, True, _(
            "The calendar in force when the collection of proposals opened on %(opened)s is version %(number)s, "
            "published on %(published)s.", opened=day(opened), number=num(number),
            published=day(version.saved_at.date())), link=_version_link(consultation, number),
            facts=[published(number, version), opening])
    # The first version that announced this opening date, published on or after that day.
    later = [(n, v) for n, v in versions if announces(v) and (not before or n > before[-1][0])]
    facts = ([published(*before[-1])] if before else []) + ([published(*later[0])] if later else []) + [opening]
    facts.sort(key=lambda fact: fact.on)
    if before:
        number, version = before[-1]
        period = version.period("collection")
        evidence = (_("The calendar in force when the collection of proposals opened on %(opened)s (version "
                      "%(number)s, published on %(published)s) announced the opening for %(announced)s.",
                      opened=day(opened), number=num(number), published=day(version.saved_at.date()),
                      announced=day(period[0])) if period else
                    _("The calendar in force when the collection of proposals opened on %(opened)s (version "
                      "%(number)s, published on %(published)s) had no collection phase.",
                      opened=day(opened), number=num(number), published=day(version.saved_at.date())))
    else:
        first_number, first = later[0] if later else versions[0]
        evidence = _("No version of the calendar was published before the collection of proposals opened on "
                     "%(opened)s; version %(number)s was published on %(published)s.", opened=day(opened),
                     number=num(first_number), published=day(first.saved_at.date()))
    if not later:
        return Requirement(code, title, False, evidence, _("No published version of the calendar announced this "
                                                           "opening date."),
                           _version_link(consultation, versions[-1][0]) if versions else opening.link, facts)
    number, version = later[0]
    late = (version.saved_at.date() - opened).days
    missing = (_("The calendar was published %(days)s days after the consultation opened.", days=num(late)) if late > 0
               else _("The calendar was published on the day the consultation opened."))
    return Requirement(code, title, False, evidence, missing, _version_link(consultation, number), facts)


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
    meetings = [m for m in forum.meetings_with_civil_society(consultation.id, since=start, today=today)
                if end is None or m.held_on <= end]
    met = [m.held_on for m in meetings]
    evidence = _("Meetings attended by civil society since implementation began on %(start)s: %(count)s.",
                 start=day(start), count=num(len(met))) + (f" ({_dates(met)})" if met else "")
    plan = plans.plan_of(consultation)
    facts = [Fact(start, _("Implementation of the action plan began."),
                  _link("commitments.plan", consultation_id=consultation.id) if plan and plan.published_at else None)]
    facts += _meeting_facts(meetings, _("The committee met with civil society present."))
    if len(met) >= 2:
        return Requirement(code, title, True, evidence, link=link, facts=facts)
    return Requirement(code, title, False, evidence,
                       _("%(count)s more meetings with civil society are needed.", count=num(2 - len(met))), link,
                       facts)


def check(consultation, language: str = "en", today: date | None = None) -> list[Requirement]:
    today = today or date.today()
    with in_language(language):
        body = forum.committee_of(consultation.id)
        data = figures.cocreation(consultation)
        return [_forum_regular(consultation, body, today), _forum_rules(consultation, body),
                _forum_minutes(consultation, body, today), _repository(consultation, today),
                _calendar(consultation), _responses(consultation, data, today),
                _implementation(consultation, body, today)]
