"""Certificates in the API: lookup by number as /verify/ does it, filters, cursor pagination,
and /api/v1/verify/ giving the same outcomes as /verify/."""

import datetime

import pytest
from django.urls import reverse

from accreditation.models import Standing
from bodies.models import CertificateStatus
from tests.conftest import NOW


def numbers(page: dict) -> list[str]:
    return [row["number"] for row in page["results"]]


@pytest.mark.parametrize("typed", ["QMA-2025-0042", "qma 2025 0042", " Qma–2025–0042 "])
def test_a_certificate_is_found_by_number_whatever_its_case_spaces_and_dashes(
    api_get, certified, frozen_now, typed
):
    status, data = api_get("/api/v1/certificates/", number=typed)
    assert status == 200
    [row] = data["results"]
    assert row["id"] == certified.pk
    assert row["holder_name"] == "Brightwater Foundry GmbH"
    assert row["holder_country"] == "DE"
    assert row["issuing_body"]["slug"] == "quillmoor"
    assert row["scheme"] == {
        "slug": "iso-9001",
        "code": "ISO 9001",
        "url": "http://testserver/api/v1/standards/iso-9001/",
    }
    assert [s["code"] for s in row["sectors"]] == [17]
    assert row["accreditation"] == (
        f"http://testserver/api/v1/accreditations/{certified.accreditation_id}/"
    )
    assert (row["issued_on"], row["expires_on"]) == ("2025-01-01", "2028-01-01")
    assert row["page"] == f"http://testserver{certified.get_absolute_url()}"


def test_a_number_shared_by_two_bodies_gives_both_and_body_narrows_it(
    api_get, certified, make_body, make_certificate, iso_9001, frozen_now
):
    other = make_body("Other Cert", slug="other-cert")
    make_certificate(other, scheme=iso_9001, number="QMA 2025 0042", holder_name="Someone Else")
    both = api_get("/api/v1/certificates/", number="qma20250042")[1]
    assert sorted(row["holder_name"] for row in both["results"]) == [
        "Brightwater Foundry GmbH",
        "Someone Else",
    ]
    narrowed = api_get("/api/v1/certificates/", number="qma20250042", body="other-cert")[1]
    assert [row["holder_name"] for row in narrowed["results"]] == ["Someone Else"]


@pytest.fixture
def certificates(certified, make_certificate, make_sector, iso_14001, frozen_now):
    body = certified.issuing_body
    return {
        "certified": certified,
        "french": make_certificate(
            body,
            scheme=iso_14001,
            number="FR-1",
            holder_name="Vigne Rouge SARL",
            holder_country="FR",
        ),
        "withdrawn": make_certificate(
            body,
            scheme=iso_14001,
            number="WD-1",
            holder_name="Gone Away Ltd",
            status=CertificateStatus.WITHDRAWN,
            sectors=[make_sector(3)],
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["QMA-2025-0042", "FR-1", "WD-1"]),
        ({"standard": "iso-14001"}, ["FR-1", "WD-1"]),
        ({"country": "FR"}, ["FR-1"]),
        ({"status": "withdrawn"}, ["WD-1"]),
        ({"sector": "3"}, ["WD-1"]),
        ({"q": "rouge"}, ["FR-1"]),
        ({"q": "wd 1"}, ["WD-1"]),
        ({"body": "quillmoor", "standard": "iso-9001"}, ["QMA-2025-0042"]),
    ],
)
def test_certificates_filter(api_get, certificates, params, expected):
    status, data = api_get("/api/v1/certificates/", **params)
    assert status == 200
    assert numbers(data) == expected


def test_a_certificate_by_id_says_whether_it_is_valid_today(api_get, certified, frozen_now):
    certified.expires_on = datetime.date(2026, 11, 28)
    certified.save()
    status, data = api_get(f"/api/v1/certificates/{certified.pk}/")
    assert status == 200
    assert (data["status"], data["effective_status"]) == ("valid", "expired")


def test_certificate_pages_follow_one_another_without_gaps_or_repeats(
    client, certified, make_certificate, iso_9001, frozen_now
):
    for n in range(59):
        make_certificate(certified.issuing_body, scheme=iso_9001, number=f"N-{n:03}")
    seen, url = [], "/api/v1/certificates/"
    while url:
        data = client.get(url).json()
        assert len(data["results"]) <= 25
        seen += [row["id"] for row in data["results"]]
        url = data["next"]
    assert len(seen) == 60
    assert seen == sorted(seen)
    assert len(set(seen)) == 60


