"""The role matrix: every route of the app, walked with every role.

Routes are read from `app.url_map`, so routes that features add later are walked too. A route is
restricted when its view is guarded by a named permission (`permission_required` records
`view.permission` and the loader of the object it is checked on); every other route is public.
For each GET route and each role:
  - no answer is ever a 5xx, and every answer carries the security headers;
  - a route guarded by a permission gives exactly the answer the permission table gives: it opens
    (200, or a 302 elsewhere) for the roles `can(user, permission, obj)` lets in, sends anonymous
    visitors it refuses to sign in (401, or 302 to the login page) and gives 403 to signed-in roles
    it refuses;
  - a public route answers 200, 302 or 404, and never the sign-in page or a 403: a route that
    refuses someone must say so with a permission, so that this table knows it.
The walk also proves that GETs never write: under TESTING a GET that changes the database raises
`WriteOnRead` (a 500 here), and the database is compared before and after.
Then every POST route is sent an empty anonymous body: no 5xx, and not one row of the database changes.

URLs are built with real ids of one object of each kind (consultation, proposal, user, workshop).
An unknown `<thing_id>` takes the first id of a table named after it, else 1; an unknown string
takes a placeholder. A 404 is accepted for the roles a route lets in only when a value was guessed.
"""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from flask_login import AnonymousUserMixin

from consult.accounts.models import User
from consult.core.extensions import db
from consult.core.permissions import PERMISSIONS, can
from tests.factories import login, make_consultation, make_user

ROLES = ("anonymous", "citizen", "member", "facilitator", "coordinator")
PLACEHOLDER = "x"


@pytest.fixture
def world(app):
    """One object of each kind, and a signed-in test client per role (no app context is held while
    requesting, so each request loads its own user, as on a server)."""
    from consult.proposals import services as proposals
    from consult.workshops.models import Workshop
    with app.app_context():
        consultation = make_consultation()
        users = {role: make_user(role, affiliation="civil_society") for role in ROLES[1:]}
        proposal = proposals.submit(consultation, {
            "title": "نشر ميزانيات البلديات", "problem": "لا تنشر البلديات ميزانياتها.",
            "reform": "نشر الميزانيات كبيانات مفتوحة.", "axis_id": consultation.axes[0].id,
            "governorate": "kef", "proposer_type": "citizen"})
        workshop = Workshop(consultation=consultation, code="kef-2023", kind="regional", governorate="kef",
                            venue={"ar": "الكاف", "fr": "Le Kef"}, held_on=date.today(),
                            municipalities=[{"ar": "الكاف", "fr": "Le Kef"}], participants={})
        workshop.facilitators.append(users["facilitator"])
        db.session.add(workshop)
        # A theme scored by a working group the member belongs to, so that every scoring page
        # is walked on a real object (a 404 for everyone would prove nothing).
        from consult.clustering.models import Theme
        from consult.scoring import groups as scoring_groups
        theme = Theme(consultation_id=consultation.id, label={"ar": "الميزانية", "fr": "Budget", "en": "Budget"})
        db.session.add(theme)
        db.session.flush()
        proposal.theme_id = theme.id
        group = scoring_groups.create_group(consultation, "فريق العمل", users["coordinator"])
        scoring_groups.add_member(group, users["member"], users["coordinator"])
        scoring_groups.assign_theme(group, theme, users["coordinator"])
        # The joint committee, the member linked to one of its seats, a held meeting with draft
        # minutes and an action item: its pages are walked on real objects.
        from consult.committee import services as committee
        forum = committee.save_committee(consultation, {"ar": "اللجنة المشتركة"}, {"ar": "الميثاق"}, True,
                                         users["coordinator"])
        seat = committee.add_member(forum, {"name": "عائشة", "body": "جمعية", "side": "civil_society",
                                            "user_id": users["member"].id}, users["coordinator"])
        meeting = committee.add_meeting(forum, {"held_on": date.today(), "mode": "hybrid", "language": "ar"},
                                        users["coordinator"])
        committee.save_minutes(meeting, "مسودة المحضر", "", users["coordinator"])
        item = committee.add_action_item(meeting, "كتابة الميثاق", "", None, users["coordinator"])
        # A large import sent by the facilitator (it failed: its page offers to run it again).
        from consult.proposals.models import ProposalImport
        queued_import = ProposalImport(consultation_id=consultation.id, created_by_id=users["facilitator"].id,
                                       filename="atelier.csv", data=b"title,problem,reform\n", n_rows=400,
                                       status="failed", error="The worker stopped.")
        db.session.add(queued_import)
        db.session.commit()
        known = {"consultation_id": consultation.id, "proposal_id": proposal.id, "ref": proposal.ref,
                 "workshop_id": workshop.id, "user_id": users["citizen"].id,
                 "axis_id": consultation.axes[0].id, "filename": "css/app.css",
                 "theme_id": theme.id, "group_id": group.id, "committee_member_id": seat.id,
                 "meeting_id": meeting.id, "action_item_id": item.id, "import_id": queued_import.id}
        emails = {role: user.email for role, user in users.items()}
    clients = {"anonymous": app.test_client()}
    for role, email in emails.items():
        clients[role] = app.test_client()
        login(clients[role], SimpleNamespace(email=email))
    return SimpleNamespace(known=known, clients=clients, emails=emails, consultation_id=known["consultation_id"])


