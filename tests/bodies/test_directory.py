"""The directory page /bodies/: rows, facets, sorting, pagination, htmx, CSV, bad input."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bodies.filters import BodyFilterSet
from bodies.models import Body
from bodies.queries.directory import PER_PAGE, facets
from tests.csv_helpers import read_csv_download

URL = reverse("bodies:body-list")


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def listed(response) -> list[str]:
    """The body names of the result rows, in order."""
    return re.findall(r'class="directory-row__name"><a href="[^"]+">([^<]+)</a>', html_of(response))


def counts(query: str) -> dict[str, dict[str, int]]:
    result = facets(BodyFilterSet(QueryDict(query), queryset=Body.objects.all()))
    return {
        "country": {o.value: o.count for o in result.countries},
        "standard": {o.value: o.count for o in result.schemes},
        "casco": {o.value: o.count for o in result.cascos},
    }


def test_directory_lists_bodies_with_their_matching_accreditations(client, world):
    response = client.get(URL, {"accreditor": "dakks"})
    assert listed(response) == ["Alpha Cert", "Beta Assurance"]
    html = html_of(response)
    beta = html[html.index("Beta Assurance") :]
    # Only the DAkkS accreditation matches: Beta's UKAS one is not shown in its row.
    assert "UKAS" not in beta
    assert "ISO/IEC 17025" in beta
    assert "Management-system certification body · United Kingdom, Leeds" in html
    assert '<span class="badge badge--active">Active</span>' in html


def test_rows_mark_recognised_and_unrecognised_accreditors_in_words(client, world):
    html = html_of(client.get(URL, {"q": "alpha"}))
    assert "accreditor recognised for this scope" in html
    html = html_of(client.get(URL, {"q": "zeta"}))
    assert "accreditor not recognised for this scope" in html


def test_rows_flag_a_body_accredited_only_by_an_unrecognised_organisation(client, world):
    html = html_of(client.get(URL, {"country": "FR"}))
    assert "accredited only by an unrecognised body" in html
    assert html.count("accredited only by an unrecognised body") == 1  # Gamma, not Delta
    html = html_of(client.get(URL, {"country": "DE"}))
    assert "accredited only by an unrecognised body" not in html


def test_rows_offer_the_shortlist_button(client, world):
    html = html_of(client.get(URL, {"q": "alpha"}))
    assert 'action="/shortlist/add/"' in html
    assert 'name="body" value="test-body-' in html


def test_status_badge_reads_expiry(client, world):
    html = html_of(client.get(URL, {"status": "expired"}))
    assert listed(client.get(URL, {"status": "expired"})) == ["Epsilon Cert"]
    assert '<span class="badge badge--expired">Expired</span>' in html


def test_facet_counts_count_bodies_under_the_other_filters(world):
    default = counts("")
    assert default["country"] == {"DE": 2, "GB": 1, "FR": 1, "ES": 1, "IT": 0}
    assert default["standard"] == {"iso-9001": 4, "iso-14001": 1}
    assert default["casco"] == {"iso-iec-17021-1": 4, "iso-iec-17025": 1}
    # A country filter narrows the scheme and CASCO counts, not the country counts.
    german = counts("country=DE")
    assert german["country"] == default["country"]
    assert german["standard"] == {"iso-9001": 2, "iso-14001": 1}
    assert german["casco"] == {"iso-iec-17021-1": 2, "iso-iec-17025": 1}
    # A scheme filter narrows the countries, not the scheme counts.
    env = counts("standard=iso-14001")
    assert env["country"] == {"DE": 1, "GB": 1, "FR": 0, "ES": 0, "IT": 0}
    assert env["standard"] == default["standard"]
    # Same accreditation: DAkkS accredits Beta only for a lab scope, never for ISO 14001.
    assert counts("accreditor=dakks")["standard"] == {"iso-9001": 1, "iso-14001": 0}


def test_facet_counts_are_shown_beside_the_options(client, world):
    html = html_of(client.get(URL, {"standard": "iso-14001"}))
    assert re.search(r'id="facet-country-DE">\(1<span class="visually-hidden"> body', html)
    assert re.search(r'id="facet-standard-iso-9001">\(4<span', html)
    assert 'id="standard-iso-14001" checked' in html


def test_selected_options_are_listed_first(world):
    result = facets(BodyFilterSet(QueryDict("country=IT"), queryset=Body.objects.all()))
    assert result.countries[0].value == "IT"
    assert result.countries[0].selected


def test_sort_orders_the_rows(client, world):
    assert listed(client.get(URL, {"sort": "country"})) == [
        "Alpha Cert",
        "Zeta Audit",
        "Gamma Quality",
        "Beta Assurance",
    ]


@pytest.fixture
def sixty_german_bodies(make_body, make_accreditation, make_accreditation_body, iso_9001):
    dakks = make_accreditation_body("DAkkS", country="DE")
    for n in range(60):
        make_accreditation(make_body(f"Body {n:02d}", country="DE"), ab=dakks, schemes=[iso_9001])


def test_pagination_links_keep_the_filters(client, sixty_german_bodies):
    response = client.get(URL, {"country": "DE", "standard": "iso-9001"})
    assert len(listed(response)) == PER_PAGE
    html = html_of(response)
    assert 'href="?country=DE&amp;standard=iso-9001&amp;page=2" rel="next"' in html
    assert "Page 1 of 3" in html
    second = client.get(URL, {"country": "DE", "standard": "iso-9001", "page": "2"})
    assert listed(second)[0] == "Body 25"
    assert 'href="?country=DE&amp;standard=iso-9001&amp;page=1" rel="prev"' in html_of(second)


def test_csv_link_keeps_the_filters_and_drops_the_page(client, sixty_german_bodies):
    html = html_of(client.get(URL, {"country": "DE", "page": "2"}))
    assert 'href="?country=DE&amp;format=csv"' in html


def test_a_non_numeric_page_shows_the_first_page_with_a_message(client, sixty_german_bodies):
    response = client.get(URL, {"page": "abc"})
    assert listed(response)[0] == "Body 00"
    assert "The page number must be a whole number: showing the first page." in html_of(response)


def test_a_page_past_the_end_shows_the_last_page_with_a_message(client, sixty_german_bodies):
    response = client.get(URL, {"page": "999"})
    assert listed(response) == [f"Body {n}" for n in range(50, 60)]
    assert "There are only 3 pages of results: showing the last page." in html_of(response)


def test_page_zero_shows_the_first_page_with_a_message(client, sixty_german_bodies):
    response = client.get(URL, {"page": "0"})
    assert listed(response)[0] == "Body 00"
    assert "Pages start at 1" in html_of(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "Select a valid choice. XX is not one of the available choices."),
        ({"standard": "iso-0"}, "Select a valid choice. iso-0 is not one of the available"),
        ({"casco": "nope"}, "Select a valid choice. nope is not one of the available"),
        ({"accreditor": "nope"}, "Select a valid choice. nope is not one of the available"),
        ({"sector": "99"}, "Select a valid choice. 99 is not one of the available choices."),
        ({"kind": ["testing_lab", "product_cb"]}, "Give this filter only once."),
        ({"q": "x" * 5000}, "Ensure this value has at most 100 characters (it has 5000)."),
    ],
)
def test_bad_filters_show_a_clear_message_and_no_results(client, world, params, message):
    response = client.get(URL, params)
    html = html_of(response)
    assert "Some filters could not be used, so no bodies are listed." in html
    assert message in html
    assert listed(response) == []


def test_unknown_parameters_are_ignored(client, world):
    response = client.get(URL, {"utm_source": "x", "format": "xml", "foo": "<b>"})
    assert listed(response) == ["Alpha Cert", "Beta Assurance", "Gamma Quality", "Zeta Audit"]


def test_input_is_escaped_everywhere(client, world):
    attack = '"><script>alert(1)</script>'
    for params in ({"q": attack}, {"country": attack}, {"page": attack}, {"sector": attack}):
        html = html_of(client.get(URL, params))
        assert "<script>alert(1)</script>" not in html
    html = html_of(client.get(URL, {"q": attack}))
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_htmx_request_gets_only_the_results_fragment(client, world):
    response = client.get(
        URL, {"q": "", "country": "DE", "status": "active", "sort": "name"}, HTTP_HX_REQUEST="true"
    )
    html = html_of(response)
    assert html.lstrip().startswith('<div id="results"')
    assert "<html" not in html and "directory-filters" not in html
    assert listed(response) == ["Alpha Cert", "Beta Assurance"]
    # Facet counts refresh out of band; the pushed address drops empty fields and defaults.
    assert 'id="facet-standard-iso-9001" hx-swap-oob="true">(2' in html
    assert response["HX-Push-Url"] == "/bodies/?country=DE"


def test_htmx_history_restore_gets_the_whole_page(client, world):
    response = client.get(
        URL,
        {"country": "DE"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )
    html = html_of(response)
    assert "<html" in html and 'id="directory-filters"' in html
    assert 'id="country-DE" checked' in html


def test_csv_download_is_the_filtered_list(client, world):
    rows = read_csv_download(client.get(URL, {"country": "DE", "format": "csv"}))
    assert [row["name"] for row in rows] == ["Alpha Cert", "Beta Assurance"]
    assert rows[0]["head_office_country"] == "DE"
    assert rows[1]["matching_accreditations"].startswith("DAkkS ISO/IEC 17025 (Active")
    assert rows[0]["url"].startswith("http://testserver/bodies/test-body-")


def test_csv_download_neutralises_formulas(client, world, make_body, make_accreditation):
    make_accreditation(make_body("=HYPERLINK(1)", country="DE"))
    rows = read_csv_download(client.get(URL, {"q": "hyperlink", "format": "csv"}))
    assert rows[0]["name"] == "'=HYPERLINK(1)"


def test_csv_with_bad_filters_is_a_client_error_with_the_message(client, world):
    response = client.get(URL, {"country": "XX", "format": "csv"})
    assert response.status_code == 400
    assert "XX is not one of the available choices" in response.content.decode()


def _queries_for(client, params: dict) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "params",
    [{}, {"country": "DE", "standard": "iso-9001", "recognised": "true"}, {"sort": "checked"}],
)
def test_query_count_is_small_and_does_not_grow_with_the_data(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001, params
):
    dakks = make_accreditation_body("DAkkS", country="DE")
    make_accreditation(make_body("First", country="DE"), ab=dakks, schemes=[iso_9001])
    cold_one = _queries_for(client, params)
    warm_one = _queries_for(client, params)
    for n in range(49):
        make_accreditation(make_body(f"More {n}", country="DE"), ab=dakks, schemes=[iso_9001])
    cache.clear()
    cold_fifty = _queries_for(client, params)
    warm_fifty = _queries_for(client, params)
    assert cold_one == cold_fifty <= 10
    # Warm: the rows with their total; the rows' HTML is cached, so no accreditation query.
    assert warm_one == warm_fifty == 1


def test_query_count_bound_with_a_session(client, world, django_assert_max_num_queries):
    client.post(reverse("bodies:shortlist-add"), {"body": Body.objects.first().slug})
    with django_assert_max_num_queries(10):
        assert client.get(URL, {"country": "DE"}).status_code == 200


def test_home_page_searches_the_directory_and_links_shortcuts(client, world):
    html = html_of(client.get(reverse("bodies:home")))
    assert '<form class="card stack" method="get" action="/bodies/" role="search">' in html
    assert 'name="q"' in html
    assert (
        '<a href="/bodies/?standard=iso-9001">ISO 9001</a> <span class="muted">(4)</span>' in html
    )
    assert '<a href="/bodies/?country=DE">Germany</a> <span class="muted">(2)</span>' in html
    assert "<strong>4</strong> bodies with an active accreditation" in html


def test_header_links_to_the_directory(client, db):
    html = html_of(client.get(URL))
    assert '<a href="/bodies/" aria-current="page">Find a body</a>' in html
