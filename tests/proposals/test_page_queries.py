"""The proposal's page and the list at 100,000 proposals: the page reads what it shows in a few
queries (not one per related row), the list does not count every matching proposal on each visit
yet shows a new one at once, and labels follow each request's language."""
from __future__ import annotations

import uuid
from datetime import date

from consult.core.extensions import db
from consult.proposals import search, services
from tests.factories import make_consultation, make_proposal, make_theme, make_workshop
from tests.proposals.test_open_data_queries import counted


def test_the_proposal_page_reads_what_it_shows_in_a_few_queries(app, ctx, client):
    consultation = make_consultation()
    workshop = make_workshop(consultation, "sfax", date(2026, 3, 1))
    proposal = make_proposal(consultation, "Budgets ouverts", workshop=workshop)
    other = make_proposal(consultation, "Budgets publiés")
    make_theme(consultation, {"fr": "Transparence budgétaire", "en": "Budget transparency"}, proposal, other)
    services.change_status(proposal, "under_scoring", "Les groupes de travail la notent.")
    db.session.commit()
    for _ in range(2):
        client.post(f"/p/{proposal.ref}/support", data={"support_token": uuid.uuid4().hex},
                    environ_base={"REMOTE_ADDR": f"196.203.10.{_ + 1}"})
        client.delete_cookie("consult_voice")
    url = f"/p/{proposal.ref}?lang=en"
    db.session.expire_all()

    with counted() as statements:
        page = client.get(url).get_data(as_text=True)
    # The proposal with its consultation, phases, axis, workshop, theme, history and number of
    # voices; its confirmed duplicates; the commitment its theme became.
    assert len(statements) <= 3, statements
    assert "Public participation" in page and "Hotel in sfax" in page
    assert "Budget transparency" in page and "Les groupes de travail la notent." in page
    assert "2 people support this proposal." in page and 'id="voice-form"' in page


def test_the_list_counts_its_proposals_once_per_change(app, ctx, client):
    consultation = make_consultation()
    for n in range(3):
        make_proposal(consultation, f"Proposition {n}", governorate="sfax")
    url = f"/consultations/{consultation.id}/proposals?lang=en"

    def visit(query=""):
        with counted() as statements:
            page = client.get(url + query).get_data(as_text=True)
        return page, [s for s in statements if "count(*)" in s.lower()]

    page, counts = visit()
    assert "3 proposals" in page and len(counts) == 1
    page, counts = visit()
    assert "3 proposals" in page and counts == []              # nothing changed: not counted again
    page, counts = visit("&region=sfax")
    assert "3 proposals" in page and len(counts) == 1          # other filters, their own count

    make_proposal(consultation, "Une quatrième", governorate="kef")
    page, _counts = visit()
    assert "4 proposals" in page                                # a new proposal shows at once
    hidden = db.session.scalars(search.matching(search.ProposalFilters(consultation.id))).first()
    services.change_status(hidden, "hidden", "Hors sujet.")
    db.session.commit()
    page, _counts = visit()
    assert "3 proposals" in page                                # and a hidden one leaves the count


def test_labels_follow_each_requests_language(app, ctx, client):
    consultation = make_consultation()
    proposal = make_proposal(consultation, "Budgets ouverts", channel="workshop")
    url = f"/consultations/{consultation.id}/proposals"
    assert "Received" in client.get(url + "?lang=en").get_data(as_text=True)
    french = client.get(url + "?lang=fr").get_data(as_text=True)
    assert "Reçue" in french and "Atelier" in french and "Received" not in french
    arabic = client.get(f"/p/{proposal.ref}?lang=ar").get_data(as_text=True)
    assert "Received" not in arabic and "Reçue" not in arabic
    assert "Received" in client.get(f"/p/{proposal.ref}?lang=en").get_data(as_text=True)