def _first_id(name: str) -> int | None:
    """The first id of the table a `<name>_id` argument refers to (theme_id -> themes), if any."""
    entity = name[:-3]
    for mapper in db.Model.registry.mappers:
        table = getattr(mapper.class_, "__tablename__", "")
        if entity in (mapper.class_.__name__.lower(), table, table.rstrip("s"), table[:-2]) and "id" in mapper.columns:
            return db.session.scalar(select(db.func.min(mapper.columns["id"])))
    return None


def urls_for(app, rule, world) -> list[tuple[str, bool, dict]]:
    """Every URL to try for `rule`, each with whether a value in it had to be guessed, and its values."""
    choices: list[list[tuple[object, bool]]] = []
    names = sorted(rule.arguments)
    for name in names:
        converter = rule._converters.get(name)
        if isinstance(converter, AnyConverter):
            choices.append([(item, False) for item in sorted(converter.items)])
        elif name in world.known:
            choices.append([(world.known[name], False)])
        elif isinstance(converter, IntegerConverter) or name.endswith("_id"):
            with app.app_context():
                found = _first_id(name) if name.endswith("_id") else None
            choices.append([(found, False)] if found else [(1, True)])
        elif isinstance(converter, PathConverter):
            choices.append([(PLACEHOLDER, True)])
        else:
            choices.append([(PLACEHOLDER, True)])
    combos: list[list[tuple[object, bool]]] = [[]]
    for options in choices:
        combos = [combo + [option] for combo in combos for option in options]
    urls = []
    for combo in combos:
        values = {name: value for name, (value, _guessed) in zip(names, combo)}
        built = rule.build(values, append_unknown=False)
        assert built, f"cannot build {rule.rule} from {values}"
        url = built[1]
        if url.startswith("/api/"):   # the open-data API asks which consultation
            url += f"?consultation={world.consultation_id}"
        urls.append((url, any(g for _v, g in combo), values))
    return urls


class Guard:
    """What protects a view: a named permission (checked on the object its loader fetches), or
    nothing (a public route: falsy)."""

    def __init__(self, view):
        self.permission = getattr(view, "permission", None)
        self.load = getattr(view, "permission_object", None)

    def __bool__(self) -> bool:
        return self.permission is not None

    def allows(self, user, values: dict) -> bool:
        """Whether `user` gets in (call inside an app context)."""
        return can(user, self.permission, self.load(**values) if self.load else None)


def routes(app, method: str):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if method in rule.methods:
            yield rule, Guard(app.view_functions[rule.endpoint])


def users_by_role(world) -> dict:
    users = {role: db.session.scalar(select(User).filter_by(email=email)) for role, email in world.emails.items()}
    return {"anonymous": AnonymousUserMixin(), **users}


def _send(method, url, **kwargs):
    """Send a request; an exception raised by a view (TESTING propagates them) counts as a 500."""
    try:
        return method(url, **kwargs)
    except Exception as error:  # noqa: BLE001 - reported with the route, so that all problems show at once
        return SimpleNamespace(status_code=500, headers={}, error=f"{type(error).__name__}: {error}")


