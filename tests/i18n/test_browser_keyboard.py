"""Keyboard-only use in Chromium: skip link, visible focus, filters behind a button on a phone,
shortlist and comparison."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
          const el = document.activeElement, style = getComputedStyle(el);
          return {id: el.id, text: el.textContent.trim(), tag: el.tagName.toLowerCase(),
                  outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                  left: el.getBoundingClientRect().left};
        }"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_the_first_tab_reaches_a_visible_skip_link_that_moves_focus_to_main(
    page: Page, live_server, i18n_site, prefix
):
    page.goto(f"{live_server.url}{prefix}/bodies/alpha/")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["tag"] == "a" and skip["text"] in {
        "Skip to main content",
        "Перейти к основному содержимому",
    }
    assert skip["left"] >= 0  # moved on screen when focused
    assert skip["outline"] != "none" and skip["width"] >= 2

    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    page.keyboard.press("Tab")  # the next stop is inside the page's content, past the menu
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_focus_stop_in_the_header_shows_a_focus_outline(page: Page, live_server, i18n_site):
    page.goto(f"{live_server.url}/")
    for _step in range(12):
        page.keyboard.press("Tab")
        state = focused(page)
        assert state["outline"] != "none" and state["width"] >= 2, state


def open_filters_page(browser: Browser, url: str, viewport: dict, javascript: bool) -> Page:
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.i18n.urls")
@pytest.mark.parametrize("javascript", [True, False])
def test_filters_collapse_behind_a_button_on_a_phone_and_open_by_keyboard(
    browser: Browser, live_server, javascript
):
    page = open_filters_page(browser, f"{live_server.url}/test-filters-panel/", PHONE, javascript)
    toggle = page.locator("#filters-panel > summary")
    expect(toggle).to_be_visible()
    expect(page.get_by_label("Name")).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")

    expect(page.get_by_label("Name")).to_be_visible()
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_q"
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.i18n.urls")
@pytest.mark.parametrize("javascript", [True, False])
def test_filters_are_always_shown_on_a_wide_screen(browser: Browser, live_server, javascript):
    page = open_filters_page(browser, f"{live_server.url}/test-filters-panel/", DESKTOP, javascript)

    expect(page.get_by_label("Name")).to_be_visible()
    expect(page.locator("#filters-panel > summary")).to_be_hidden()
    page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_directory_filters_are_behind_a_button_on_a_phone(page: Page, live_server, i18n_site):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/bodies/")
    filters = page.locator("form.filters").first
    expect(filters).to_be_hidden()

    toggle = page.locator("details:has(form.filters) > summary, [data-filters-toggle]").first
    toggle.focus()
    page.keyboard.press("Enter")

    expect(filters).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_shortlist_and_comparison_by_keyboard_alone(page: Page, live_server, i18n_site):
    page.set_viewport_size(PHONE)
    for slug in ("alpha", "beta"):
        page.goto(f"{live_server.url}/bodies/{slug}/")
        page.get_by_role("button", name="Add to shortlist").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Remove from shortlist")).to_be_visible()
    expect(page.locator("#shortlist-count")).to_contain_text("2")

    page.goto(f"{live_server.url}/shortlist/")
    page.get_by_role("button", name="Compare").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/compare/?bodies=alpha&bodies=beta")
    table = page.locator(".compare-table")
    expect(table.locator("thead")).to_contain_text("Alpha Zertifizierung")
    expect(table.locator("thead")).to_contain_text("Beta Certification")

    # The table scrolls sideways from the keyboard, and its first column stays in view.
    scroller = page.get_by_role("region", name="2 bodies compared")
    scroller.focus()
    first_column_before = table.locator("tbody th").first.bounding_box()["x"]
    first_cell_before = table.locator("tbody td").first.bounding_box()["x"]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Arrow keys scroll smoothly: wait until the scrolling has happened.
    scroller.evaluate(
        """el => new Promise(done => { const check = () => el.scrollLeft >= 60 ? done() :
        requestAnimationFrame(check); check(); })"""
    )
    assert table.locator("tbody th").first.bounding_box()["x"] == pytest.approx(
        first_column_before, abs=4
    )  # sticky: the row headers stay while the bodies' columns move under them
    assert table.locator("tbody td").first.bounding_box()["x"] <= first_cell_before - 50

    # "Show only differences" is a checkbox: Space toggles it and the table follows.
    page.get_by_label("Show only differences").focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(
        re.compile(r"/compare/\?bodies=alpha(%2C|&bodies=)beta&only=differences$")
    )
    expect(page.locator("#comparison")).to_contain_text("Rows where every body has the same")
