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
  const scrollers = '.table-wrap, .compare-wrap';
  return Array.from(document.querySelectorAll('body *'))
    .filter(el => !el.closest(scrollers) && el.getClientRects().length)
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .filter(el => getComputedStyle(el).position !== 'absolute' || !el.closest('.skip-link, .visually-hidden, .honeypot'))
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))
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
