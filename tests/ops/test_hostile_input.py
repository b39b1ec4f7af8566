"""Hostile input against every public page: hypothesis-generated query strings and form posts.

Each public URL pattern (tests/ops/public_site.py walks the resolver, so new pages are swept
too) is requested with generated query strings — repeated keys, huge values, unicode, NUL
bytes, broken percent-encoding, SQL- and script-shaped values — and with generated form
posts aimed at the fields its forms really have (CSRF is not enforced by the test client).
Whatever arrives: no 5xx, no script-shaped value reflected raw into HTML, and the data
unchanged except for what a visitor may legitimately write (a complaint, a session).

Besides the generated examples, each page gets fixed ones (EVERY_FIELD: each hostile value in
all its fields at once; ONE_FIELD: each form field alone), so every field the page shows
meets every kind of value on every run. The generated examples are bounded and derandomised,
so the suite stays fast and repeatable; HOSTILE_EXAMPLES=200 HOSTILE_RANDOM=1 run a deeper,
randomised exploration (clean on both databases when this was written).
"""

import os
from urllib.parse import quote, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.ops.public_site import page_forms, public_patterns, table_counts

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
# What a reflected payload looks like when it was not escaped.
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")
SQL = (
    "' OR '1'='1",
    "' OR 1=1 --",
    "'; DROP TABLE bodies_body; --",
    "1; DELETE FROM bodies_certificate",
    "1 UNION SELECT username, password FROM auth_user --",
    "%' AND 1=1 --",
    "\\'; SELECT pg_sleep(5); --",
    "1) OR (1=1",
)
ODD = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "_",
    "\\",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
    "😀" * 50,
    "é" * 300,
    "x" * 10_000,
    "iso-9001",
    "DE",
    "2026-13-45",
    "javascript:alert(1)",
    "//evil.example/",
    "http://evil.example/",
)
VALUES = st.one_of(
    st.sampled_from((SCRIPT, IMAGE, '"><script>alert(1)</script>', *SQL, *ODD)),
    st.text(max_size=40),
    st.text(max_size=20).map(lambda text: text + SCRIPT),
    st.integers().map(str),
)
# Keys every page is asked about besides its own form fields: the filters and parameters
# the site's views read.
COMMON_KEYS = (
    "q",
    "page",
    "sort",
    "country",
    "standard",
    "casco",
    "accreditor",
    "sector",
    "kind",
    "status",
    "recognised",
    "format",
    "table",
    "bodies",
    "body",
    "certificate",
    "number",
    "holder",
    "what",
    "office",
    "step",
    "next",
    "p",
    "language",
)
# Besides the generated examples, every page is asked with each of these in all of its fields at
# once: the cheap way to be sure each field the view reads meets each kind of hostile value.
EVERY_FIELD = (
    SCRIPT,
    '"><script>alert(1)</script>',
    IMAGE,
    "' OR '1'='1",
    "'; DROP TABLE bodies_body; --",
    "a\x00b",
    "x" * 10_000,
    "😀\u202e" * 50,
    "-1",
    "99999999999999999999999999",
    "{{ 7|add:7 }}",
)
ONE_FIELD = "a\x00b' OR '1'='1<script>alert(1)</script>"
BROKEN_QUERIES = st.sampled_from(
    ("%ZZ", "a=%C0%AF", "=&&=", "a", "a=1&a=2&a=3", "%E2%28%A1=x", "a[]=1&a[]=2", "&" * 300)
)

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "8"))
bounded = hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("HOSTILE_RANDOM") != "1",
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# A visitor may write these: a complaint (and its history row), a session (the shortlist).
PUBLIC_WRITES = {"complaints.Report", "complaints.HistoricalReport", "sessions.Session"}

PATTERNS = public_patterns()


def keys_for(forms: list, *, method: str) -> list[str]:
    names = [name for form in forms if form.method == method for name in form.fields]
    return list(dict.fromkeys([*names, *COMMON_KEYS]))


def pairs(keys: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    key = st.one_of(st.sampled_from(keys), st.text(min_size=1, max_size=12))
    return st.lists(st.tuples(key, VALUES), max_size=6)


def encode(items: list[tuple[str, str]]) -> str:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in items)


def check(response, sent: list[tuple[str, str]]) -> None:
    """The response is not a server error, and script-shaped input never comes back raw."""
    assert response.status_code < 500, (response.status_code, sent)
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode("utf-8", errors="replace")
        for marker in RAW_MARKERS:
            assert marker not in html, (marker, sent)


@pytest.fixture
def sweep(site, db, settings):
    """sweep(pattern name) -> (its path, the forms the page shows, a fingerprint of the data
    to compare with after the examples)."""
    settings.RATELIMIT_ENABLE = False
    population, addresses = site

    def for_pattern(name: str):
        path = addresses[name]
        page = Client().get(path)
        html = page.content.decode("utf-8", errors="replace") if not page.streaming else ""
        forms = page_forms(path, html) if "html" in page.get("Content-Type", "") else []
        return path, forms, table_counts()

    return for_pattern