def test_certificate_list_queries_do_not_grow_with_the_data(
    client, certified, make_certificate, make_sector, iso_9001, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(50) as captured:
            assert client.get("/api/v1/certificates/").status_code == 200
        return len(captured)

    small = queries()
    for n in range(30):
        make_certificate(certified.issuing_body, scheme=iso_9001, sectors=[make_sector(n % 39 + 1)])
    assert queries() == small


# --- /api/v1/verify/: the outcomes of /verify/ -------------------------------------------------


def test_verify_gives_the_verdict_and_checks_of_the_verify_page(
    client, api_get, certified, frozen_now
):
    status, data = api_get("/api/v1/verify/", number="qma 2025 0042")
    assert status == 200
    [verdict] = data["verdicts"]
    assert verdict["certificate"]["id"] == certified.pk
    assert (verdict["status"], verdict["level"], verdict["accredited"]) == ("valid", "pass", True)
    assert verdict["summary"] == (
        "Valid — issued under an accreditation that covered it, by a recognised AB"
    )
    assert [check["code"] for check in verdict["checks"]] == [
        "status",
        "accreditation_on_issue",
        "scheme",
        "sectors",
        "accreditation_now",
        "recognition",
    ]
    assert {check["level"] for check in verdict["checks"]} == {"pass"}
    assert data["verified_at"] == "2026-11-29T12:00:00Z"
    assert data["day"] == "2026-11-29"
    html = client.get(reverse("bodies:verify"), {"number": "qma 2025 0042"}).content.decode()
    assert verdict["summary"] in html
    for check in verdict["checks"]:
        assert check["message"] in html


def test_verify_explains_a_failed_check_as_the_page_does(
    client, api_get, certified, iso_14001, frozen_now
):
    certified.scheme = iso_14001
    certified.save()
    [verdict] = api_get("/api/v1/verify/", number="QMA-2025-0042")[1]["verdicts"]
    assert (verdict["level"], verdict["accredited"]) == ("fail", False)
    scheme = next(check for check in verdict["checks"] if check["code"] == "scheme")
    assert scheme == {
        "code": "scheme",
        "level": "fail",
        "message": "The accreditation does not cover ISO 14001.",
    }
    html = client.get(reverse("bodies:verify"), {"number": "QMA-2025-0042"}).content.decode()
    assert scheme["message"] in html


@pytest.mark.parametrize(
    ("params", "kind"),
    [
        ({"number": "QMA-9999", "body": "quillmoor"}, "not_among_body_certificates"),
        ({"number": "QMA-2025-0042", "body": "silent"}, "body_shares_no_data"),
        ({"number": "X-1", "body": "shady"}, "body_not_recognised"),
        ({"number": "X-1", "body": "Global Super Cert"}, "body_unknown"),
        ({"number": "X-1"}, "not_in_our_data"),
    ],
)
def test_verify_says_why_a_number_is_not_found_as_the_page_does(
    client,
    api_get,
    certified,
    make_body,
    make_accreditation,
    make_accreditation_body,
    frozen_now,
    params,
    kind,
):
    make_body("Silent Certification", slug="silent")
    lookalike = make_accreditation_body("IAC", recognised=False, standing=Standing.NOT_RECOGNISED)
    make_accreditation(make_body("Shady Cert", slug="shady"), ab=lookalike)
    status, data = api_get("/api/v1/verify/", **params)
    assert status == 200
    assert data["verdicts"] == []
    assert data["not_found"]["kind"] == kind
    html = client.get(reverse("bodies:verify"), params).content.decode()
    assert data["not_found"]["label"].replace("'", "&#x27;") in html


def test_verify_asks_which_body_when_an_acronym_is_shared(
    api_get, certified, make_body, frozen_now
):
    make_body("Quality Management Associates", slug="qma-associates", acronym="QMA")
    data = api_get("/api/v1/verify/", number="QMA-2025-0042", body="QMA")[1]
    assert sorted(body["slug"] for body in data["body_choices"]) == ["qma-associates", "quillmoor"]
    assert data["verdicts"] == []
    assert data["not_found"] is None


def test_verify_by_holder_name_lists_the_matches_of_the_page(
    api_get, certified, make_body, make_accreditation, make_accreditation_body, make_certificate,
    iso_9001, frozen_now,
):  # fmt: skip
    lookalike = make_accreditation_body("IAC", recognised=False, standing=Standing.NOT_RECOGNISED)
    shady = make_body("Shady Cert", certificates_updated_at=NOW)
    make_accreditation(shady, ab=lookalike)
    make_certificate(shady, scheme=iso_9001, holder_name="Brightwater Textiles")
    data = api_get("/api/v1/verify/", holder="brightwater")[1]
    matches = data["holder_matches"]
    assert matches["too_broad"] is False
    assert [c["holder_name"] for c in matches["certificates"]] == [
        "Brightwater Foundry GmbH",
        "Brightwater Textiles",
    ]
    assert data["verdicts"] == []
