"""Coordinators set up a consultation: texts in three languages, scope, axes and calendar."""
from datetime import date, timedelta

from consult.consultations.models import Axis, Consultation, Phase, PHASE_KINDS
from consult.core import audit
from consult.core.extensions import db
from consult.proposals.models import Proposal
from tests.factories import login, make_consultation, make_user, proposal_form

FORM = {"title_ar": "استشارة بلدية الكاف", "title_fr": "Consultation de la commune du Kef", "title_en": "",
        "description_ar": "خطة العمل المحلية للحكومة المفتوحة", "description_fr": "", "description_en": "",
        "scope": "national", "governorate": "", "municipality": ""}


def coordinator_client(client):
    user = make_user("coordinator")
    login(client, user)
    return user


def count(model):
    return db.session.scalar(db.select(db.func.count(model.id)))


def test_coordinator_creates_a_consultation_and_the_change_is_audited(ctx, client):
    coordinator = coordinator_client(client)
    response = client.post("/consultations/new?lang=fr", data=FORM, follow_redirects=True)
    assert response.status_code == 200
    consultation = db.session.scalar(db.select(Consultation))
    assert consultation.title == {"ar": "استشارة بلدية الكاف", "fr": "Consultation de la commune du Kef", "en": ""}
    assert consultation.scope == "national" and consultation.governorate is None
    page = response.get_data(as_text=True)
    assert "Anglais" in page  # told which translation is still missing
    [entry] = audit.history("consultation", consultation.id)
    assert entry.action == "create" and entry.actor_id == coordinator.id


def test_arabic_title_is_required(ctx, client):
    coordinator_client(client)
    response = client.post("/consultations/new?lang=fr", data=dict(FORM, title_ar="  "))
    assert response.status_code == 400
    assert "Ce champ est requis." in response.get_data(as_text=True)
    assert count(Consultation) == 0


