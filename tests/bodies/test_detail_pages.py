"""Body, accreditation-body and standard pages: what the issue asks each to show, their CSV
downloads, bad input, and a query count that does not grow with the data."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.models import RecognitionBasis
from bodies.models import Body, CertificateStatus
from tests.conftest import TODAY
from tests.csv_helpers import read_csv_download


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params or {}).status_code == 200
    return len(context.captured_queries)


def compact_names(html: str) -> list[str]:
    section = html[html.index('id="bodies"') :]
    return re.findall(r'<li><a href="/bodies/[^"]+/">([^<]+)</a>', section)


# --- Body page --------------------------------------------------------------------------------


def test_body_page_shows_each_accreditation_with_the_abs_recognitions_for_its_scope(
    client, world, make_recognition, gac, casco_17025
):
    beta = Body.objects.get(name="Beta Assurance")
    html = html_of(client.get(beta.get_absolute_url()))
    table = html[html.index('class="accreditation-table"') :]
    # UKAS holds an IAF MLA recognition for ISO/IEC 17021-1 (the factory's default).
    assert "IAF MLA:" in table
    assert "in force for this scope" in table
    # DAkkS holds none for ISO/IEC 17025.
    assert "no recognition for this scope" in table


def test_body_page_marks_unverified_and_not_counting_recognitions(
    client, make_body, make_accreditation, make_accreditation_body, make_recognition, iso_9001
):
    ab = make_accreditation_body("NEWAB", recognised=False)
    make_recognition(ab, basis=RecognitionBasis.UNVERIFIED, until=TODAY - datetime.timedelta(1))
    body = make_body("Omega Cert")
    make_accreditation(body, ab=ab, schemes=[iso_9001])
    table = html_of(client.get(body.get_absolute_url()))
    assert "unverified" in table
    assert "does not count today" in table


def test_body_page_shows_scope_dates_sources_and_last_check(
    client, make_body, make_accreditation, make_sector, iso_9001
):
    body = make_body("Sigma Cert")
    make_accreditation(
        body,
        schemes=[iso_9001],
        sectors=[make_sector(28, "Construction")],
        scope_url="https://ab.example/scope.pdf",
        source_url="https://ab.example/register",
        last_checked_on=datetime.date(2026, 10, 1),
    )
    html = html_of(client.get(body.get_absolute_url()))
    assert '<abbr title="Construction">28</abbr>' in html
    assert 'href="https://ab.example/scope.pdf"' in html
    assert 'href="https://ab.example/register"' in html
    assert "Last checked Oct. 1, 2026" in html


def test_body_page_counts_certificates_by_scheme(
    client, make_body, make_accreditation, make_certificate, iso_9001, iso_14001
):
    body = make_body(
        "Tau Cert", certificates_updated_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    )
    accreditation = make_accreditation(body, schemes=[iso_9001, iso_14001])
    for _ in range(3):
        make_certificate(body, scheme=iso_9001, accreditation=accreditation)
    make_certificate(body, scheme=iso_9001, status=CertificateStatus.WITHDRAWN)
    make_certificate(
        body,
        scheme=iso_14001,
        expires_on=TODAY - datetime.timedelta(days=1),
        issued_on=datetime.date(2024, 1, 1),
    )
    html = html_of(client.get(body.get_absolute_url()))
    rows = re.findall(
        r'<tr><td><a href="/standards/[^"]+/">([^<]+)</a></td><td class="num">(\d+)</td>'
        r'<td class="num">(\d+)</td></tr>',
        html,
    )
    assert rows == [("ISO 9001", "4", "3"), ("ISO 14001", "1", "0")]
    assert "Certificate data last received on Nov. 1, 2026." in html


def test_body_page_says_when_a_body_shares_no_certificates(client, world):
    html = html_of(client.get(Body.objects.get(name="Alpha Cert").get_absolute_url()))
    assert "does not share certificate data with us" in html


def test_body_page_links_its_feed(client, world):
    body = Body.objects.get(name="Alpha Cert")
    html = html_of(client.get(body.get_absolute_url()))
    feed = reverse("bodies:feed-changes-body", args=[body.slug])
    title = "certdir: status changes of Alpha Cert"
    assert f'type="application/atom+xml" title="{title}" href="{feed}">' in html


@pytest.mark.parametrize("n", [1, 50])
def test_body_page_query_count_does_not_grow(
    client, n, make_body, make_accreditation, make_certificate, iso_9001, iso_14001
):
    body = make_body("Many Cert")
    for index in range(n):
        accreditation = make_accreditation(body, schemes=[iso_9001])
        make_certificate(
            body, scheme=iso_9001 if index % 2 else iso_14001, accreditation=accreditation
        )
    cache.clear()
    assert queries_for(client, body.get_absolute_url()) == 9


# --- Accreditation-body page ------------------------------------------------------------------


def test_ab_page_lists_the_bodies_it_accredits_filtered_by_casco_and_scheme(client, world):
    url = reverse("bodies:accreditation-body-detail", args=["dakks"])
    assert compact_names(html_of(client.get(url))) == ["Alpha Cert", "Beta Assurance"]
    assert compact_names(html_of(client.get(url, {"casco": "iso-iec-17025"}))) == ["Beta Assurance"]
    # Same accreditation: DAkkS accredits Beta only for a lab scope, never for ISO 9001.
    assert compact_names(html_of(client.get(url, {"standard": "iso-9001"}))) == ["Alpha Cert"]
    ukas = reverse("bodies:accreditation-body-detail", args=["ukas"])
    assert compact_names(html_of(client.get(ukas, {"status": "suspended"}))) == ["Delta Labs"]
    assert compact_names(html_of(client.get(ukas, {"status": "any"}))) == [
        "Beta Assurance",
        "Delta Labs",
        "Epsilon Cert",
    ]


def test_ab_page_rows_show_the_casco_standard_and_status_in_words(client, world):
    html = html_of(
        client.get(reverse("bodies:accreditation-body-detail", args=["ukas"]), {"status": "any"})
    )
    assert re.search(
        r"Delta Labs</a>.*?ISO/IEC 17025\s*<span class=\"badge badge--suspended\">Suspended</span>",
        html,
        re.S,
    )
    assert re.search(
        r"Epsilon Cert</a>.*?<span class=\"badge badge--expired\">Expired</span>", html, re.S
    )


def test_ab_page_filters_cannot_change_the_accreditor(client, world):
    url = reverse("bodies:accreditation-body-detail", args=["dakks"])
    assert compact_names(html_of(client.get(url, {"accreditor": "ukas"}))) == [
        "Alpha Cert",
        "Beta Assurance",
    ]


def test_ab_page_bad_filters_and_pages_give_messages(client, world):
    url = reverse("bodies:accreditation-body-detail", args=["dakks"])
    html = html_of(client.get(url, {"casco": "<b>nope</b>"}))
    assert "Some filters could not be used" in html
    assert "&lt;b&gt;nope&lt;/b&gt; is not one of the available choices" in html
    assert compact_names(html) == []
    html = html_of(client.get(url, {"page": "x"}))
    assert "The page number must be a whole number" in html
    assert compact_names(html) == ["Alpha Cert", "Beta Assurance"]


def test_ab_page_shows_data_coverage(
    client, make_body, make_accreditation, make_accreditation_body, make_certificate, iso_9001
):
    ab = make_accreditation_body("COVAB")
    updated = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
    sharing = make_body("Sharing Cert", certificates_updated_at=updated)
    accreditation = make_accreditation(sharing, ab=ab, schemes=[iso_9001])
    make_accreditation(make_body("Quiet Cert"), ab=ab, schemes=[iso_9001])
    for _ in range(3):
        make_certificate(sharing, scheme=iso_9001, accreditation=accreditation)
    html = html_of(client.get(ab.get_absolute_url()))
    assert "<dt>Bodies it accredits</dt><dd>2</dd>" in html
    assert "<dt>Of which share certificate data</dt><dd>1</dd>" in html
    assert "<dt>Certificates issued under its accreditations</dt><dd>3</dd>" in html
    assert "<dt>Last certificate update</dt><dd>Nov. 20, 2026</dd>" in html


def test_ab_page_csv_is_its_filtered_bodies(client, world):
    url = reverse("bodies:accreditation-body-detail", args=["dakks"])
    rows = read_csv_download(client.get(url, {"casco": "iso-iec-17025", "format": "csv"}))
    assert [row["name"] for row in rows] == ["Beta Assurance"]
    assert rows[0]["matching_accreditations"].startswith("DAkkS ISO/IEC 17025")


def test_ab_page_links_its_feed(client, world):
    html = html_of(client.get(reverse("bodies:accreditation-body-detail", args=["dakks"])))
    assert 'type="application/atom+xml"' in html
    assert 'href="/feeds/changes/accreditation-body/dakks/"' in html


@pytest.mark.parametrize("n", [1, 50])
def test_ab_page_query_count_does_not_grow(
    client, n, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    ab = make_accreditation_body("BIGAB")
    for index in range(n):
        make_accreditation(make_body(f"Body {index}"), ab=ab, schemes=[iso_9001])
    cache.clear()
    assert queries_for(client, ab.get_absolute_url()) == 9
    assert queries_for(client, ab.get_absolute_url(), {"standard": "iso-9001"}) <= 5


# --- Standard pages ---------------------------------------------------------------------------


def test_scheme_page_counts_certifiers_by_country_with_links(client, world):
    html = html_of(client.get(reverse("bodies:standard-detail", args=["iso-9001"])))
    rows = re.findall(
        r'<tr><td><a href="/bodies/\?standard=iso-9001&amp;country=(\w\w)">[^<]+</a></td>'
        r'<td class="num">(\d+)</td></tr>',
        html,
    )
    # Most bodies first, then by country name (France, Spain, United Kingdom).
    assert rows == [("DE", "2"), ("FR", "1"), ("ES", "1"), ("GB", "1")]
    assert compact_names(html) == ["Alpha Cert", "Beta Assurance", "Gamma Quality", "Zeta Audit"]
    assert "accredited only by an unrecognised body" in html  # Gamma


def test_casco_page_lists_who_is_accredited_to_it(client, world):
    html = html_of(client.get(reverse("bodies:standard-detail", args=["iso-iec-17025"])))
    assert "Who is accredited to it" in html
    assert "Testing laboratory, Calibration laboratory" in html
    assert compact_names(html) == ["Beta Assurance"]
    html = html_of(
        client.get(reverse("bodies:standard-detail", args=["iso-iec-17025"]), {"status": "any"})
    )
    assert compact_names(html) == ["Beta Assurance", "Delta Labs"]


def test_scheme_page_links_its_feed_and_casco_page_has_none(client, world):
    html = html_of(client.get(reverse("bodies:standard-detail", args=["iso-9001"])))
    assert 'href="/feeds/changes/scheme/iso-9001/"' in html
    html = html_of(client.get(reverse("bodies:standard-detail", args=["iso-iec-17021-1"])))
    assert 'href="/feeds/changes/scheme/' not in html


def test_standards_list_downloads_as_csv(client, world):
    rows = read_csv_download(client.get(reverse("bodies:standard-list"), {"format": "csv"}))
    by_code = {row["code"]: row for row in rows}
    assert by_code["ISO 9001"]["casco_standard"] == "ISO/IEC 17021-1"
    # Alpha, Beta, Gamma, Zeta hold an active accreditation covering ISO 9001.
    assert by_code["ISO 9001"]["bodies_accredited_to_certify_it"] == "4"
    assert by_code["ISO/IEC 17025"]["bodies_accredited_against_it"] == "1"


@pytest.mark.parametrize("n", [1, 50])
def test_standard_page_query_count_does_not_grow(
    client, n, make_body, make_accreditation, iso_9001
):
    for index in range(n):
        make_accreditation(make_body(f"Body {index}"), schemes=[iso_9001])
    cache.clear()
    assert queries_for(client, iso_9001.get_absolute_url()) == 7
