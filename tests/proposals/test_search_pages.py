"""A search's pages: word matches found by meaning first (closest first), the other word matches
newest first, then the proposals found by meaning only; each page a slice of that order. A search
matching more than a thousand proposals says "more than 1,000" instead of counting them all."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import insert

from consult.core.extensions import db
from consult.core.pagination import Page
from consult.core.text import fold_for_search
from consult.proposals import search, services
from consult.proposals.models import Proposal
from consult.proposals.signals import ids_by_meaning
from tests.clustering_platform.conftest import add
from tests.factories import make_consultation


def refs_on(client, url, **args) -> list[str]:
    page = client.get(url, query_string=args).get_data(as_text=True)
    return list(dict.fromkeys(re.findall(r'href="/p/(P-[0-9A-Z]+)"', page)))


def many(consultation, count: int, title: str) -> None:
    """`count` proposals titled `title` and a number, one minute apart, without vectors."""
    start = datetime(2026, 1, 1)
    refs = services.new_references(count)
    db.session.execute(insert(Proposal), [{
        "ref": refs[n], "consultation_id": consultation.id, "title": f"{title} {n}", "problem": "-",
        "reform": "-", "results": "", "body": "", "municipality": "", "proposer_type": "citizen",
        "channel": "online", "language": "fr", "status": "received",
        "search_text": fold_for_search(f"{title} {n} - -"),
        "created_at": start + timedelta(minutes=n), "updated_at": start + timedelta(minutes=n)}
        for n in range(count)])
    db.session.commit()


def test_a_search_matching_more_than_a_thousand_says_more_than_a_thousand(ctx, client):
    consultation = make_consultation()
    many(consultation, 1005, "Publier le budget")
    url = f"/consultations/{consultation.id}/proposals"
    first = client.get(url, query_string={"q": "budget", "lang": "en"}).get_data(as_text=True)
    assert "More than 1,000 proposals" in first and "1005 proposals" not in first
    assert "Page 1</span>" in first and "Page 1 of" not in first and "page=2" in first
    assert "أكثر من" in client.get(url, query_string={"q": "budget", "lang": "ar"}).get_data(as_text=True)
    assert "Plus de 1" in client.get(url, query_string={"q": "budget", "lang": "fr"}).get_data(as_text=True)
    # The 50th page ends at the thousandth: more follow. The 51st counts to 2,000: it knows the end.
    fiftieth = client.get(url, query_string={"q": "budget", "lang": "en", "page": 50}).get_data(as_text=True)
    assert "More than 1,000 proposals" in fiftieth and "page=51" in fiftieth
    last = client.get(url, query_string={"q": "budget", "lang": "en", "page": 51}).get_data(as_text=True)
    assert "1005 proposals" in last and "Page 51 of 51" in last and "page=52" not in last
    assert len(refs_on(client, url, q="budget", page=51)) == 5
    # Without words the list still counts them all.
    assert "1005 proposals" in client.get(url, query_string={"lang": "en"}).get_data(as_text=True)

    api = f"/api/v1/proposals?consultation={consultation.id}&q=budget"
    capped = client.get(api).get_json()
    assert (capped["total"], capped["total_exact"], len(capped["proposals"])) == (1000, False, 100)
    assert capped["next"] is not None
    end = client.get(api + "&page=11").get_json()
    assert (end["total"], end["total_exact"], end["pages"], end["next"]) == (1005, True, 11, None)
    assert len(end["proposals"]) == 5
    assert client.get(f"/api/v1/proposals?consultation={consultation.id}").get_json()["total_exact"]


def test_word_and_meaning_matches_keep_their_order_across_pages(app, ctx, client, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 7)
    consultation = make_consultation()
    french = [add(consultation, f"Publier le budget de la commune {n}") for n in range(64)]
    arabic = [add(consultation, f"نشر ميزانية البلدية رقم {n}") for n in range(4)]
    water = [add(consultation, f"Améliorer l'eau potable {n}") for n in range(5)]
    hidden = add(consultation, "Publier le budget caché")
    services.hide(hidden, "spam", None)
    db.session.commit()
    # Found by meaning: the 60 closest of the 69 visible or hidden proposals on the budget.
    hits = ids_by_meaning(consultation.id, "budget", search.MEANING_RESULTS)
    by_id = {p.id: p for p in french + arabic + water}
    with_word = [by_id[pid].ref for pid in hits if pid in by_id and by_id[pid] in french]
    others = [p.ref for p in reversed(french) if p.id not in hits]   # newest first
    meaning_only = [by_id[pid].ref for pid in hits if pid in by_id and by_id[pid] in arabic]
    assert others and meaning_only   # each part is on the pages below
    expected = with_word + others + meaning_only

    url = f"/consultations/{consultation.id}/proposals"
    shown = []
    for page in range(1, 12):
        shown += refs_on(client, url, q="budget", page=page)
    assert shown == expected
    assert hidden.ref not in shown and not {p.ref for p in water} & set(shown)
    api = client.get(f"/api/v1/proposals?consultation={consultation.id}&q=budget").get_json()
    assert [p["ref"] for p in api["proposals"]] == expected and api["total"] == len(expected)


@pytest.mark.parametrize("per_page", [1, 3, 10])
def test_every_page_is_a_slice_of_the_whole_order(ctx, per_page):
    consultation = make_consultation()
    for n in range(6):
        add(consultation, f"Publier le budget de la commune {n}", governorate="sfax" if n % 2 else "kef")
    for n in range(3):
        add(consultation, f"نشر ميزانية البلدية رقم {n}", governorate="sfax")
    add(consultation, "Budget participatif et transport", governorate="sfax")
    add(consultation, "Améliorer le transport public entre les villes", governorate="sfax")
    services.hide(add(consultation, "Publier le budget caché", governorate="sfax"), "spam", None)
    db.session.commit()
    for filters in (search.ProposalFilters(consultation.id, query="budget"),
                    search.ProposalFilters(consultation.id, query="budget", governorate="sfax"),
                    search.ProposalFilters(consultation.id, query="budget", include_hidden=True),
                    search.ProposalFilters(consultation.id, query="budget transport"),
                    search.ProposalFilters(consultation.id, query="introuvable"),
                    search.ProposalFilters(consultation.id)):
        whole = [p.ref for p in db.session.scalars(search.matching(filters))]
        pages = [search.paginate(filters, n, per_page) for n in range(1, len(whole) // per_page + 3)]
        assert [p.ref for page in pages for p in page.items] == whole
        assert {page.total for page in pages} == {len(whole)} and not any(page.capped for page in pages)
        assert [page.has_next for page in pages if page.items] == [
            page.page * per_page < len(whole) for page in pages if page.items]


@pytest.mark.parametrize("total, page", [(0, 1), (5, 1), (95, 1), (400, 7), (400, 20), (1000, 50)])
def test_the_pages_offered_are_those_of_flask_sqlalchemy(total, page):
    class Theirs(Pagination):
        def _query_items(self):
            return []

        def _query_count(self):
            return total
    theirs, ours = Theirs(page=page, per_page=20, error_out=False), Page(page=page, per_page=20, total=total)
    assert list(ours.iter_pages()) == list(theirs.iter_pages())
    assert (ours.pages, ours.has_next, ours.next_num, ours.has_prev, ours.prev_num) == (
        theirs.pages, theirs.has_next, theirs.next_num, theirs.has_prev, theirs.prev_num)