def test_municipal_scope_needs_governorate_and_municipality(ctx, client):
    coordinator_client(client)
    response = client.post("/consultations/new?lang=en", data=dict(FORM, scope="municipal"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A municipal consultation needs its governorate." in page
    assert "A municipal consultation needs its municipality." in page
    assert count(Consultation) == 0
    response = client.post("/consultations/new", data=dict(FORM, scope="municipal", governorate="kef",
                                                           municipality="الكاف"))
    assert response.status_code == 302
    consultation = db.session.scalar(db.select(Consultation))
    assert (consultation.scope, consultation.governorate, consultation.municipality) == ("municipal", "kef", "الكاف")


def test_editing_records_old_and_new_values_and_national_scope_drops_the_place(ctx, client):
    coordinator_client(client)
    consultation = make_consultation(scope="municipal", governorate="kef", municipality="الكاف")
    form = client.get(f"/consultations/{consultation.id}/edit").get_data(as_text=True)
    assert "استشارة خطة العمل الوطنية الخامسة" in form  # the form opens filled in
    response = client.post(f"/consultations/{consultation.id}/edit",
                           data=dict(FORM, title_en="Kef consultation", description_fr="Plan local",
                                     description_en="Local plan", governorate="kef", municipality="الكاف"))
    assert response.status_code == 302
    db.session.refresh(consultation)
    assert consultation.title["en"] == "Kef consultation"
    assert consultation.scope == "national" and consultation.governorate is None and consultation.municipality is None
    entry = audit.history("consultation", consultation.id)[-1]
    assert entry.action == "update"
    assert entry.details["old"]["scope"] == "municipal" and entry.details["new"]["scope"] == "national"


def test_axes_are_added_renamed_and_reordered(ctx, client):
    coordinator_client(client)
    consultation = make_consultation()
    first, second = consultation.axes
    response = client.post(f"/consultations/{consultation.id}/axes/new",
                           data={"new-name_ar": "مكافحة الفساد", "new-name_fr": "Lutte contre la corruption",
                                 "new-name_en": "Anti-corruption"})
    assert response.status_code == 302
    db.session.expire_all()
    added = consultation.axes[-1]
    assert added.name["fr"] == "Lutte contre la corruption" and added.code == "anti-corruption"

    response = client.post(f"/consultations/{consultation.id}/axes/{first.id}",
                           data={f"axis-{first.id}-name_ar": "المشاركة", f"axis-{first.id}-name_fr": "Participation",
                                 f"axis-{first.id}-name_en": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Axis, first.id).name == {"ar": "المشاركة", "fr": "Participation", "en": ""}

    client.post(f"/consultations/{consultation.id}/axes/{added.id}/move", data={"direction": "up"})
    db.session.expire_all()
    assert [axis.id for axis in db.session.get(Consultation, consultation.id).axes] == [first.id, added.id, second.id]
    actions = [entry.action for entry in audit.history("consultation", consultation.id)]
    assert actions == ["axis_add", "axis_rename", "axis_move"]

    # The order is the one citizens see when they choose an axis.
    form = client.get(f"/consultations/{consultation.id}/propose?lang=fr").get_data(as_text=True)
    assert form.index("Participation") < form.index("Lutte contre la corruption") < form.index("Gouvernance locale")


def test_renaming_to_an_empty_arabic_name_is_refused(ctx, client):
    coordinator_client(client)
    consultation = make_consultation()
    axis = consultation.axes[0]
    response = client.post(f"/consultations/{consultation.id}/axes/{axis.id}?lang=en",
                           data={f"axis-{axis.id}-name_ar": "", f"axis-{axis.id}-name_fr": "X"})
    assert response.status_code == 400 and "This field is required." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Axis, axis.id).name["ar"] == "المشاركة العمومية"


def test_an_axis_used_by_a_proposal_cannot_be_removed(ctx, client):
    consultation = make_consultation()
    used, unused = consultation.axes
    client.post(f"/consultations/{consultation.id}/propose", data=proposal_form(consultation))
    assert db.session.scalar(db.select(Proposal)).axis_id == used.id
    coordinator_client(client)
    response = client.post(f"/consultations/{consultation.id}/axes/{used.id}/remove?lang=fr")
    assert response.status_code == 409
    assert "1 proposition l’utilise" in response.get_data(as_text=True)
    assert db.session.get(Axis, used.id) is not None

    response = client.post(f"/consultations/{consultation.id}/axes/{unused.id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Axis, unused.id) is None
    assert audit.history("consultation", consultation.id)[-1].action == "axis_remove"


def test_an_axis_of_another_consultation_is_not_found(ctx, client):
    coordinator_client(client)
    one, other = make_consultation(), make_consultation()
    response = client.post(f"/consultations/{one.id}/axes/{other.axes[0].id}/remove")
    assert response.status_code == 404
    assert count(Axis) == 4


def calendar_form(start: date, skip=(), remove=(), reason=""):
    """The calendar form as a browser sends it: both dates of each phase (empty for the kinds in
    `skip`), the "remove this phase" boxes ticked for `remove`, and the reason."""
    data = {"removal_reason": reason}
    for index, kind in enumerate(PHASE_KINDS):
        if kind in skip:
            data[f"{kind}_starts_on"] = data[f"{kind}_ends_on"] = ""
        else:
            data[f"{kind}_starts_on"] = (start + timedelta(days=30 * index)).isoformat()
            data[f"{kind}_ends_on"] = (start + timedelta(days=30 * index + 20)).isoformat()
        if kind in remove:
            data[f"{kind}_remove"] = "y"
    return data


def test_calendar_is_saved_and_shows_the_current_phase(ctx, client):
    coordinator_client(client)
    consultation = make_consultation(open_phase=None)
    start = date.today() - timedelta(days=35)  # so that "grouping" runs today
    response = client.post(f"/consultations/{consultation.id}/calendar",
                           data=calendar_form(start, skip=("draft",), remove=("draft",), reason="No draft this year."))
    assert response.status_code == 302
    db.session.expire_all()
    phases = db.session.get(Consultation, consultation.id).phases
    assert [phase.kind for phase in phases] == ["collection", "grouping", "scoring", "final", "followup"]
    assert phases[0].starts_on == start
    page = client.get(f"/consultations/{consultation.id}/calendar?lang=en").get_data(as_text=True)
    current_row = page[page.index('aria-current="step"'):][:400]
    assert "Grouping" in current_row
    assert audit.history("consultation", consultation.id)[-1].action == "calendar"


def test_calendar_refuses_an_end_before_its_start(ctx, client):
    coordinator_client(client)
    consultation = make_consultation()
    before = [(p.kind, p.starts_on, p.ends_on) for p in consultation.phases]
    data = calendar_form(date(2026, 1, 1))
    data["scoring_ends_on"] = "2026-01-02"
    response = client.post(f"/consultations/{consultation.id}/calendar?lang=fr", data=data)
    assert response.status_code == 400
    assert "La date de fin ne peut pas précéder la date de début." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(p.kind, p.starts_on, p.ends_on) for p in db.session.get(Consultation, consultation.id).phases] == before


def test_calendar_refuses_overlapping_phases_and_half_given_dates(ctx, client):
    coordinator_client(client)
    consultation = make_consultation()
    data = calendar_form(date(2026, 1, 1))
    data["grouping_starts_on"] = "2026-01-15"   # collection runs until 21 January
    data["final_ends_on"] = ""
    response = client.post(f"/consultations/{consultation.id}/calendar?lang=en", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This phase must start after the previous phase ends (2026-01-21)." in page
    assert "Give both the start and the end date, or leave both empty." in page
    assert count(Phase) == 6


def test_calendar_date_garbage_is_a_400(ctx, client):
    coordinator_client(client)
    consultation = make_consultation()
    data = calendar_form(date(2026, 1, 1))
    data["collection_starts_on"] = "not a date"
    assert client.post(f"/consultations/{consultation.id}/calendar", data=data).status_code == 400


def test_coordinator_actions_shown_only_to_coordinators(ctx, client):
    consultation = make_consultation()
    edit_link = f"/consultations/{consultation.id}/edit"
    assert edit_link not in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    for role in ("citizen", "member", "facilitator"):
        login(client, make_user(role))
        assert edit_link not in client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
        assert client.get(edit_link).status_code == 403
        client.post("/accounts/logout")
    coordinator_client(client)
    page = client.get(f"/consultations/{consultation.id}").get_data(as_text=True)
    assert edit_link in page and f"/consultations/{consultation.id}/calendar" in page
    assert 'href="/consultations/new"' in client.get("/consultations/").get_data(as_text=True)


def test_history_page_lists_the_changes(ctx, client):
    coordinator = coordinator_client(client)
    consultation = make_consultation()
    client.post(f"/consultations/{consultation.id}/axes/new", data={"new-name_ar": "الشفافية", "new-name_fr": "Transparence"})
    page = client.get(f"/consultations/{consultation.id}/history?lang=fr").get_data(as_text=True)
    assert "Transparence" in page and coordinator.name in page


def test_calendar_sent_without_its_fields_is_refused_and_changes_nothing(ctx, client):
    # An empty POST (or one that lost fields on the way) is not "no phases": every phase stays.
    coordinator_client(client)
    consultation = make_consultation()
    before = [(p.kind, p.starts_on, p.ends_on) for p in consultation.phases]
    url = f"/consultations/{consultation.id}/calendar?lang=fr"
    partial = {key: value for key, value in calendar_form(date(2026, 1, 1)).items() if "followup" not in key}
    for data in ({}, partial):
        response = client.post(url, data=data)
        assert response.status_code == 400
        assert ("pas été reçu en entier" in response.get_data(as_text=True))
        db.session.expire_all()
        assert [(p.kind, p.starts_on, p.ends_on) for p in db.session.get(Consultation, consultation.id).phases] == before
    assert client.get(f"/consultations/{consultation.id}/propose").status_code == 200   # still collecting
    # Removing a phase on purpose, with its reason, still removes it.
    response = client.post(url, data=calendar_form(date.today() - timedelta(days=5), skip=("draft",),
                                                   remove=("draft",), reason="Pas de projet cette année."))
    assert response.status_code == 302
    assert count(Phase) == 5


def _phases(consultation_id):
    db.session.expire_all()
    return [(p.kind, p.starts_on, p.ends_on) for p in db.session.get(Consultation, consultation_id).phases]


def test_a_calendar_whose_dates_are_all_empty_changes_nothing_and_says_why(ctx, client):
    # Every field sent, every one empty: a slip (a cleared form, a broken script), not "remove every
    # phase" (which also made the draft plan private).
    coordinator_client(client)
    consultation = make_consultation()
    before, entries = _phases(consultation.id), len(audit.history("consultation", consultation.id))
    for language, said in (("fr", "Toutes les dates du calendrier étaient vides"),
                           ("ar", "كانت كل تواريخ الرزنامة فارغة"),
                           ("en", "Every date of the calendar was empty, so nothing was changed.")):
        response = client.post(f"/consultations/{consultation.id}/calendar?lang={language}",
                               data=calendar_form(date(2026, 1, 1), skip=PHASE_KINDS))
        assert response.status_code == 400
        assert said in response.get_data(as_text=True)
        assert _phases(consultation.id) == before
    assert len(audit.history("consultation", consultation.id)) == entries
    assert client.get(f"/consultations/{consultation.id}/propose").status_code == 200   # still collecting


def test_removing_a_phase_is_said_on_purpose_with_a_reason_audited_and_shown(ctx, client, today):
    coordinator = make_user("coordinator", name="Samia Ben Salah")
    login(client, coordinator)
    consultation = make_consultation()
    url = f"/consultations/{consultation.id}/calendar?lang=en"
    before = _phases(consultation.id)
    start = today - timedelta(days=5)
    # The draft's dates cleared, the box not ticked: refused, the phase kept.
    response = client.post(url, data=calendar_form(start, skip=("draft",)))
    assert response.status_code == 400
    assert "To remove this phase, tick “Remove this phase” and give the reason" in response.get_data(as_text=True)
    # The box ticked without a reason: refused.
    response = client.post(url, data=calendar_form(start, remove=("draft",), reason="  "))
    assert response.status_code == 400
    assert "Give the reason for removing a phase." in response.get_data(as_text=True)
    assert _phases(consultation.id) == before
    # The box ticked with its reason: removed (whatever its dates said), the reason audited.
    reason = "The draft is discussed in the workshops this year."
    response = client.post(url, data=calendar_form(start, remove=("draft",), reason=reason))
    assert response.status_code == 302
    assert [kind for kind, _start, _end in _phases(consultation.id)] == [k for k in PHASE_KINDS if k != "draft"]
    removal = [e for e in audit.history("consultation", consultation.id) if e.action == "phase_remove"]
    assert [(e.details["phase"], e.details["reason"], e.actor_id) for e in removal] == [
        ("draft", reason, coordinator.id)]
    # Shown in the history of changes, and in the calendar's public versions (without who).
    history = client.get(f"/consultations/{consultation.id}/history?lang=en").get_data(as_text=True)
    assert "Phase removed" in history and reason in history
    client.post("/accounts/logout")
    page = client.get(f"/consultations/{consultation.id}?lang=en").get_data(as_text=True)
    versions = page[page.index('id="calendar-versions"'):]
    assert "Removed: Draft plan open for comments." in versions and reason in versions
    assert coordinator.name not in versions
