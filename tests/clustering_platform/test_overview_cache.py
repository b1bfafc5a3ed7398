"""The themes overview and the consultation's figures are kept between visits (core.cache) but
never outlive the data: a rename, a move, a hidden or a new proposal shows at the next visit."""
from __future__ import annotations

from consult.clustering import overview, themes as theme_services
from consult.clustering.models import Theme
from consult.core.extensions import db
from consult.proposals import services as proposals
from tests.clustering_platform.conftest import add


def themes_page(client, consultation, **args) -> str:
    response = client.get(f"/consultations/{consultation.id}/themes", query_string=args,
                          headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_second_visit_does_not_draw_the_overview_again(grouped, client, monkeypatch):
    consultation, _by_topic, _themes = grouped
    drawn = []
    real = overview.themes_overview
    monkeypatch.setattr(overview, "themes_overview", lambda cid: drawn.append(cid) or real(cid))
    first = themes_page(client, consultation)
    assert themes_page(client, consultation) == first
    assert len(drawn) == 1
    themes_page(client, consultation, page=1, lang="ar")   # another language: drawn for it
    assert len(drawn) == 2


def test_a_rename_shows_at_the_next_visit(grouped, client):
    consultation, _by_topic, theme_ids = grouped
    themes_page(client, consultation)
    theme = db.session.get(Theme, theme_ids["water"])
    theme_services.rename(theme, {"en": "Drinking water for all"}, None)
    db.session.commit()
    assert "Drinking water for all" in themes_page(client, consultation)


def test_new_moved_and_hidden_proposals_show_at_the_next_visit(grouped, client):
    consultation, by_topic, theme_ids = grouped
    page = themes_page(client, consultation)
    assert "0 proposals not grouped yet" in page
    add(consultation, "Une proposition nouvelle sur les archives")
    db.session.commit()
    assert "1 proposal not grouped yet" in themes_page(client, consultation)
    proposals.hide(by_topic["budget"][0], "abus", None)
    db.session.commit()
    assert by_topic["budget"][0].ref not in themes_page(client, consultation)
    theme_services.move(by_topic["water"][0], db.session.get(Theme, theme_ids["transport"]), None)
    db.session.commit()
    assert overview.counts_by_theme(consultation.id)[theme_ids["transport"]] == 4


def test_the_home_page_figures_follow_a_new_proposal(grouped, client):
    consultation, _by_topic, _themes = grouped

    def proposals_so_far() -> str:
        html = client.get(f"/consultations/{consultation.id}", headers={"Accept-Language": "en"}).get_data(as_text=True)
        figures = html[html.index('id="consultation-figures"'):]
        return figures[figures.index('figure-number d-block">') + 23:].split("<", 1)[0]
    assert proposals_so_far() == "9"
    add(consultation, "A new proposal on open archives")
    db.session.commit()
    assert proposals_so_far() == "10"


def test_an_unreachable_cache_only_costs_time(grouped, client, monkeypatch):
    from consult.core import cache as cache_module

    def broken(*_args, **_kwargs):
        raise ConnectionError("Redis is down")
    monkeypatch.setattr(cache_module.cache, "get", broken)
    monkeypatch.setattr(cache_module.cache, "set", broken)
    consultation, _by_topic, _themes = grouped
    assert "0 proposals not grouped yet" in themes_page(client, consultation)


def test_a_renamed_axis_shows_at_the_next_visit(grouped, client):
    from consult.consultations import services as consultations
    consultation, _by_topic, _themes = grouped
    axis = consultation.axes[0]
    old = axis.name["en"]
    assert old in themes_page(client, consultation)
    consultations.rename_axis(axis, {"ar": "محور", "fr": "Axe renommé", "en": "Renamed axis"})
    db.session.commit()
    page = themes_page(client, consultation)
    assert "Renamed axis" in page and old not in page
