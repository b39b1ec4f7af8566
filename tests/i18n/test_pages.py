"""/ru/ pages speak Russian: no English interface text, <html lang="ru">, Russian country
names, dates and numbers; the language switcher keeps the page and its query string."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

RU_PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# Single words of the interface (menus, buttons, table headers) that must not stay English.
UI_WORDS = [
    "Evaluate",
    "Standards",
    "Statistics",
    "Complaints",
    "Shortlist",
    "Language",
    "Switch",
    "Search",
    "Compare",
    "Verify",
    "Status",
    "Scope",
    "Schemes",
    "Accreditations",
    "Certificates",
    "Number",
    "Granted",
    "Expires",
    "Source",
    "Next",
    "Previous",
    "Print",
    "Apply",
    "Offices",
    "Recognitions",
    "Country",
    "Sector",
    "Body",
    "Holder",
    "Issued",
    "Valid",
    "Active",
    "Suspended",
]


class _VisibleText(HTMLParser):
    """Text and read-aloud attributes of a page; scripts, styles and JSON-LD left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"alt", "title", "aria-label", "placeholder"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return " ".join(" ".join(parser.parts).split())


def english_sentences() -> list[str]:
    """Interface messages of two or more words whose Russian differs: none may appear."""
    found = []
    for entry in polib.pofile(str(RU_PO)):
        text = entry.msgid
        if entry.msgid_plural or "%" in text or "<" in text or entry.msgstr == text:
            continue
        if len(text.split()) >= 2:
            found.append(text)
    return found


def english_left(text: str) -> list[str]:
    words = [w for w in UI_WORDS if re.search(rf"(?<![\w/-]){w}(?![\w/-])", text)]
    return words + [sentence for sentence in english_sentences() if sentence in text]


@pytest.fixture
def pages_in(client, public_pages):
    def get(prefix: str) -> dict[str, str]:
        pages = {}
        for url in public_pages:
            response = client.get(prefix + url)
            assert response.status_code == 200, (prefix + url, response.status_code)
            pages[url] = response.content.decode()
        return pages

    return get


def test_russian_pages_have_no_english_interface_text(pages_in):
    leftovers = {}
    for url, page in pages_in("/ru").items():
        assert '<html lang="ru">' in page, url
        text = visible_text(page)
        # Russian dates end in "г." ("1 января 2029 г."): a sentence must not add a second dot.
        assert "г.." not in text, (url, text[max(0, text.index("г..") - 80) :][:120])
        left = english_left(text)
        if left:
            leftovers[url] = left

    assert not leftovers, leftovers


def test_the_check_finds_english_on_english_pages(pages_in):
    # The same pages in English are full of the words the Russian pages must not have.
    for url, page in pages_in("").items():
        assert '<html lang="en">' in page, url
        assert english_left(visible_text(page)), url


def test_country_names_dates_and_numbers_follow_the_language(client, i18n_site):
    russian = visible_text(client.get("/ru/bodies/alpha/").content.decode())
    english = visible_text(client.get("/bodies/alpha/").content.decode())

    assert "Германия" in russian and "Франция" in russian
    assert "Germany" in english
    assert "1 января 2024 г." in russian  # the accreditation's grant date, Russian format
    assert "Jan. 1, 2024" in english or "January 1, 2024" in english

    statistics_ru = client.get("/ru/statistics/").content.decode()
    statistics_en = client.get("/statistics/").content.decode()
    assert "1\xa0265\xa0216" in statistics_ru  # Russian thousands separator (no-break space)
    assert "1,265,216" in statistics_en


@pytest.mark.parametrize(
    ("current", "language", "expected"),
    [
        (
            "/compare/?bodies=alpha,beta&differences=1",
            "ru",
            "/ru/compare/?bodies=alpha,beta&differences=1",
        ),
        ("/ru/verify/?number=AZ-2025-0001", "en", "/verify/?number=AZ-2025-0001"),
        ("/ru/bodies/alpha/", "ru", "/ru/bodies/alpha/"),
    ],
)
def test_the_language_switcher_keeps_the_page_and_its_query(
    client, i18n_site, current, language, expected
):
    page = client.get(current).content.decode()
    assert f'name="next" type="hidden" value="{current.replace("&", "&amp;")}"' in page

    response = client.post("/i18n/setlang/", {"language": language, "next": current})

    assert response.status_code == 302
    assert response["Location"] == expected


def test_error_pages_speak_the_language_of_the_address(client, db):
    response = client.get("/ru/bodies/no-such-body/")

    assert response.status_code == 404
    assert '<html lang="ru">' in response.content.decode()
    assert "Страница не найдена" in response.content.decode()


def test_the_500_page_speaks_russian_under_ru(db, settings):
    client = Client(raise_request_exception=False)
    settings.CERTDIR_RATE_VERIFY = "not a rate"  # a programming error: the plain 500 page

    response = client.get("/ru/verify/?number=AZ-1")

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="ru">' in page
    assert "На нашей стороне произошла ошибка" in page
    assert "Something went wrong" not in page
