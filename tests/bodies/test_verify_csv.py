"""/verify/'s certificate search by holder name as a CSV download (?holder=…&format=csv)."""

import datetime

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from accreditation.models import Standing
from bodies.queries.verify import HOLDER_MATCHES
from tests.csv_helpers import read_csv_download

URL = reverse("bodies:verify")


def download(client, **params):
    return client.get(URL, {"format": "csv", **params})


@pytest.fixture
def many_holders(certified, make_certificate, iso_9001, frozen_now):
    """Thirty certificates of holders named "Brightwater …", more than the page lists."""
    body = certified.issuing_body
    for n in range(29):
        make_certificate(body, scheme=iso_9001, holder_name=f"Brightwater Mill {n:02}")
    return certified


def test_the_csv_has_every_match_in_the_pages_order(client, many_holders):
    page = client.get(URL, {"holder": "brightwater"}).context["answer"].holder_matches
    response = download(client, holder="brightwater")
    assert isinstance(response, StreamingHttpResponse)
    rows = read_csv_download(response)
    assert len(rows) == 30 > HOLDER_MATCHES
    listed = [c.number for c in page.certificates]
    assert [row["Certificate number"] for row in rows[:HOLDER_MATCHES]] == listed


def test_a_row_says_what_the_page_says_about_the_certificate(client, certified, frozen_now):
    [row] = read_csv_download(download(client, holder="Brightwater Foundry"))
    assert row == {
        "Holder": "Brightwater Foundry GmbH",
        "Holder country": "DE",
        "Certificate number": "QMA-2025-0042",
        "Scheme": "ISO 9001",
        "Issuing body": "Quillmoor Assurance",
        "Status today": "Valid",
        "Issued on": "2025-01-01",
        "Expires on": "2028-01-01",
        "Issuing body accredited only by an unrecognised body": "",
        "Verification page": f"http://testserver{certified.get_absolute_url()}",
    }


def test_status_today_reads_expiry_and_flags_lookalike_accreditation(
    client, make_body, make_accreditation, make_accreditation_body, make_certificate, iso_9001,
    frozen_now,
):  # fmt: skip
    lookalike = make_accreditation_body("IAC", recognised=False, standing=Standing.NOT_RECOGNISED)
    shady = make_body("Shady Cert")
    make_accreditation(shady, ab=lookalike)
    make_certificate(
        shady, scheme=iso_9001, holder_name="Orchid Textiles", expires_on=datetime.date(2026, 1, 1)
    )
    [row] = read_csv_download(download(client, holder="Orchid Textiles"))
    assert row["Status today"] == "Expired"
    assert row["Issuing body accredited only by an unrecognised body"] == "yes"


def test_cells_that_a_spreadsheet_would_run_are_neutralised(
    client, certified, make_certificate, iso_9001, frozen_now
):
    make_certificate(
        certified.issuing_body,
        scheme=iso_9001,
        holder_name='Brightwater =HYPERLINK("http://evil.example")',
        number="@SUM(1+1)",
    )
    make_certificate(certified.issuing_body, scheme=iso_9001, holder_name="-Brightwater+2")
    rows = read_csv_download(download(client, holder="brightwater"))
    holders = {row["Holder"] for row in rows}
    assert "'-Brightwater+2" in holders
    assert 'Brightwater =HYPERLINK("http://evil.example")' in holders  # not at the start: text
    assert "'@SUM(1+1)" in {row["Certificate number"] for row in rows}


def test_the_page_offers_the_download_with_its_search(client, certified, frozen_now):
    html = client.get(URL, {"holder": "Brightwater", "number": ""}).content.decode()
    assert "Download CSV" in html
    assert 'href="/verify/?holder=Brightwater&amp;format=csv"' in html


def test_no_match_no_download_link(client, certified, frozen_now):
    assert "Download CSV" not in client.get(URL, {"holder": "Zyxwv"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Type a certificate number or a holder"),
        ({"number": "QMA-2025-0042"}, "Type a holder&#x27;s name to download"),
        ({"holder": "ab"}, "Type at least 3 characters"),
        ({"holder": "Bright\x00water"}, "Null characters are not allowed"),
    ],
)
def test_a_download_without_a_usable_holder_name_explains_why(client, db, params, message):
    response = download(client, **params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert message in response.content.decode()


def test_the_download_costs_the_same_queries_for_more_rows(
    client, certified, make_certificate, iso_9001, frozen_now, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(10) as captured:
            read_csv_download(download(client, holder="brightwater"))
        return len(captured)

    few = queries()
    for n in range(40):
        make_certificate(certified.issuing_body, scheme=iso_9001, holder_name=f"Brightwater {n}")
    assert queries() == few
