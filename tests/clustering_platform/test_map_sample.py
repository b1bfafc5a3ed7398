"""The themes page's map draws an even sample of the proposals, chosen by the database."""
from __future__ import annotations

import pytest

from consult.clustering import overview
from consult.clustering.models import ProposalVector
from consult.core.extensions import db
from consult.proposals import services as proposals
from tests.clustering_platform.conftest import add
from tests.factories import make_consultation


@pytest.mark.parametrize("count, shown", [(9, 4), (10, 3), (7, 7), (3, 10)])
def test_the_map_draws_an_even_sample_of_the_visible_proposals(ctx, monkeypatch, count, shown):
    monkeypatch.setattr(overview, "MAP_MAX_POINTS", shown)
    consultation = make_consultation()
    made = [add(consultation, f"Proposition {i}") for i in range(count + 1)]
    proposals.hide(made[-1], "abuse", None)
    for i, proposal in enumerate(made):
        vector = db.session.scalar(db.select(ProposalVector).filter_by(proposal_id=proposal.id))
        vector.x, vector.y = float(i), float(i % 3)
    db.session.commit()
    picture = overview.map_picture(consultation.id, [])
    visible = made[:count]
    expected = ([visible[int(i * count / shown)] for i in range(shown)] if count > shown else visible)
    assert picture.total == count
    assert [point[3] for point in picture.points] == [p.ref for p in expected]
    assert made[-1].ref not in {point[3] for point in picture.points}


def test_no_places_no_map(ctx):
    consultation = make_consultation()
    add(consultation, "Proposition")
    assert overview.map_picture(consultation.id, []) is None
