"""One consultation whose whole cycle is in the data, on a fixed calendar, checked on TODAY:
calendar published before it opened, proposals by three channels and languages (every one answered),
two workshops, a joint working group, themes scored and decided, a published plan with progress,
and a joint committee that met every few months, civil society present, minutes published."""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from consult.core.extensions import db
from tests.factories import make_proposal, make_theme, make_user, make_workshop

TODAY = date(2024, 6, 30)
PHASES = (("collection", "2023-03-01", "2023-03-31"), ("grouping", "2023-04-01", "2023-04-15"),
          ("scoring", "2023-04-16", "2023-04-30"), ("draft", "2023-05-01", "2023-05-15"),
          ("final", "2023-05-16", "2023-05-31"), ("followup", "2023-06-01", "2025-06-30"))
MEETINGS = ("2023-02-20", "2023-07-01", "2023-12-15", "2024-05-01")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text + "T10:00:00")


def build(proposals: bool = True, committee: bool = True):
    from consult.commitments import plans, progress
    from consult.commitments.models import ActionPlan
    from consult.consultations.models import Axis, Consultation, Phase
    from consult.scoring import groups as scoring_groups
    from consult.scoring.models import ScoreSheet
    from consult.shortlist import services as shortlist

    consultation = Consultation(title={"ar": "استشارة خطة العمل الخامسة", "fr": "Consultation du 5e plan",
                                       "en": "Consultation on the 5th plan"}, description={})
    consultation.axes = [Axis(code="participation", position=1, name={"ar": "المشاركة العمومية",
                                                                       "fr": "Participation publique"})]
    consultation.phases = [Phase(kind=k, starts_on=date.fromisoformat(a), ends_on=date.fromisoformat(b))
                           for k, a, b in PHASES]
    consultation.created_at = _at("2023-02-01")
    db.session.add(consultation)
    db.session.commit()
    coordinator = make_user("coordinator", email="coordinator-private@example.org")
    world = SimpleNamespace(consultation=consultation, coordinator=coordinator, proposals=[], workshops=[])

    if proposals:
        gafsa = make_workshop(consultation, "gafsa", date(2023, 3, 10),
                              participants={"municipal_staff": 12, "associations": 9, "citizens": 14})
        kef = make_workshop(consultation, "kef", date(2023, 3, 20),
                            participants={"municipal_staff": 10, "associations": 6, "citizens": 4})
        world.workshops = [gafsa, kef]
        specs = [("نشر ميزانيات البلديات كبيانات مفتوحة", None, "online"),
                 ("Publier les budgets des communes", None, "online"),
                 ("Open the municipal council meetings to the public", None, "email"),
                 ("مجالس الشباب المحلية", gafsa, None), ("Conseils locaux des jeunes", gafsa, None),
                 ("رقمنة أرشيف البلدية", kef, None)]
        for number, (title, workshop, channel) in enumerate(specs):
            p = make_proposal(consultation, title, workshop=workshop, channel=channel,
                              author_email=f"author{number}@private.example.org", problem=title, reform=title)
            p.created_at = _at("2023-03-1" + str(number))
            world.proposals.append(p)
        db.session.commit()
        budget = make_theme(consultation, {"ar": "الميزانيات المفتوحة", "fr": "Budgets ouverts"}, *world.proposals[:3])
        youth = make_theme(consultation, {"ar": "الشباب", "fr": "Jeunes"}, *world.proposals[3:5])
        archive = make_theme(consultation, {"ar": "الأرشيف", "fr": "Archives"}, world.proposals[5])
        group = scoring_groups.create_group(consultation, "Groupe mixte", coordinator)
        members = [make_user("member", affiliation=side, email=f"{side}-{n}@private.example.org")
                   for n, side in enumerate(("civil_society", "civil_society", "administration", "administration"))]
        for member in members:
            scoring_groups.add_member(group, member, coordinator)
        for theme in (budget, youth):
            scoring_groups.assign_theme(group, theme, coordinator)
            db.session.add(ScoreSheet(group_id=group.id, theme_id=theme.id, member_id=members[0].id,
                                      status="submitted", levels={}))
        decided = {budget.id: "retained", youth.id: "retained", archive.id: "not_retained"}
        for theme in (budget, youth, archive):
            decision = shortlist.decide(consultation, theme, decided[theme.id], "Raison publique.", coordinator)
            db.session.flush()
            shortlist.publish_outcomes(decision, {}, {"fr": "Réponse motivée aux auteurs."}, coordinator)
        for p in world.proposals:
            for event in p.events[1:]:
                event.created_at = _at("2023-05-02")
        db.session.commit()
        world.themes = [budget, youth, archive]

    plan = ActionPlan(consultation=consultation, status="draft")
    db.session.add(plan)
    db.session.flush()
    commitment = plans.add_commitment(plan, {
        "number": 1, "title": {"ar": "نشر الميزانيات", "fr": "Publier les budgets", "en": "Publish the budgets"},
        "lead_body": "وزارة المالية", "origin": "other", "starts_on": date(2023, 6, 1),
        "ends_on": date(2025, 6, 30)}, coordinator)
    db.session.refresh(plan, ["commitments"])
    version = plans.publish(plan, "", coordinator)
    version.published_at = plan.published_at = _at("2023-05-31")
    progress.add_update(commitment, coordinator, source="demo", reported_on=date(2024, 2, 1), progress=60,
                        completion="substantial", done_text="Les budgets de 2023 sont publiés.",
                        difficulties="", recommendations="Publier aussi les comptes.")
    db.session.commit()
    world.plan, world.commitment = plan, commitment
    if committee:
        add_committee(world)
    return world


def add_committee(world, meetings=MEETINGS):
    from consult.committee.models import Attendance, Committee, CommitteeMember, Meeting
    body = Committee(consultation_id=world.consultation.id, name={"ar": "اللجنة المشتركة", "fr": "Comité mixte"},
                     charter={"ar": "النظام الداخلي", "fr": "Règlement intérieur"},
                     charter_published_at=_at("2023-02-15"))
    db.session.add(body)
    db.session.flush()
    members = [CommitteeMember(committee=body, name="Private Person", body="Ministère", side="government"),
               CommitteeMember(committee=body, name="Another Person", body="Association", side="civil_society")]
    db.session.add_all(members)
    db.session.flush()
    world.meetings = []
    for held in meetings:
        meeting = Meeting(committee=body, held_on=date.fromisoformat(held), place="Tunis", mode="in_person",
                          minutes="Procès-verbal.", minutes_published_at=_at(held))
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all([Attendance(meeting=meeting, member=members[0], status="present"),
                            Attendance(meeting=meeting, member=members[1], status="present")])
        world.meetings.append(meeting)
    db.session.commit()
    world.committee, world.members = body, members
    return body
