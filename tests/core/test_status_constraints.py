"""Status, kind, role, side, mode, channel, completion, origin, source and language columns accept
only their known values: the database refuses any other (a named CHECK constraint per column, added
by migration 0018_status_checks), on SQLite and PostgreSQL alike. And the schema the migrations
build is the one the models declare (the test suite's schema comes from the migrations)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, inspect
from sqlalchemy.exc import IntegrityError

from consult.accounts.models import AFFILIATIONS, ROLES
from consult.clustering.models import DUPLICATE_STATUSES, RUN_SOURCES, RUN_STAGES, RUN_STATUSES
from consult.commitments.models import COMMENT_STATUSES, COMPLETION_LEVELS, ORIGINS, PLAN_STATUSES, UPDATE_SOURCES
from consult.committee.models import ACTION_STATUSES, ATTENDANCE, MINUTES_LANGUAGES, MODES, SIDES
from consult.consultations.models import PHASE_KINDS, SCOPES
from consult.core.extensions import db
from consult.core.models import JOB_BACKENDS, JOB_STATUSES, OUTBOX_STATUSES
from consult.proposals.models import (CHANNELS, IMPORT_STATUSES, LANGUAGES, PROPOSER_TYPES, STATUSES,
                                      SUPPORT_LANGUAGES)
from consult.scoring.models import SHEET_STATUSES
from consult.shortlist.models import DECISIONS
from consult.workshops.models import WORKSHOP_KINDS
from tests.factories import make_consultation, make_proposal, make_theme, make_user, make_workshop

# (table, column, the values it accepts): every CHECK constraint of the models, and no other.
CONSTRAINED = [
    ("users", "role", ROLES),
    ("users", "affiliation", AFFILIATIONS),
    ("consultations", "scope", SCOPES),
    ("phases", "kind", PHASE_KINDS),
    ("workshops", "kind", WORKSHOP_KINDS),
    ("proposals", "proposer_type", PROPOSER_TYPES),
    ("proposals", "channel", CHANNELS),
    ("proposals", "language", LANGUAGES),
    ("proposals", "status", STATUSES),
    ("proposal_events", "status", STATUSES),
    ("supports", "language", SUPPORT_LANGUAGES),
    ("proposal_imports", "status", IMPORT_STATUSES),
    ("clustering_runs", "status", RUN_STATUSES),
    ("clustering_runs", "stage", RUN_STAGES),
    ("clustering_runs", "source", RUN_SOURCES),
    ("duplicate_links", "status", DUPLICATE_STATUSES),
    ("score_sheets", "status", SHEET_STATUSES),
    ("theme_decisions", "decision", DECISIONS),
    ("action_plans", "status", PLAN_STATUSES),
    ("commitments", "origin", ORIGINS),
    ("commitments", "completion", COMPLETION_LEVELS),
    ("progress_updates", "completion", COMPLETION_LEVELS),
    ("progress_updates", "source", UPDATE_SOURCES),
    ("commitment_comments", "status", COMMENT_STATUSES),
    ("committee_members", "side", SIDES),
    ("meetings", "mode", MODES),
    ("meetings", "language", MINUTES_LANGUAGES),
    ("meeting_attendance", "status", ATTENDANCE),
    ("action_items", "status", ACTION_STATUSES),
    ("jobs", "status", JOB_STATUSES),
    ("jobs", "backend", JOB_BACKENDS),
    ("outbox", "status", OUTBOX_STATUSES),
]
IDS = [f"{table}.{column}" for table, column, _values in CONSTRAINED]
# Made by a migration on PostgreSQL only (a trigram index for search), not declared by the models.
MIGRATION_ONLY_INDEXES = {"ix_proposals_search_trgm"}


def _rows() -> dict:
    """One saved row of each constrained table, made with valid values; committed."""
    from consult.clustering.models import ClusteringRun, DuplicateLink
    from consult.commitments.models import ActionPlan, Comment, Commitment, ProgressUpdate
    from consult.committee.models import ActionItem, Attendance, Committee, CommitteeMember, Meeting
    from consult.core.models import Job, OutboxMessage
    from consult.proposals.models import ProposalImport, Support
    from consult.scoring.models import ScoreSheet, WorkingGroup
    from consult.shortlist.models import ThemeDecision

    consultation = make_consultation()
    user = make_user("member", affiliation="civil_society")
    workshop = make_workshop(consultation, "kef", date(2024, 5, 4))
    first = make_proposal(consultation, "نشر الميزانيات البلدية")
    second = make_proposal(consultation, "Publier les budgets municipaux")
    theme = make_theme(consultation, "Budgets", first, second)
    group = WorkingGroup(consultation_id=consultation.id, name="Group 1")
    plan = ActionPlan(consultation_id=consultation.id)
    commitment = Commitment(plan=plan, title={"fr": "Budgets ouverts"})
    committee = Committee(consultation_id=consultation.id)
    member = CommitteeMember(committee=committee, name="Member", body="Ministry", side="government")
    meeting = Meeting(committee=committee, held_on=date(2024, 6, 1))
    db.session.add_all([group, plan, commitment, committee, member, meeting])
    db.session.flush()
    rows = {
        "users": user, "consultations": consultation, "phases": consultation.phases[0], "workshops": workshop,
        "proposals": first, "proposal_events": first.events[0],
        "supports": Support(proposal_id=first.id, voter_key="k" * 64),
        "proposal_imports": ProposalImport(consultation_id=consultation.id, filename="proposals.xlsx"),
        "clustering_runs": ClusteringRun(consultation_id=consultation.id, algorithm_version="test",
                                         vector_version="test"),
        "duplicate_links": DuplicateLink(consultation_id=consultation.id, original_id=first.id,
                                         duplicate_id=second.id),
        "score_sheets": ScoreSheet(group_id=group.id, theme_id=theme.id, member_id=user.id),
        "theme_decisions": ThemeDecision(consultation_id=consultation.id, theme_id=theme.id, decision="retained",
                                         reason="Because."),
        "action_plans": plan, "commitments": commitment,
        "progress_updates": ProgressUpdate(commitment_id=commitment.id, reported_on=date(2024, 6, 1), progress=10,
                                           completion="limited", fingerprint="f" * 64),
        "commitment_comments": Comment(commitment_id=commitment.id, body="A comment."),
        "committee_members": member, "meetings": meeting,
        "meeting_attendance": Attendance(meeting_id=meeting.id, member_id=member.id, status="present"),
        "action_items": ActionItem(meeting_id=meeting.id, text="Write the charter."),
        "jobs": Job(key="test", function="consult.core.jobs.noop"),
        "outbox": OutboxMessage(address="someone@example.org", subject="Subject", text="Text"),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return rows


def _refused(table: str, column: str) -> IntegrityError:
    with pytest.raises(IntegrityError) as refused:
        db.session.flush()
    db.session.rollback()
    # Refused by this column's CHECK constraint, not by anything else.
    assert f"ck_{table}_{column}" in str(refused.value.orig)
    return refused.value


@pytest.mark.parametrize(("table", "column", "allowed"), CONSTRAINED, ids=IDS)
def test_the_database_refuses_an_unknown_value(ctx, table, column, allowed):
    row = _rows()[table]
    width = type(row).__table__.c[column].type.length   # a longer value fails otherwise on PostgreSQL
    for bogus in ("zz_bogus", allowed[0].upper(), f" {allowed[0]}", ""):
        setattr(row, column, bogus[:width])
        _refused(table, column)


@pytest.mark.parametrize(("table", "column", "allowed"), CONSTRAINED, ids=IDS)
def test_every_known_value_is_accepted(ctx, table, column, allowed):
    row = _rows()[table]
    nullable = type(row).__table__.c[column].nullable
    for value in (*allowed, *([None] if nullable else [])):
        setattr(row, column, value)
        db.session.flush()
        db.session.expire(row, [column])
        assert getattr(row, column) == value
    db.session.rollback()


def test_a_new_row_with_an_unknown_value_is_refused(ctx):
    from consult.accounts.models import User
    db.session.add(User(email="x@example.org", name="X", password_hash="-", role="admin"))
    _refused("users", "role")
    db.session.add(User(email="y@example.org", name="Y", password_hash="-", role="member", affiliation="ngo"))
    _refused("users", "affiliation")


def test_every_check_constraint_of_the_models_is_tested(ctx):
    declared = {(table.name, constraint.name) for table in db.metadata.tables.values()
                for constraint in table.constraints if isinstance(constraint, CheckConstraint)}
    assert declared == {(table, f"ck_{table}_{column}") for table, column, _values in CONSTRAINED}


def _values(sqltext: str) -> set[str]:
    """The quoted values of a CHECK constraint's text, as each database writes it back:
    "role IN ('a', 'b')" on SQLite, "role::text = ANY (ARRAY['a'::character varying, ...])" on PostgreSQL."""
    return set(re.findall(r"'([^']*)'", sqltext))


def test_the_migrations_build_the_checks_the_models_declare(ctx):
    inspector = inspect(db.engine)
    for table in db.metadata.sorted_tables:
        declared = {}
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                text = str(constraint.sqltext.compile(dialect=db.engine.dialect,
                                                      compile_kwargs={"literal_binds": True}))
                declared[constraint.name] = _values(text)
        built = {check["name"]: _values(check["sqltext"]) for check in inspector.get_check_constraints(table.name)}
        assert built == declared, table.name


def test_the_migrations_build_the_schema_the_models_declare(ctx):
    """What `flask db migrate` would find to change: nothing (tables, columns, types, nullability,
    indexes, unique and foreign keys; CHECK constraints are compared above, autogenerate skips them)."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    differences = [difference for difference in differences
                   if not (isinstance(difference, tuple) and difference[0] == "remove_index"
                           and difference[1].name in MIGRATION_ONLY_INDEXES)]
    assert differences == []


