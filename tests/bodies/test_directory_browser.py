"""The directory on real Chromium: filters refresh the results in place, the address follows,
and Back restores both the results and the ticked filters."""

import re

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_filtering_updates_results_and_address_and_back_restores_them(
    page: Page, live_server, world, console_errors
):
    page.goto(f"{live_server.url}/bodies/")
    heading = page.locator("#results-heading")
    expect(heading).to_have_text("4 bodies")

    page.get_by_label(re.compile(r"^Germany")).check()
    expect(page).to_have_url(f"{live_server.url}/bodies/?country=DE")
    expect(heading).to_have_text("2 bodies")
    expect(page.locator(".directory-row__name > a")).to_have_text(["Alpha Cert", "Beta Assurance"])
    # The scheme counts follow the country filter (out-of-band swap).
    expect(page.locator("#facet-standard-iso-14001")).to_contain_text("(1")

    page.locator("#standard-iso-14001").check()
    expect(page).to_have_url(f"{live_server.url}/bodies/?country=DE&standard=iso-14001")
    expect(page.locator(".directory-row__name > a")).to_have_text(["Beta Assurance"])

    page.get_by_label("Name, acronym or city").fill("nothing-like-this")
    expect(heading).to_have_text("0 bodies")
    expect(page).to_have_url(re.compile(r"q=nothing-like-this"))

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/bodies/?country=DE&standard=iso-14001")
    expect(page.locator(".directory-row__name > a")).to_have_text(["Beta Assurance"])
    expect(page.get_by_label("Name, acronym or city")).to_have_value("")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/bodies/?country=DE")
    expect(heading).to_have_text("2 bodies")
    expect(page.locator("#standard-iso-14001")).not_to_be_checked()
    expect(page.get_by_label(re.compile(r"^Germany"))).to_be_checked()

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/bodies/")
    expect(heading).to_have_text("4 bodies")
    assert console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_javascript_the_form_is_a_plain_get(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/bodies/")
    page.get_by_label(re.compile(r"^Germany")).check()
    page.get_by_role("button", name="Show bodies").click()
    expect(page).to_have_url(re.compile(r"/bodies/\?.*country=DE"))
    expect(page.locator(".directory-row__name > a")).to_have_text(["Alpha Cert", "Beta Assurance"])
    context.close()
