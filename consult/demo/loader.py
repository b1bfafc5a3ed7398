"""Load the demo: a national consultation in its collection phase, its regional workshops, one
account per role and the proposals, from the JSON files in `data/`.

Each step is a small function that finds what already exists before creating anything, so that
loading twice changes nothing. Proposals go through `proposals.services.submit`, the way a real
submission does (reference, language detection, search text). Functions flush; the caller commits.
Features that extend the demo (clustering, scoring) add their own `load_...` step.
"""
from __future__ import annotations

import hashlib
from importlib import import_module
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from consult.accounts import services as accounts
from consult.accounts.models import User
from consult.clustering.embedding import embedding_deferred
from consult.consultations import services as consultations
from consult.consultations.models import Axis, Consultation, Phase
from consult.core import audit
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals import services as proposals
from consult.workshops.models import Workshop

DATA_DIR = Path(__file__).with_name("data")
EMAIL_DOMAIN = "demo.consult.tn"


def read_data(name: str) -> dict | list:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


# --- the consultation and its workshops ------------------------------------------------------------

def find_consultation(title: dict) -> Consultation | None:
    """The demo consultation, known by its title (consultations have no other natural key)."""
    for consultation in db.session.scalars(db.select(Consultation).order_by(Consultation.id)):
        if consultation.title == title:
            return consultation
    return None


def _day(offset: int, today: date) -> date:
    return today + timedelta(days=int(offset))


def load_consultation(data: dict, today: date | None = None) -> tuple[Consultation, bool]:
    """The consultation, its axes and its phases dated from today (so that collection is open);
    returns it and whether it is new. The file also keeps the real 2023 dates, unused here."""
    existing = find_consultation(data["title"])
    if existing is not None:
        return existing, False
    today = today or date.today()
    consultation = Consultation(title=data["title"], description=data.get("description", {}),
                                scope=data.get("scope", "national"),
                                governorate=data.get("governorate"), municipality=data.get("municipality"))
    consultation.axes = [Axis(code=axis["code"], name=axis["name"], position=position)
                         for position, axis in enumerate(data["axes"], start=1)]
    consultation.phases = [Phase(kind=phase["kind"], starts_on=_day(phase["starts_offset_days"], today),
                                 ends_on=_day(phase["ends_offset_days"], today))
                           for phase in data["phases_relative"]]
    db.session.add(consultation)
    db.session.flush()
    audit.record("consultation", consultation.id, "create", None, source="demo")
    publish_calendar_before_opening(consultation)
    return consultation, True


def publish_calendar_before_opening(consultation: Consultation, days: int = 14) -> None:
    """Record the calendar as announced `days` before collection opened, as the coordinating unit
    did (seed 002: the calendar went out with the call for proposals), so that the standards page
    judges the demo's calendar on what was published then, not on the day the demo was loaded."""
    opening = next((phase.starts_on for phase in consultation.phases if phase.kind == "collection"), None)
    if opening is not None:
        published_at = datetime.combine(opening - timedelta(days=days), datetime.min.time()).replace(hour=9)
        consultations.record_published_calendar(consultation, published_at)


def load_workshops(consultation: Consultation, workshops: list[dict], facilitators: list[User],
                   today: date | None = None) -> tuple[list[Workshop], int]:
    """The consultation's workshops, led by `facilitators`; returns them and how many are new."""
    today = today or date.today()
    existing = {w.code: w for w in db.session.scalars(db.select(Workshop).filter_by(consultation=consultation))}
    loaded, created = [], 0
    for data in workshops:
        workshop = existing.get(data["code"])
        if workshop is None:
            workshop = Workshop(consultation=consultation, code=data["code"], kind=data.get("kind", "regional"),
                                governorate=data["governorate"], venue=data.get("venue", {}),
                                held_on=_day(data["days_relative"], today), municipalities=data.get("municipalities", []),
                                participants=data.get("participants", {}), facilitators=list(facilitators))
            db.session.add(workshop)
            db.session.flush()
            audit.record("workshop", workshop.id, "create", None, source="demo")
            created += 1
        loaded.append(workshop)
    return loaded, created


# --- accounts ------------------------------------------------------------------------------------

@dataclass
class DemoAccount:
    user: User
    password: str | None   # only when just created or reset: the database keeps its hash alone
    created: bool


def account_specs(members: list[dict]) -> list[dict]:
    """One account per role: coordinator, facilitator, each working-group member, a citizen."""
    specs = [{"email": f"coordinator@{EMAIL_DOMAIN}", "name": "وحدة الإدارة الإلكترونية — التنسيق",
              "role": "coordinator", "affiliation": "administration"},
             {"email": f"facilitator@{EMAIL_DOMAIN}", "name": "منشّط الورشات الجهوية",
              "role": "facilitator", "affiliation": "civil_society"}]
    for number, member in enumerate(members, start=1):
        specs.append({"email": member.get("email") or f"member{number}@{EMAIL_DOMAIN}", "name": member["name"],
                      "role": "member", "affiliation": member.get("affiliation")})
    specs.append({"email": f"citizen@{EMAIL_DOMAIN}", "name": "مواطنة من الكاف", "role": "citizen",
                  "affiliation": None})
    return specs


def load_accounts(members: list[dict], reset_passwords: bool = False) -> list[DemoAccount]:
    """Create the accounts that are missing, with generated passwords; optionally renew all of them."""
    loaded = []
    for spec in account_specs(members):
        user = accounts.find_by_email(spec["email"])
        if user is None:
            user, password = accounts.create_user(spec["name"], spec["email"], spec["role"],
                                                  affiliation=spec["affiliation"])
            loaded.append(DemoAccount(user, password, created=True))
        elif reset_passwords:
            password = accounts.reset_password(user, source="demo")
            loaded.append(DemoAccount(user, password, created=False))
        else:
            loaded.append(DemoAccount(user, None, created=False))
    return loaded