def test_the_values_the_code_offers_are_the_allowed_ones(ctx):
    """The forms' choices and the codes other modules write are within what the database accepts."""
    from consult.accounts.labels import affiliation_labels, role_labels
    from consult.committee import record
    from consult.committee.labels import action_status_labels, attendance_labels, mode_labels, side_labels
    from consult.commitments.labels import completion_labels, plan_status_labels
    from consult.consultations.labels import phase_labels, scope_labels
    from consult.core import jobs, permissions
    from consult.core.languages import LANGUAGE_NAMES
    from consult.proposals import importing, support
    from consult.proposals.labels import channel_labels, proposer_labels, status_labels
    from consult.shortlist.labels import decision_labels
    from consult.workshops.labels import kind_labels

    for labels, allowed in [(role_labels, ROLES), (affiliation_labels, AFFILIATIONS), (scope_labels, SCOPES),
                            (phase_labels, PHASE_KINDS), (kind_labels, WORKSHOP_KINDS),
                            (proposer_labels, PROPOSER_TYPES), (channel_labels, CHANNELS), (status_labels, STATUSES),
                            (side_labels, SIDES), (mode_labels, MODES), (attendance_labels, ATTENDANCE),
                            (action_status_labels, ACTION_STATUSES), (completion_labels, COMPLETION_LEVELS),
                            (plan_status_labels, PLAN_STATUSES), (decision_labels, DECISIONS)]:
        assert set(labels()) == set(allowed), labels.__name__
    assert set(LANGUAGE_NAMES) == set(MINUTES_LANGUAGES) == set(SUPPORT_LANGUAGES)   # the meeting form's choices
    assert set(permissions.ROLES) == set(ROLES)
    assert record.SOURCE in UPDATE_SOURCES
    assert set(importing.IMPORT_CHANNELS) <= set(CHANNELS)
    assert set(support.OPEN_STATUSES) <= set(STATUSES)
    assert set(jobs.ALIVE) <= set(JOB_STATUSES) and set(jobs.QUEUED_PATIENCE) <= set(JOB_BACKENDS)
