"""Fixtures of the clustering-in-the-platform tests (the fake encoder is every test's, see
tests/fakes.py; one test here is marked to use the real one)."""
from __future__ import annotations

import pytest

from consult.clustering import runs
from consult.core.extensions import db

from tests.factories import make_proposal
from tests.fakes import TOPICS, BrokenEncoder, FakeEncoder  # noqa: F401 (used by the tests here)


@pytest.fixture
def fake_encoder(_encoder):
    """The fake encoder every test gets (see tests/conftest.py), for the tests that count its calls."""
    return _encoder


def add(consultation, title, problem="", reform="", **fields):
    """A proposal whose problem and reform repeat its title unless given (what the fake encoder reads)."""
    return make_proposal(consultation, title, problem=problem or title, reform=reform or title, **fields)


SAMPLE = [
    ("budget", "نشر ميزانية البلدية على الانترنت"),
    ("budget", "Publier le budget de la commune en ligne"),
    ("budget", "Publish the municipal budget online"),
    ("water", "تحسين توزيع الماء الصالح للشرب في الأرياف"),
    ("water", "Améliorer la distribution de l'eau potable en zone rurale"),
    ("water", "Improve drinking water supply in rural areas"),
    ("transport", "تحسين النقل العمومي بين المدن"),
    ("transport", "Améliorer le transport public entre les villes"),
    ("transport", "Better public bus transport between towns"),
]


def add_sample(consultation):
    """Nine proposals, three topics in three languages; returns {topic: [proposals]}."""
    by_topic: dict[str, list] = {}
    for topic, title in SAMPLE:
        by_topic.setdefault(topic, []).append(add(consultation, title))
    return by_topic


def run_now(consultation, **params):
    """A grouping run executed synchronously and applied (as the demo does), committed."""
    run = runs.start_run(consultation, **params)
    runs.execute_run(run, apply=True)
    db.session.commit()
    return run


@pytest.fixture
def grouped(ctx):
    """A consultation whose sample proposals are grouped in 3 themes: (consultation, its
    proposals by topic, the theme id of each topic)."""
    from consult.proposals.models import Proposal
    from tests.factories import make_consultation
    consultation = make_consultation()
    by_topic = add_sample(consultation)
    run_now(consultation, k=3)
    themes = {topic: db.session.get(Proposal, members[0].id).theme_id for topic, members in by_topic.items()}
    return consultation, by_topic, themes
