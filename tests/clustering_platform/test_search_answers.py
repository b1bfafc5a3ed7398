"""The search by meaning answers the same search again without reading the vectors again, and
never with an answer older than the proposals: a new one is found at once, a hidden one is gone."""
from __future__ import annotations

from consult.clustering import embedding
from consult.core.extensions import db
from consult.proposals import services
from tests.clustering_platform.conftest import FakeEncoder, add
from tests.clustering_platform.test_search_by_meaning import found
from tests.factories import make_consultation


def test_the_same_search_again_does_not_encode_the_query_again(ctx, client, fake_encoder):
    consultation = make_consultation()
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    add(consultation, "Publier le budget de la commune en ligne")
    first = found(client, consultation, "budget")
    calls = fake_encoder.calls
    assert found(client, consultation, "budget") == first and arabic.ref in first
    assert client.get(f"/api/v1/proposals?consultation={consultation.id}&q=budget").status_code == 200
    assert fake_encoder.calls == calls


def test_a_new_proposal_is_found_by_the_same_search_at_once(ctx, client):
    consultation = make_consultation()
    add(consultation, "Publier le budget de la commune en ligne")
    found(client, consultation, "budget")
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    assert arabic.ref in found(client, consultation, "budget")


def test_a_proposal_hidden_after_a_search_is_not_shown_by_the_same_search(ctx, client):
    consultation = make_consultation()
    add(consultation, "Publier le budget de la commune en ligne")
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    assert arabic.ref in found(client, consultation, "budget")
    services.hide(arabic, "spam", None)
    db.session.commit()
    assert arabic.ref not in found(client, consultation, "budget")


class FailsOnce(FakeEncoder):
    def __init__(self):
        super().__init__()
        self.failed = False

    def encode(self, texts):
        if not self.failed:
            self.failed = True
            raise RuntimeError("the model could not be loaded this time")
        return super().encode(texts)


def test_a_failed_search_by_meaning_is_tried_again(ctx, client, monkeypatch):
    consultation = make_consultation()
    add(consultation, "Publier le budget de la commune en ligne")
    arabic = add(consultation, "نشر ميزانية البلدية على الانترنت")
    monkeypatch.setattr(embedding, "ENCODER", FailsOnce())
    assert arabic.ref not in found(client, consultation, "budget")   # words only, this time
    assert arabic.ref in found(client, consultation, "budget")
