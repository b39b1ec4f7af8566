"""/verify/ and the certificate page, as a user sees them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.models import Standing
from tests.conftest import NOW


def verify(client, **params):
    return client.get(reverse("bodies:verify"), params)


def text(response) -> str:
    return response.content.decode()


def test_verify_page_offers_the_form_and_the_coverage_table(client, certified, frozen_now):
    html = text(client.get(reverse("bodies:verify")))
    assert 'name="number"' in html
    assert "Certificate data we hold, per accreditation body" in html
    assert certified.accreditation.accreditation_body.acronym in html


@pytest.mark.parametrize("typed", ["QMA-2025-0042", "qma 2025 0042", " Qma–2025–0042 "])
def test_a_number_is_found_whatever_its_case_spaces_and_dashes(
    client, certified, frozen_now, typed
):
    html = text(verify(client, number=typed))
    assert "Certificate QMA-2025-0042" in html
    assert "Brightwater Foundry GmbH" in html
    assert "Casting of steel parts" in html
    assert "ISO 9001" in html
    assert "17. Basic metals" in html
    assert "issued under an accreditation that covered it, by a recognised AB" in html
    assert certified.issuing_body.get_absolute_url() in html
    assert certified.accreditation.accreditation_body.get_absolute_url() in html


def test_an_answer_has_a_permalink_a_timestamp_and_a_print_button(client, certified, frozen_now):
    response = verify(client, number="QMA-2025-0042", body="quillmoor")
    html = text(response)
    assert "Verified at" in html
    assert 'datetime="2026-11-29T12:00:00+00:00"' in html
    assert "http://testserver/verify/?number=QMA-2025-0042&amp;body=quillmoor" in html
    assert "data-print" in html


def test_narrowing_by_body_excludes_another_bodys_certificate_with_the_same_number(
    client, certified, make_body, make_certificate, iso_9001, frozen_now
):
    other = make_body("Other Cert", slug="other-cert", certificates_updated_at=NOW)
    make_certificate(other, scheme=iso_9001, number="QMA-2025-0042", holder_name="Someone Else")
    both = text(verify(client, number="QMA-2025-0042"))
    assert "Brightwater Foundry GmbH" in both and "Someone Else" in both
    narrowed = text(verify(client, number="QMA-2025-0042", body="Quillmoor Assurance"))
    assert "Brightwater Foundry GmbH" in narrowed
    assert "Someone Else" not in narrowed


def test_not_found_at_a_body_that_shares_its_certificates(client, certified, frozen_now):
    html = text(verify(client, number="QMA-9999", body="quillmoor"))
    assert "Not among the body&#x27;s certificates" in html
    assert "shares its certificate data with us" in html


def test_not_found_at_a_body_that_shares_no_certificate_data_says_ask_the_body(
    client, certified, make_body, frozen_now
):
    make_body("Silent Certification", slug="silent")
    html = text(verify(client, number="QMA-2025-0042", body="silent"))
    assert "The body does not share certificate data with us" in html
    assert "Ask Silent Certification directly" in html


def test_not_found_at_a_body_accredited_only_by_a_lookalike_ab_is_a_warning(
    client, make_body, make_accreditation, make_accreditation_body, frozen_now
):
    lookalike = make_accreditation_body(
        "IAC", recognised=False, standing=Standing.NOT_RECOGNISED, standing_note="Not in IAF."
    )
    make_accreditation(make_body("Shady Cert", slug="shady"), ab=lookalike)
    html = text(verify(client, number="X-1", body="shady"))
    assert "accredited only by a body that is not recognised" in html
    assert "accredited only by IAC" in html
    assert "message--warning" in html


def test_not_found_for_an_unknown_body_is_a_warning_with_what_to_check(client, db, frozen_now):
    html = text(verify(client, number="X-1", body="Global Super Cert"))
    assert "The issuing body is unknown to us" in html
    assert "accreditation mark and accreditation number" in html


def test_not_found_without_a_body_points_to_coverage(client, db, frozen_now):
    html = text(verify(client, number="X-1"))
    assert "Not in the certificate data we hold" in html


def test_a_shared_acronym_asks_which_body_is_meant(client, certified, make_body, frozen_now):
    make_body("Quality Management Associates", slug="qma-associates", acronym="QMA")
    html = text(verify(client, number="QMA-2025-0042", body="QMA"))
    assert "Several bodies match" in html
    assert "body=qma-associates" in html
    assert "Brightwater Foundry GmbH" not in html


def test_a_holder_name_finds_certificates_with_country_and_scheme(client, certified, frozen_now):
    html = text(verify(client, holder="Brightwater Foundry"))
    assert "Brightwater Foundry GmbH" in html
    assert "Germany" in html
    assert "ISO 9001" in html
    assert certified.get_absolute_url() in html


def test_a_holder_name_with_no_match_says_so(client, certified, frozen_now):
    html = text(verify(client, holder="Zyxwv Qqqq"))
    assert "No certificate holder in our data is named like" in html


def test_holder_matches_flag_bodies_accredited_only_by_lookalike_abs(
    client, make_body, make_accreditation, make_accreditation_body, make_certificate, iso_9001,
    frozen_now,
):  # fmt: skip
    lookalike = make_accreditation_body("IAC", recognised=False, standing=Standing.NOT_RECOGNISED)
    body = make_body("Shady Cert")
    make_accreditation(body, ab=lookalike)
    make_certificate(body, scheme=iso_9001, holder_name="Orchid Textiles")
    html = text(verify(client, holder="Orchid Textiles"))
    assert "accredited only by an unrecognised body" in html


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("=1+1<script>", "remove"),
        ("A" * 10_000, "at most 80 characters"),
        ("  - - ", "Type a certificate number"),
        ("CERT\x00X", "Null characters are not allowed"),
    ],
)
def test_bad_numbers_get_a_clear_message(client, db, number, message, frozen_now):
    response = verify(client, number=number)
    assert response.status_code == 200
    assert message in text(response)
    assert "Verified at" not in text(response)


def test_an_empty_submission_asks_for_a_number_or_a_holder(client, db):
    assert "Type a certificate number or a holder" in text(verify(client, number="", holder=""))


LATE_ON_29TH = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)
EARLY_ON_30TH = datetime.datetime(2026, 11, 30, 5, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("time_zone", "now", "status"),
    [
        # Expires 2026-11-29. At 23:30 UTC it is still the 29th in UTC...
        ("UTC", LATE_ON_29TH, "Valid"),
        # ...but already the 30th in Auckland (UTC+13): expired there.
        ("Pacific/Auckland", LATE_ON_29TH, "Expired"),
        # At 05:00 UTC on the 30th it is expired in UTC, still the 29th in Los Angeles.
        ("UTC", EARLY_ON_30TH, "Expired"),
        ("America/Los_Angeles", EARLY_ON_30TH, "Valid"),
    ],
)
def test_expiry_is_judged_on_the_local_date_of_the_site_time_zone(
    client, certified, frozen_now, settings, time_zone, now, status
):
    certified.expires_on = datetime.date(2026, 11, 29)
    certified.save()
    settings.TIME_ZONE = time_zone
    frozen_now(now)
    html = text(verify(client, number="QMA-2025-0042"))
    assert f'<span class="badge badge--{status.lower()}">{status}</span>' in html


def test_verify_runs_a_fixed_number_of_queries_however_many_certificates_match(
    client, certified, make_body, make_accreditation, make_certificate, iso_9001, frozen_now
):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            verify(client, number="QMA-2025-0042")
        return len(queries)

    def add_bodies(count: int) -> None:
        for _ in range(count):
            body = make_body()
            accreditation = make_accreditation(body, schemes=[iso_9001])
            make_certificate(
                body, scheme=iso_9001, accreditation=accreditation, number="QMA-2025-0042"
            )
            # A certificate naming no accreditation: its body's accreditations are searched.
            orphan_body = make_body()
            make_accreditation(orphan_body, schemes=[iso_9001])
            make_certificate(orphan_body, scheme=iso_9001, number="qma 2025 0042")

    one = count_queries()
    add_bodies(1)
    few = count_queries()
    add_bodies(4)
    many = count_queries()
    assert text(verify(client, number="QMA-2025-0042")).count("card verdict ") == 11
    assert one <= few == many


def test_verify_is_rate_limited_per_address(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "2/m"
    assert verify(client, number="A-1").status_code == 200
    assert verify(client, number="A-2").status_code == 200
    response = verify(client, number="A-3")
    assert response.status_code == 429
    assert "Too many requests" in text(response)


def test_certificate_page_shows_the_verdict_and_its_timeline(
    client, certified, make_status_change, frozen_now
):
    make_status_change(
        certified,
        new_status="suspended",
        effective_on=datetime.date(2026, 3, 1),
        source="https://quillmoor.example/notices/42",
    )
    make_status_change(
        certified,
        old_status="suspended",
        new_status="valid",
        effective_on=datetime.date(2026, 4, 1),
        source="Letter of 2026-04-01",
    )
    html = text(client.get(certified.get_absolute_url()))
    assert "Verification of certificate QMA-2025-0042" in html
    assert "Status history" in html
    assert "https://quillmoor.example/notices/42" in html
    assert "Letter of 2026-04-01" in html
    assert html.index("Letter of 2026-04-01") < html.index("notices/42")  # newest first
    assert f"/complaints/report/?certificate={certified.pk}" in html


def test_who_recorded_a_change_is_shown_to_staff_only(
    client, certified, make_status_change, django_user_model, frozen_now
):
    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    make_status_change(
        certified, new_status="suspended", effective_on=datetime.date(2026, 3, 1), recorded_by=clerk
    )
    assert "recorded by clerk" not in text(client.get(certified.get_absolute_url()))
    client.force_login(clerk)
    assert "recorded by clerk" in text(client.get(certified.get_absolute_url()))


def test_unknown_certificate_page_is_a_404(client, db):
    assert client.get(reverse("bodies:verify-certificate", args=[999999])).status_code == 404


def test_part_of_a_holder_name_finds_the_certificate(client, certified, frozen_now):
    html = text(verify(client, holder="brightwater"))
    assert certified.get_absolute_url() in html


def test_a_holder_name_matching_very_many_certificates_asks_for_more(
    client, certified, make_certificate, iso_9001, frozen_now, monkeypatch
):
    from bodies.queries import verify as queries

    if connection.vendor != "postgresql":
        pytest.skip("the candidate cap belongs to the trigram search (PostgreSQL)")
    monkeypatch.setattr(queries, "HOLDER_CANDIDATES", 2)
    assert "Very many certificate holders match" not in text(verify(client, holder="Brightwater"))
    for n in range(3):
        make_certificate(certified.issuing_body, scheme=iso_9001, holder_name=f"Brightwater {n}")
    html = text(verify(client, holder="Brightwater"))
    assert "Very many certificate holders match" in html
    assert html.count("/verify/certificate/") >= 2
