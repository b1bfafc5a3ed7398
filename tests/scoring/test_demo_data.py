"""The real demo data (consult/demo/data/scoring.json) loads into a closed, scored working group."""
import json

import pytest

from consult.core.extensions import db
from consult.scoring import services
from consult.shortlist import services as shortlists
from consult.scoring.demo import DATA_FILE, load_scoring_demo
from tests.factories import make_consultation, make_proposal
from tests.scoring.helpers import person


@pytest.mark.skipif(not DATA_FILE.exists(), reason="the demo data is not written yet")
def test_the_demo_scores_load_and_show_disagreements(ctx, client):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    consultation = make_consultation(open_phase="scoring")
    members = [person(m["name"], affiliation=m["affiliation"]) for m in data["members"]]
    by_theme = {spec["theme"]: [make_proposal(consultation, f"Proposition {spec['theme']}")] for spec in data["themes"]}
    group = load_scoring_demo(consultation, by_theme, members)
    db.session.commit()
    assert services.is_balanced(group) and group.is_closed
    assert services.progress(group).submitted == sum(len(spec["scores"]) for spec in data["themes"])
    results = services.group_results(group)
    assert any(result.flags for result in results)                   # realistic disagreements
    assert any(a.alpha is not None for a in services.agreement(group))
    assert shortlists.shortlist(consultation)
    page = client.get(f"/scoring/groups/{group.id}/results?lang=ar")
    assert page.status_code == 200 and "ترتيب المواضيع" in page.get_data(as_text=True)