def _sends_to_login(response) -> bool:
    return response.status_code == 401 or (
        response.status_code == 302 and "/accounts/login" in response.headers.get("Location", ""))


def _admitted(guard: Guard) -> set[str]:
    """The roles a guard lets in on no particular object."""
    if guard.permission is None:
        return set()
    return {role for role in ROLES[1:]
            if PERMISSIONS[guard.permission](SimpleNamespace(is_authenticated=True, active=True, role=role, id=0))}


def test_staff_pages_are_guarded(app):
    """A view that lost its guard would pass the matrix as public: pin the known staff pages."""
    restricted = {rule.endpoint: guard for method in ("GET", "POST") for rule, guard in routes(app, method) if guard}
    public = {"consultations.index", "consultations.detail"}
    for endpoint in app.view_functions:
        if endpoint.startswith("consultations.") and endpoint not in public or endpoint.startswith("accounts.") \
                and "user" in endpoint:
            assert endpoint in restricted and _admitted(restricted[endpoint]) == {"coordinator"}, endpoint


def test_every_get_route_with_every_role(app, world):
    with app.app_context():
        before = _database_rows()
    problems, walked, guarded, _admitted_by = walk_gets(app, world)
    with app.app_context():
        after = _database_rows()
    assert walked > 100 and guarded > 50
    assert not problems, "\n".join(problems)
    assert before == after, [name for name in before if before[name] != after[name]]


def test_theme_curation_opens_to_working_groups_while_grouping_runs(app, world):
    """The routes guarded by clustering.curate: while the world's consultation collects proposals
    only the coordinator curates; once its grouping phase runs, the member of its working group
    does too (the facilitator, in no group, still does not)."""
    from consult.consultations.models import Consultation

    def curation_walk():
        problems, walked, _guarded, admitted = walk_gets(
            app, world, lambda rule, guard: guard.permission == "clustering.curate")
        assert walked and not problems, "\n".join(problems)
        return [admitted.get(endpoint) for endpoint in ("clustering.duplicates", "clustering.runs")]

    assert curation_walk() == [{"coordinator"}] * 2
    with app.app_context():
        consultation = db.session.get(Consultation, world.consultation_id)
        grouping = next(phase for phase in consultation.phases if phase.kind == "grouping")
        shift = date.today() - grouping.starts_on
        for phase in consultation.phases:
            phase.starts_on, phase.ends_on = phase.starts_on + shift, phase.ends_on + shift
        db.session.commit()
    assert curation_walk() == [{"member", "coordinator"}] * 2


def walk_gets(app, world, keep=lambda rule, guard: True):
    """Walk the GET routes `keep` selects with every role: the problems found, the requests sent,
    how many were let in by a permission, and the roles each endpoint let in."""
    problems, walked, guarded, admitted = [], 0, 0, {}
    for rule, guard in routes(app, "GET"):
        if not keep(rule, guard):
            continue
        for url, guessed, values in urls_for(app, rule, world):
            missing = None
            with app.app_context():
                users = users_by_role(world)
                try:
                    allowed = {role for role in ROLES if guard and guard.allows(users[role], values)}
                except HTTPException as error:   # the guarded object does not exist: a 404 for all
                    allowed, missing = set(), error.code
            for role in ROLES:   # anonymous first: it tells public routes from signed-in ones
                response = _send(world.clients[role].get, url)
                status, walked = response.status_code, walked + 1
                where = f"{role:12} GET {url} -> {status}"
                if status >= 500:
                    problems.append(f"{where}: server error {getattr(response, 'error', '')}")
                    continue
                if not rule.endpoint == "static" and "Content-Security-Policy" not in response.headers:
                    problems.append(f"{where}: no security headers")
                if missing is not None:
                    if status != missing and not (role == "anonymous" and _sends_to_login(response)):
                        problems.append(f"{where}: no such object, expected {missing}")
                elif guard and role in allowed:
                    guarded += 1
                    admitted.setdefault(rule.endpoint, set()).add(role)
                    ok = status == 200 or (status == 302 and not _sends_to_login(response)) or (
                        guessed and status == 404)
                    if not ok:
                        problems.append(f"{where}: allowed by {guard.permission}, expected 200/302"
                                        + ("/404 (guessed value)" if guessed else ""))
                elif not guard:
                    if _sends_to_login(response) or status not in (200, 302, 404):
                        problems.append(f"{where}: public route (no permission), expected 200/302/404")
                elif role == "anonymous":
                    if not _sends_to_login(response):
                        problems.append(f"{where}: refused by {guard.permission}, expected 401 or sign-in")
                elif status != 403:
                    problems.append(f"{where}: refused by {guard.permission}, expected 403")
    return problems, walked, guarded, admitted


