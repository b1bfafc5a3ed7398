"""What core.cache keeps: one value per name for the version it was computed from, a late
commit shown within seconds while the data is changing, nothing lost when the cache is down."""
from __future__ import annotations

from datetime import timedelta

from consult.core.cache import versioned
from consult.core.extensions import db
from consult.core.models import utcnow
from consult.proposals import versions
from tests.factories import make_consultation, make_proposal


def test_one_value_per_name_for_its_version(ctx):
    built = []

    def build(value):
        return lambda: built.append(value) or value
    assert versioned("figures:test", 1, build("one")) == "one"
    assert versioned("figures:test", 1, build("again")) == "one"        # kept
    assert versioned("figures:test", 2, build("two")) == "two"          # a new version
    assert versioned("figures:test", 1, build("one again")) == "one again"   # the old one is gone
    assert built == ["one", "two", "one again"]


def test_a_recent_change_is_kept_only_seconds():
    assert versions.settling_timeout(utcnow() - timedelta(seconds=2)) == versions.SETTLING_TIMEOUT
    assert versions.settling_timeout((utcnow() - timedelta(seconds=2), 4, None)) == versions.SETTLING_TIMEOUT
    assert versions.settling_timeout(utcnow() - timedelta(minutes=5)) is None
    assert versions.settling_timeout(None) is None


def test_a_submission_that_commits_after_a_later_one_is_counted_within_seconds(ctx, client, time_machine):
    """Its `updated_at` is older than the latest one's: the version does not move, but what was
    kept during the burst of changes expires within SETTLING_TIMEOUT seconds. The clock stands still
    and is moved by the test, so that a slow machine cannot let the kept count expire early."""
    time_machine.move_to(utcnow(), tick=False)
    consultation = make_consultation()
    make_proposal(consultation, "Publier les budgets des communes")
    db.session.commit()

    def listed() -> str:
        html = client.get(f"/consultations/{consultation.id}/proposals",
                          headers={"Accept-Language": "en"}).get_data(as_text=True)
        return html
    assert "1 proposal" in listed()
    late = make_proposal(consultation, "Ouvrir les données des marchés publics")
    late.updated_at = late.created_at = utcnow() - timedelta(seconds=10)   # stamped before, committed after
    db.session.commit()
    assert "1 proposal" in listed()                  # the version did not move: still the kept count
    time_machine.shift(versions.SETTLING_TIMEOUT - 1)
    assert "1 proposal" in listed()                  # still within the settling time
    time_machine.shift(2)
    assert "2 proposals" in listed()
