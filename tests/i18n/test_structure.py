"""WCAG structure of every public page, from the HTML the server sends (both languages):
landmarks, one h1 and no skipped heading level, a label on every form control, tables with
a caption and header cells, status badges that say their status in words, a skip link."""

from html.parser import HTMLParser

import pytest

LABELLED_BY_ATTRIBUTE = ("aria-label", "aria-labelledby", "title")
NOT_LABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[int] = []
        self.label_for: set[str] = set()
        self.controls: list[dict[str, str]] = []
        self.open_labels = 0
        self.tables: list[dict[str, bool]] = []
        self.badges: list[str] = []
        self._badge_depth: list[int] = []
        self._depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag not in {"input", "img", "br", "meta", "link", "hr", "source"}:
            self._depth += 1
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        if tag in {"select", "textarea"} or (
            tag == "input" and attributes.get("type", "text") not in NOT_LABELLED_INPUTS
        ):
            self.controls.append({**attributes, "_tag": tag, "_in_label": str(self.open_labels)})
        if tag == "table":
            self.tables.append({"caption": False, "th": False})
        if tag in {"caption", "th"} and self.tables:
            self.tables[-1][tag] = True
        if tag == "a":
            self.links.append(attributes.get("href", ""))
        if "badge" in attributes.get("class", "").split():
            self.badges.append("")
            self._badge_depth.append(self._depth)

    def handle_endtag(self, tag):
        if tag == "label":
            self.open_labels = max(0, self.open_labels - 1)
        if self._badge_depth and self._depth == self._badge_depth[-1]:
            self._badge_depth.pop()
        self._depth -= 1

    def handle_data(self, data):
        if self._badge_depth:
            self.badges[-1] += data


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def unlabelled(page: _Page) -> list[str]:
    return [
        f"<{control['_tag']} name={control.get('name')!r}>"
        for control in page.controls
        if control["_in_label"] == "0"
        and control.get("id") not in page.label_for
        and not any(control.get(name) for name in LABELLED_BY_ATTRIBUTE)
        and control.get("aria-hidden") != "true"
        and control.get("tabindex") != "-1"
    ]


@pytest.fixture
def rendered(client, public_pages):
    pages = {}
    for prefix in ("", "/ru"):
        for url in public_pages:
            response = client.get(prefix + url)
            assert response.status_code == 200, prefix + url
            pages[prefix + url] = parse(response.content.decode())
    return pages


def test_every_page_has_the_landmarks_and_a_skip_link_to_main(rendered):
    for url, page in rendered.items():
        tags = [tag for tag, _attributes in page.tags]
        assert tags.count("main") == 1, url
        assert {"header", "nav", "footer"} <= set(tags), url
        assert page.links[0] == "#main", url  # the first link of the page
        assert any(tag == "main" and attrs.get("id") == "main" for tag, attrs in page.tags), url


def test_every_page_has_one_h1_and_never_skips_a_heading_level(rendered):
    for url, page in rendered.items():
        assert page.headings.count(1) == 1, (url, page.headings)
        assert page.headings[0] == 1, (url, page.headings)
        for before, after in zip(page.headings, page.headings[1:], strict=False):
            assert after <= before + 1, (url, page.headings)


def test_every_form_control_has_a_label(rendered):
    missing = {url: unlabelled(page) for url, page in rendered.items() if unlabelled(page)}

    assert not missing, missing


def test_every_table_has_a_caption_and_header_cells(rendered):
    for url, page in rendered.items():
        for table in page.tables:
            assert table == {"caption": True, "th": True}, url


def test_status_badges_say_their_status_in_words(rendered):
    seen = 0
    for url, page in rendered.items():
        for text in page.badges:
            seen += 1
            assert text.strip(), f"{url}: a badge with colour only"

    assert seen  # the site's pages do show statuses


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<main id='main'><h1>A</h1><h3>C</h3></main>", "heading"),
        ("<table><tr><td>1</td></tr></table>", "table"),
        ("<select name='country'></select>", "label"),
        ("<span class='badge badge--fail'></span>", "badge"),
    ],
)
def test_the_checks_catch_broken_markup(html, problem):
    page = parse(html)
    found = {
        "heading": any(b > a + 1 for a, b in zip(page.headings, page.headings[1:], strict=False)),
        "table": any(table != {"caption": True, "th": True} for table in page.tables),
        "label": bool(unlabelled(page)),
        "badge": any(not text.strip() for text in page.badges),
    }
    assert found[problem]