# --- proposals -----------------------------------------------------------------------------------

def demo_token(data: dict) -> str:
    """A stable submission token per demo proposal: submitting it again finds the first one."""
    digest = hashlib.sha256(f"{data['title']}\n{data['problem']}".encode()).hexdigest()
    return f"demo-{digest[:32]}"


def _text(value) -> str:
    if isinstance(value, dict):   # a place name given in three languages: keep the proposer's own
        return value.get("ar") or value.get("fr") or value.get("en") or ""
    return value or ""


def load_proposals(consultation: Consultation, items: list[dict], entered_by: User | None,
                   now: datetime | None = None) -> tuple[dict[str, list[str]], int]:
    """Submit the demo proposals; returns {theme: [refs]} (kept private, for the clustering and scoring
    demos to check against) and how many proposals are new."""
    now = now or utcnow()
    axes = {axis.code: axis.id for axis in consultation.axes}
    workshops = {w.code: w for w in db.session.scalars(db.select(Workshop).filter_by(consultation=consultation))}
    themes: dict[str, list[str]] = {}
    created = 0
    for position, data in enumerate(items):
        token = demo_token(data)
        proposal = proposals.find_by_token(token)
        if proposal is None:
            channel = data.get("channel") or "online"
            workshop = workshops.get(data.get("workshop") or "")
            fields = {"title": data["title"], "problem": data["problem"], "reform": data["reform"],
                      "results": data.get("results") or "", "body": data.get("body") or "",
                      "axis_id": axes.get(data.get("axis")), "governorate": data.get("governorate"),
                      "municipality": _text(data.get("municipality")),
                      "proposer_type": data.get("proposer") or "citizen",
                      "workshop_id": workshop.id if workshop else None}
            proposal = proposals.submit(consultation, fields, channel=channel, token=token,
                                        entered_by=entered_by if channel != "online" else None)
            # Spread over the collection so far, at varied hours, as real submissions arrive.
            submitted = now - timedelta(days=int(data.get("days_ago", 0)), hours=(position * 7) % 11,
                                        minutes=(position * 13) % 60)
            proposal.created_at = proposal.updated_at = submitted
            proposal.events[0].created_at = submitted
            created += 1
        if data.get("theme"):
            themes.setdefault(data["theme"], []).append(proposal.ref)
    db.session.flush()
    return themes, created


# --- everything ----------------------------------------------------------------------------------

@dataclass
class DemoResult:
    consultation: Consultation
    accounts: list[DemoAccount]
    workshops: list[Workshop]
    themes: dict[str, list[str]] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)   # what this run added, per kind

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def load_demo(reset_passwords: bool = False) -> DemoResult:
    import_module("consult.demo.action_plans").load_action_plans()   # past plans first: the 5th stays the latest
    import_module("consult.demo.committee").load_committees()        # their joint committees and meetings
    import_module("consult.demo.reports").load_reports()             # the 4th plan's self-assessment
    consultation_data = read_data("consultation.json")
    members = read_data("scoring.json")["members"]
    consultation, new_consultation = load_consultation(consultation_data)
    demo_accounts = load_accounts(members, reset_passwords=reset_passwords)
    facilitator = next(a.user for a in demo_accounts if a.user.role == "facilitator")
    workshops, new_workshops = load_workshops(consultation, consultation_data.get("workshops", []), [facilitator])
    with embedding_deferred():   # the grouping run below embeds them in one batch
        themes, new_proposals = load_proposals(consultation, read_data("proposals.json"), facilitator)
    if new_proposals:
        members = [account.user for account in demo_accounts if account.user.role == "member"]
        load_process(consultation, themes, members)
    return DemoResult(consultation, demo_accounts, workshops, themes, created={
        "consultation": int(new_consultation), "accounts": sum(a.created for a in demo_accounts),
        "workshops": new_workshops, "proposals": new_proposals})


def load_process(consultation: Consultation, themes: dict[str, list[str]], members: list[User]) -> None:
    """Show the whole process at once: a working group has scored eight themes, which people have
    checked and locked, and the clustering has grouped everything else around them."""
    from consult.clustering.demo import run_demo_clustering
    from consult.scoring.demo import load_scoring_demo

    by_theme = {slug: [proposals.get_by_ref(ref) for ref in refs] for slug, refs in themes.items()}
    group = load_scoring_demo(consultation, by_theme, members)
    load_voices(consultation)
    for theme in group.themes:
        theme.locked = True
    db.session.flush()
    # Finer than the automatic level: a working group reads themes of a few proposals each.
    run_demo_clustering(consultation, granularity=2.0)


def load_voices(consultation: Consultation) -> int:
    """Voices added to about a third of the demo proposals (0 to 11 each, always the same ones),
    as "add my voice" records them: no e-mail, keys that stand for no real browser."""
    import hashlib

    from consult.proposals.models import Proposal, Support
    from consult.proposals.support import keyed
    added = 0
    for proposal in db.session.scalars(db.select(Proposal).filter_by(consultation_id=consultation.id)):
        seed = int(hashlib.sha256(proposal.ref.encode()).hexdigest()[:8], 16)
        if seed % 3:
            continue
        for n in range(seed % 12):
            db.session.add(Support(proposal_id=proposal.id, voter_key=keyed("demo", f"{proposal.ref}:{n}"),
                                   language=("ar", "fr", "en")[n % 3], created_at=proposal.created_at))
            added += 1
    db.session.flush()
    return added