def assert_data_unchanged(before: dict[str, int]) -> None:
    after = table_counts()
    changed = {
        label: (before[label], after.get(label))
        for label in before
        if label not in PUBLIC_WRITES and before[label] != after.get(label)
    }
    assert changed == {}


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_hostile_query_strings_never_cause_a_server_error_or_reflect_script(pattern, sweep, client):
    path, forms, before = sweep(pattern.name)
    keys = keys_for(forms, method="get")

    @bounded
    @given(
        query=st.one_of(
            pairs(keys).map(lambda items: (items, encode(items))),
            BROKEN_QUERIES.map(lambda raw: ([("raw", raw)], raw)),
        ),
        htmx=st.booleans(),
    )
    def run(query: tuple[list[tuple[str, str]], str], htmx: bool) -> None:
        sent, raw = query
        headers = {"HX-Request": "true"} if htmx else {}
        check(client.get(path, QUERY_STRING=raw, headers=headers), sent)

    for value in EVERY_FIELD:
        filled = [(key, value) for key in keys]
        run = example(query=(filled, encode(filled)), htmx=False)(run)
    run()
    assert_data_unchanged(before)


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_hostile_form_posts_never_cause_a_server_error_or_reflect_script(pattern, sweep, client):
    path, forms, before = sweep(pattern.name)
    posted_here = [form for form in forms if form.method == "post" and form.action == path]
    keys = keys_for(posted_here, method="post")
    file_fields = [
        name for form in posted_here for name, kind in form.fields.items() if kind == "file"
    ]

    @bounded
    @given(
        items=pairs(keys),
        upload=st.one_of(
            st.none(),
            st.tuples(
                st.sampled_from(("a.csv", "../../x.csv", "a.exe", f"{SCRIPT}.csv", "a")),
                st.one_of(
                    st.binary(max_size=200),
                    st.sampled_from(
                        (
                            b"number,body\n' OR 1=1 --,x\n",
                            f"number\n{SCRIPT}\n".encode(),
                            b"\xff\xfe\x00n\x00u\x00m",
                            b"MZ\x90\x00",
                        )
                    ),
                ),
            ),
        ),
        referer=st.sampled_from(("", "http://evil.example/", "javascript:alert(1)", SCRIPT)),
        htmx=st.booleans(),
    )
    def run(items, upload, referer, htmx) -> None:
        data: dict[str, list] = {}
        for key, value in items:
            data.setdefault(key, []).append(value)
        if upload and file_fields:
            data[file_fields[0]] = [SimpleUploadedFile(upload[0], upload[1], "text/csv")]
        headers = {"HX-Request": "true"} if htmx else {}
        if referer:
            headers["Referer"] = referer
        response = client.post(path, data, headers=headers)
        check(response, items)
        if response.status_code in (301, 302):
            # Redirects stay on this site, whatever `next` or the Referer said.
            location = urlsplit(response["Location"])
            assert location.scheme in ("", "http") and location.netloc in ("", "testserver"), (
                location
            )

    for value in EVERY_FIELD:
        filled = [(key, value) for key in keys]
        run = example(items=filled, upload=None, referer="", htmx=False)(run)
    # One field at a time too: a form filled everywhere can stop early (its honeypot).
    for key in {name for form in posted_here for name in form.fields}:
        run = example(items=[(key, ONE_FIELD)], upload=None, referer="", htmx=False)(run)
    run()
    assert_data_unchanged(before)


def test_the_sweep_covers_the_public_pages_and_no_staff_page(site):
    _population, addresses = site
    names = set(addresses)
    assert {
        "bodies:home",
        "bodies:body-detail",
        "bodies:verify",
        "bodies:verify-certificate",
        "bodies:feed-changes-body",
        "complaints:report",
        "sitemap-section",
        "healthz",
    } <= names
    assert not [name for name in names if name.startswith(("admin:", "imports:"))]


def test_injection_shaped_certificate_numbers_find_nothing(site, db, client, settings):
    """A tautology in the number is a number like any other: no certificate matches it."""
    settings.RATELIMIT_ENABLE = False
    for number in SQL:
        response = client.get("/verify/", {"number": number})
        assert response.status_code == 200
        assert "HOSTILE-2025-0001" not in response.content.decode()
    found = client.get("/verify/", {"number": "HOSTILE-2025-0001"})
    assert "HOSTILE-2025-0001" in found.content.decode()


PATH_VALUES = (
    "a\x00b",
    "' OR '1'='1",
    "<svg onload=alert(1)>",
    "x" * 2_000,
    "-1",
    "0",
    "99999999999999999999999999",
    "😀\u202e",
)


@pytest.mark.parametrize("pattern", [p for p in PATTERNS if p.params], ids=str)
def test_hostile_path_parameters_answer_404_or_a_page_never_a_server_error(
    pattern, site, db, client, settings
):
    """Each path parameter in turn takes each hostile value its converter lets through."""
    settings.RATELIMIT_ENABLE = False
    _population, addresses = site
    resolved = resolve(urlsplit(addresses[pattern.name]).path).kwargs
    tried = 0
    for name in pattern.params:
        for value in PATH_VALUES:
            try:
                path = reverse(pattern.name, kwargs={**resolved, name: value})
            except NoReverseMatch:
                continue  # the converter refuses it: the URL cannot even be formed
            tried += 1
            check(client.get(path), [(name, value)])
    assert tried, "no hostile value fits any parameter: widen PATH_VALUES"
