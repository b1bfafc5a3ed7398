"""Every page of the walk fits a 390 px phone, and axe-core finds nothing on the key pages.

axe-core comes from npm (scripts/package.json, installed by `make setup` with `npm ci`): it is
injected into the page by the test only (the context bypasses the CSP for it), never served.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.conftest import (COORDINATOR, DESKTOP, MEMBER, PHONE, new_page, page_width, screenshot,
                                    sign_in)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[2] / "scripts" / "node_modules" / "axe-core" / "axe.min.js"


def public_pages(site) -> dict[str, str]:
    c = site["consultation_id"]
    return {"home": "/", "proposal form": f"/consultations/{c}/propose", "proposal list": f"/consultations/{c}/proposals",
            "proposal page": f"/p/{site['proposal_ref']}", "themes": f"/consultations/{c}/themes",
            "theme page": f"/themes/{site['theme_id']}", "national view": f"/consultations/{c}/workshops",
            "follow page": "/follow"}


def member_pages(site) -> dict[str, str]:
    return {"scoring form": f"/scoring/groups/{site['group_id']}/themes/{site['scored_theme_id']}",
            "scoring results": f"/scoring/groups/{site['group_id']}/results"}


def staff_pages(site) -> dict[str, str]:
    """Every other page of the walk, as the coordinator sees it."""
    c, g = site["consultation_id"], site["group_id"]
    return {"scoring index": f"/consultations/{c}/scoring", "group page": f"/scoring/groups/{g}",
            "moderation": f"/consultations/{c}/moderation", "grouping": f"/consultations/{c}/grouping",
            "grouping run": f"/grouping/runs/{site['run_id']}", "near-duplicates": f"/consultations/{c}/duplicates",
            "calendar": f"/consultations/{c}/calendar", "axes": f"/consultations/{c}/axes",
            "history": f"/consultations/{c}/history", "accounts": "/accounts/users",
            "workshop page": f"/workshops/{site['workshop_ids'][0]}", "workshops": f"/consultations/{c}/workshops",
            "rubric": f"/consultations/{c}/scoring/rubric", "shortlist": f"/consultations/{c}/scoring/shortlist",
            "outcomes": f"/consultations/{c}/scoring/outcomes", "enter a proposal": f"/consultations/{c}/proposals/enter",
            "import": f"/consultations/{c}/proposals/import", "plan": f"/consultations/{c}/plan",
            "consultations": "/consultations/", **member_pages(site)}


def _visit(page, site, path: str, lang: str) -> None:
    response = page.goto(site["url"] + path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert response.status == 200, (path, response.status)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_no_page_of_the_walk_is_wider_than_a_phone(demo_site, browser, lang):
    site = demo_site
    wide = {}
    visitor = new_page(browser, PHONE)
    for name, path in public_pages(site).items():
        _visit(visitor, site, path, lang)
        if page_width(visitor) > PHONE["width"]:
            wide[name] = page_width(visitor)
    visitor.context.close()
    coordinator = new_page(browser, PHONE)
    sign_in(coordinator, site, COORDINATOR)
    for name, path in {**public_pages(site), **staff_pages(site)}.items():
        _visit(coordinator, site, path, lang)
        if page_width(coordinator) > PHONE["width"]:
            wide[f"{name} (coordinator)"] = page_width(coordinator)
            screenshot(coordinator, f"too-wide-{lang}-{name.replace(' ', '-')}")
        # A table too wide for the screen scrolls in its own box, which the keyboard reaches and names.
        unreachable = coordinator.evaluate("""() => [...document.querySelectorAll('.table-responsive')]
            .filter(box => box.scrollWidth > box.clientWidth + 1)
            .filter(box => box.tabIndex < 0 || !(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby')))
            .length""")
        assert not unreachable, f"{name}: a scrolling table the keyboard cannot reach"
    screenshot(coordinator, f"phone-{lang}-last-page")
    coordinator.context.close()
    assert wide == {}, f"wider than {PHONE['width']} px: {wide}"


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document)")
    return [f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} {v['help']}" for v in result["violations"]]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_axe_finds_no_violation_on_the_key_pages(demo_site, browser, lang, viewport):
    if not AXE.exists():
        if os.environ.get("CI") == "true":   # in CI it must run, as the browser tests must
            pytest.fail("axe-core is not installed: `make setup` runs npm ci --prefix scripts")
        pytest.skip("axe-core is not installed: run `make setup` (npm ci --prefix scripts)")
    site = demo_site
    found = {}
    visitor = new_page(browser, viewport, bypass_csp=True)
    for name, path in public_pages(site).items():
        _visit(visitor, site, path, lang)
        if violations := _axe(visitor):
            found[name] = violations
    visitor.context.close()
    member = new_page(browser, viewport, bypass_csp=True)
    sign_in(member, site, MEMBER)
    for name, path in member_pages(site).items():
        _visit(member, site, path, lang)
        if violations := _axe(member):
            found[name] = violations
    member.context.close()
    assert found == {}, found
