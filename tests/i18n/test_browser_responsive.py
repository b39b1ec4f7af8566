"""The main pages at phone and desktop widths: screenshots for people to review (not compared
pixel by pixel) and no horizontal overflow, except inside the comparison's own scroller."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.i18n.conftest import PUBLIC_PAGES

WIDTHS = (360, 1280)
# Elements that stick out of the viewport, outside a scroll container of their own.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.split(' ')[0] : '');
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => !el.closest('.table-wrap, .compare-wrap') && el.getClientRects().length)
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(name)
    .slice(0, 8);
}"""


def screenshot_name(prefix: str, url: str, width: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{prefix}{url}".lower()).strip("-") or "home"
    return f"{slug}-{width}.png"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS)
def test_main_pages_fit_the_width_without_horizontal_scrolling(
    page: Page, live_server, i18n_site, tmp_path: Path, width: int
):
    page.set_viewport_size({"width": width, "height": 800})
    problems = {}
    for prefix in ("", "/ru"):
        for url in PUBLIC_PAGES:
            page.goto(f"{live_server.url}{prefix}{url}")
            page.screenshot(path=tmp_path / screenshot_name(prefix, url, width), full_page=True)
            scroll_width, inner_width = page.evaluate(
                "[document.documentElement.scrollWidth, window.innerWidth]"
            )
            if scroll_width > inner_width:
                problems[prefix + url] = (scroll_width, page.evaluate(OVERFLOWING))

    assert len(list(tmp_path.glob("*.png"))) == 2 * len(PUBLIC_PAGES)
    assert not problems, problems


@pytest.mark.browser
def test_the_overflow_check_finds_an_element_wider_than_a_phone(page: Page):
    page.set_viewport_size({"width": 360, "height": 800})
    page.set_content("<p>Fits</p><div id='wide'><img width='600' height='10' alt=''></div>")

    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )

    assert scroll_width > inner_width
    assert "img" in page.evaluate(OVERFLOWING)
