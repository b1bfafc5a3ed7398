"""The one set of test builders: consultations, accounts, proposals, themes, workshops.

Each builder saves what it makes the way the platform does (through the services) and commits,
so that a request sent by the test client, which runs in its own transaction, sees it.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date, timedelta

from consult.core.extensions import db

PASSWORD = "correct horse battery"


def make_consultation(open_phase: str | None = "collection", **fields):
    """A consultation whose `open_phase` is the one running today (None: no phase today)."""
    from consult.consultations.models import Axis, Consultation, Phase, PHASE_KINDS
    consultation = Consultation(
        title={"ar": "استشارة خطة العمل الوطنية الخامسة", "fr": "Consultation du 5e plan d'action",
               "en": "Consultation on the 5th action plan"},
        description={"ar": "وصف", "fr": "Description", "en": "Description"}, **fields)
    consultation.axes = [
        Axis(code="participation", position=1,
             name={"ar": "المشاركة العمومية", "fr": "Participation publique", "en": "Public participation"}),
        Axis(code="local", position=2,
             name={"ar": "الحوكمة المحلية", "fr": "Gouvernance locale", "en": "Local governance"}),
    ]
    today = date.today()
    start = today - timedelta(days=100)
    if open_phase:
        start = today - timedelta(days=10 * PHASE_KINDS.index(open_phase) + 5)
    for index, kind in enumerate(PHASE_KINDS):
        consultation.phases.append(Phase(kind=kind, starts_on=start + timedelta(days=10 * index),
                                         ends_on=start + timedelta(days=10 * index + 9)))
    if open_phase is None:
        for phase in consultation.phases:
            phase.starts_on += timedelta(days=400)
            phase.ends_on += timedelta(days=400)
    db.session.add(consultation)
    db.session.commit()
    return consultation


def make_user(role: str = "citizen", email: str | None = None, password: str = PASSWORD,
              affiliation: str | None = None, name: str | None = None):
    from consult.accounts import services
    name = name or role.title()
    user, _ = services.create_user(name, email or f"{name.split()[0].lower()}-{os.urandom(3).hex()}@example.org",
                                   role, password=password, affiliation=affiliation)
    db.session.commit()
    return user


def login(client, user, password: str = PASSWORD):
    response = client.post("/accounts/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def proposal_form(consultation, **overrides) -> dict:
    data = {"title": "نشر ميزانيات البلديات كبيانات مفتوحة",
            "problem": "لا تنشر أغلب البلديات ميزانياتها بصيغة قابلة لإعادة الاستعمال.",
            "reform": "نشر الميزانيات ونتائج تنفيذها على بوابة البيانات المفتوحة كل ثلاثة أشهر.",
            "results": "مواطنون قادرون على متابعة المال العام المحلي.",
            "body": "وزارة الداخلية", "axis_id": str(consultation.axes[0].id), "governorate": "kef",
            "municipality": "الكاف", "proposer_type": "association", "email": "", "website": "",
            "submission_token": os.urandom(8).hex()}
    data.update(overrides)
    return data


def make_proposal(consultation, title: str = "نشر ميزانيات البلديات كبيانات مفتوحة", *, workshop=None, theme=None,
                  problem: str = "Les citoyens n'ont pas accès aux données.",
                  reform: str = "Publier les données chaque trimestre.", governorate: str | None = None,
                  author_email: str | None = None, channel: str | None = None, **fields):
    """A proposal saved as the form or a workshop's entry saves it (services.submit), committed."""
    from consult.proposals import services
    made = services.submit(consultation, {
        "title": title, "problem": problem, "reform": reform, "axis_id": consultation.axes[0].id,
        "governorate": governorate or (workshop.governorate if workshop else "kef"),
        "proposer_type": "association", "author_email": author_email,
        "workshop_id": workshop.id if workshop else None, **fields},
        channel=channel or ("workshop" if workshop else "online"))
    if theme is not None:
        made.theme_id = theme.id
    db.session.commit()
    return made


def make_theme(consultation, label, *members):
    """A theme (`label` a dict, or one French text with an Arabic stand-in) holding `members`."""
    from consult.clustering.models import Theme
    if isinstance(label, str):
        label = {"fr": label, "ar": label + " (ar)"}
    made = Theme(consultation_id=consultation.id, label=label)
    db.session.add(made)
    db.session.flush()
    for proposal in members:
        proposal.theme_id = made.id
    db.session.commit()
    db.session.refresh(made)
    return made


def make_workshop(consultation, governorate: str, held_on: date, kind: str = "regional", **fields):
    from consult.workshops.models import Workshop
    workshop = Workshop(consultation=consultation, code=f"{governorate}-{held_on.isoformat()}", kind=kind,
                        governorate=governorate, held_on=held_on,
                        venue=fields.pop("venue", {"ar": f"نزل بمدينة {governorate}", "fr": f"Hôtel, {governorate}",
                                                   "en": f"Hotel in {governorate}"}),
                        municipalities=fields.pop("municipalities", [{"ar": "الكاف", "fr": "Le Kef", "en": "Kef"}]),
                        participants=fields.pop("participants", {"municipal_staff": 12, "associations": 8,
                                                                 "citizens": 5}), **fields)
    db.session.add(workshop)
    db.session.commit()
    return workshop


@contextmanager
def database_at(folder, revision: str):
    """A new SQLite database in `folder`, migrated up to `revision`, inside its app's context: for
    testing what a later migration does to rows written before it (`upgrade(revision=...)` next)."""
    from flask_migrate import upgrade

    from consult import create_app
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'old.db'}", "TESTING": True,
                      "SECRET_KEY": "test", "SERVER_NAME": "localhost"})
    with app.app_context():
        upgrade(revision=revision)
        yield app
