"""The themes page's map draws a random sample of the visible proposals, read from an index: the
same points from one visit to the next, never a hidden proposal, and the whole count in its caption."""
from __future__ import annotations

import pytest

from consult.clustering import overview
from consult.clustering.models import ProposalVector
from consult.core.extensions import db
from consult.proposals import services as proposals
from tests.clustering_platform.conftest import add
from tests.factories import make_consultation


@pytest.mark.parametrize("count, shown", [(9, 4), (10, 3), (7, 7), (3, 10)])
def test_the_map_draws_the_visible_proposals_of_lowest_map_key(ctx, monkeypatch, count, shown):
    monkeypatch.setattr(overview, "MAP_MAX_POINTS", shown)
    consultation = make_consultation()
    made = [add(consultation, f"Proposition {i}") for i in range(count + 1)]
    hidden = made[-1]
    proposals.hide(hidden, "abuse", None)
    keys = {}
    for i, proposal in enumerate(made):
        vector = db.session.scalar(db.select(ProposalVector).filter_by(proposal_id=proposal.id))
        vector.x, vector.y = float(i), float(i % 3)
        vector.map_key = 0.0 if proposal is hidden else (i * 7 % 11) / 11   # the hidden one first
        keys[proposal.ref] = vector.map_key
    db.session.commit()
    picture = overview.map_picture(consultation.id, [])
    visible = sorted((p.ref for p in made[:count]), key=lambda ref: keys[ref])
    assert [point[3] for point in picture.points] == visible[:shown]
    assert hidden.ref not in {point[3] for point in picture.points}
    assert picture.total == count
    assert overview.map_picture(consultation.id, []).points == picture.points   # the same next visit


def test_new_vectors_get_spread_map_keys(ctx):
    consultation = make_consultation()
    for i in range(40):
        add(consultation, f"Proposition {i}")
    keys = db.session.scalars(db.select(ProposalVector.map_key)).all()
    assert len(set(keys)) == 40 and all(0 <= key < 1 for key in keys)
    assert min(keys) < 0.25 and max(keys) > 0.75


def test_no_places_no_map(ctx):
    consultation = make_consultation()
    add(consultation, "Proposition")
    assert overview.map_picture(consultation.id, []) is None