def _database_rows() -> dict:
    return {table.name: sorted(map(tuple, db.session.execute(select(table)).all()), key=repr)
            for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("csrf_on", [False, True], ids=["csrf-off", "csrf-on"])
def test_every_post_route_refuses_an_empty_anonymous_body(app, world, csrf_on):
    app.config["WTF_CSRF_ENABLED"] = csrf_on
    with app.app_context():
        before = _database_rows()
    problems, walked = [], 0
    for rule, guard in routes(app, "POST"):
        for url, _guessed, values in urls_for(app, rule, world):
            with app.app_context():
                try:
                    allowed = guard and not guard.allows(AnonymousUserMixin(), values)
                except HTTPException:
                    allowed = False
            response = _send(world.clients["anonymous"].post, url, data={})
            status, walked = response.status_code, walked + 1
            where = f"anonymous    POST {url} -> {status}"
            if status >= 500:
                problems.append(f"{where}: server error {getattr(response, 'error', '')}")
            elif allowed and not (_sends_to_login(response) or (csrf_on and status == 400)):
                problems.append(f"{where}: restricted route, expected 401 or a redirect to sign in")
            elif csrf_on and status not in (400, 401, 302, 404, 405):
                problems.append(f"{where}: no CSRF token, expected a refusal")
    with app.app_context():
        after = _database_rows()
    changed = [name for name in before if before[name] != after[name]]
    assert walked > 5
    assert not problems, "\n".join(problems)
    assert not changed, f"empty anonymous POSTs changed: {changed}"


def test_a_get_that_writes_is_refused_under_testing(app):
    """The guard the walk relies on: a GET view that flushes a change fails loudly, saves nothing."""
    from consult.core.models import AuditEntry
    from consult.core.transactions import WriteOnRead, one_transaction

    def writes():
        db.session.add(AuditEntry(entity="test", entity_id=1, action="read", details={}))
        db.session.flush()
        return "ok"

    with app.test_request_context("/anything"):
        with pytest.raises(WriteOnRead):
            one_transaction(writes)()
        assert db.session.scalar(select(db.func.count(AuditEntry.id))) == 0



def test_a_get_that_runs_an_update_statement_is_refused_too(app):
    """A GET ends with a commit when it wrote nothing, so a write made by a statement (no flush)
    must be caught as well, or it would be saved."""
    from consult.core.models import AuditEntry
    from consult.core.transactions import WriteOnRead, one_transaction
    with app.app_context():
        db.session.add(AuditEntry(entity="test", entity_id=1, action="kept", details={}))
        db.session.commit()

    def updates():
        db.session.execute(db.update(AuditEntry).values(action="changed"))
        return "ok"

    with app.test_request_context("/anything"):
        with pytest.raises(WriteOnRead):
            one_transaction(updates)()
    with app.app_context():
        assert db.session.scalars(select(AuditEntry.action).filter_by(entity="test")).all() == ["kept"]

def test_a_refused_post_saves_nothing_and_side_effects_wait_for_the_commit(app):
    from consult.core.models import AuditEntry
    from consult.core.transactions import after_commit, one_transaction
    sent = []

    def saving(status):
        def view():
            db.session.add(AuditEntry(entity="test", entity_id=status, action="post", details={}))
            after_commit(lambda: sent.append(status))
            return "done", status
        return view

    for status in (400, 403, 200):
        with app.test_request_context("/anything", method="POST"):
            one_transaction(saving(status))()
    with app.app_context():
        saved = db.session.scalars(select(AuditEntry.entity_id).filter_by(entity="test")).all()
    assert saved == [200] and sent == [200]
