"""Real Chromium: the statistics charts and the JSON-LD blocks live with the CSP.

The SVG charts use presentation attributes, never `style=`; JSON-LD is a data block the
browser never executes, so `script-src 'self'` does not apply to it. A violation would only
show as a console error, which these tests collect.
"""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_statistics_charts_draw_under_the_csp(
    live_server, page, console_errors, make_survey_figure, make_body, make_accreditation, iso_9001
):
    for year, certificates in [(2022, 1265216), (2023, 837978), (2024, 1474118)]:
        make_survey_figure(year, certificates, standard=iso_9001)
    make_accreditation(make_body(country="GB"), schemes=[iso_9001])
    page.goto(live_server.url + "/statistics/")
    chart = page.get_by_role("img", name="ISO 9001: certificates worldwide")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["height"] > 100
    assert page.locator("svg rect").count() >= 4  # three years, one directory bar
    assert console_errors == [], "\n".join(console_errors)


def test_json_ld_on_a_body_page_raises_no_csp_violation(
    live_server, page, console_errors, make_body, make_accreditation
):
    body = make_body("Albion Certification", slug="albion")
    make_accreditation(body, expires_on=datetime.date(2099, 1, 1))
    page.goto(live_server.url + body.get_absolute_url())
    data = page.locator('script[type="application/ld+json"]')
    expect(data).to_have_count(1)
    assert '"name": "Albion Certification"' in data.text_content()
    assert console_errors == [], "\n".join(console_errors)
