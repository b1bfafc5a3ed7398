"""The themes page shows its theme cards a page at a time (largest first), the theme page its
members a page at a time; the counts stay those of the whole consultation or theme."""
from __future__ import annotations

from consult.clustering import overview, themes as theme_services
from consult.core.extensions import db
from consult.proposals import support
from tests.clustering_platform.conftest import add
from tests.factories import make_consultation, make_theme


def test_the_themes_page_shows_the_largest_themes_first_and_links_to_the_next_page(client, ctx, monkeypatch):
    monkeypatch.setattr(overview, "THEMES_PER_PAGE", 2)
    consultation = make_consultation()
    sizes = {"Budgets ouverts": 3, "Eau potable": 2, "Transport public": 1}
    made = {label: make_theme(consultation, label, *[add(consultation, f"{label} {i}") for i in range(size)])
            for label, size in sizes.items()}
    first = client.get(f"/consultations/{consultation.id}/themes?lang=fr").get_data(as_text=True)
    assert "3 thèmes" in first                                       # the count is the consultation's
    assert f"/themes/{made['Budgets ouverts'].id}\"" in first and f"/themes/{made['Eau potable'].id}\"" in first
    assert f'id="theme-{made["Transport public"].id}"' not in first
    assert "Page 1 sur 2" in first and "page=2" in first
    second = client.get(f"/consultations/{consultation.id}/themes?lang=fr&page=2").get_data(as_text=True)
    assert f'id="theme-{made["Transport public"].id}"' in second
    assert f'id="theme-{made["Budgets ouverts"].id}"' not in second
    assert "Page 2 sur 2" in second and "page=1" in second
    # A page past the last shows the last one.
    assert f'id="theme-{made["Transport public"].id}"' in client.get(
        f"/consultations/{consultation.id}/themes?page=9").get_data(as_text=True)


def test_the_theme_page_lists_its_members_a_page_at_a_time_with_the_whole_counts(client, ctx, monkeypatch):
    monkeypatch.setattr(theme_services, "MEMBERS_PER_PAGE", 3)
    consultation = make_consultation()
    members = [add(consultation, f"Proposition numéro {i}") for i in range(5)]
    theme = make_theme(consultation, "Budgets ouverts", *members)
    for i, proposal in enumerate(members[-2:]):      # the voices are on the second page's proposals
        support.add(proposal, voter_id=f"voter-{i}", connection=f"connection-{i}")
    db.session.commit()
    first = client.get(f"/themes/{theme.id}?lang=fr").get_data(as_text=True)
    assert "5 propositions" in first and "2 personnes les soutiennent" in first
    assert all(p.ref in first for p in members[:3]) and not any(p.ref in first for p in members[3:])
    assert "Page 1 sur 2" in first and "page=2" in first
    second = client.get(f"/themes/{theme.id}?lang=fr&page=2").get_data(as_text=True)
    assert all(p.ref in second for p in members[3:]) and not any(p.ref in second for p in members[:3])
    assert "5 propositions" in second and "Page 2 sur 2" in second and "Propositions 4 à 5 sur 5" in second
