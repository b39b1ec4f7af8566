"""The verdict on a certificate: status from the dates, and the accreditation behind it."""

import datetime

import pytest

from accreditation.models import Recognition, RecognitionBasis, Standing
from bodies.models import AccreditationStatus, CertificateStatus
from bodies.queries.verify import certificate_for_page
from bodies.verification import CheckLevel, status_on, verify_certificate
from tests.conftest import TODAY


def verdict_for(certificate, day=TODAY):
    return verify_certificate(certificate_for_page(certificate.pk), day=day)


def levels(verdict) -> dict[str, str]:
    return {check.code: check.level for check in verdict.checks}


def test_a_certificate_under_a_covering_recognised_accreditation_passes(certified):
    verdict = verdict_for(certified)
    assert verdict.status == CertificateStatus.VALID
    assert verdict.level == CheckLevel.PASS
    assert verdict.accredited
    assert levels(verdict) == {
        "status": "pass",
        "accreditation_on_issue": "pass",
        "scheme": "pass",
        "sectors": "pass",
        "accreditation_now": "pass",
        "recognition": "pass",
    }


def test_a_certificate_expiring_today_is_valid_today_and_expired_tomorrow(certified):
    certified.expires_on = TODAY
    certified.save()
    assert verdict_for(certified, TODAY).status == CertificateStatus.VALID
    tomorrow = verdict_for(certified, TODAY + datetime.timedelta(days=1))
    assert tomorrow.status == CertificateStatus.EXPIRED
    assert levels(tomorrow)["status"] == "fail"


@pytest.mark.parametrize("status", [CertificateStatus.SUSPENDED, CertificateStatus.WITHDRAWN])
def test_a_suspended_or_withdrawn_certificate_fails_whatever_its_dates(certified, status):
    certified.status = status
    certified.save()
    verdict = verdict_for(certified)
    assert verdict.status == status
    assert verdict.level == CheckLevel.FAIL


def test_issued_under_an_accreditation_that_did_not_cover_the_sector(certified, make_sector):
    certified.sectors.add(make_sector(28, "Construction"))
    verdict = verdict_for(certified)
    assert levels(verdict)["sectors"] == "fail"
    assert "28. Construction" in next(c.message for c in verdict.checks if c.code == "sectors")
    assert not verdict.accredited
    assert verdict.status == CertificateStatus.VALID


def test_issued_under_an_accreditation_that_did_not_cover_the_scheme(certified, iso_14001):
    certified.scheme = iso_14001
    certified.save()
    verdict = verdict_for(certified)
    assert levels(verdict)["scheme"] == "fail"
    assert not verdict.accredited


def test_issued_before_the_accreditation_was_granted(certified):
    certified.issued_on = datetime.date(2023, 6, 1)
    certified.save()
    verdict = verdict_for(certified)
    assert levels(verdict)["accreditation_dates"] == "fail"


def test_accreditation_suspended_on_the_issue_date_fails_even_if_active_again(
    certified, make_status_change
):
    accreditation = certified.accreditation
    make_status_change(
        accreditation,
        old_status=AccreditationStatus.ACTIVE,
        new_status=AccreditationStatus.SUSPENDED,
        effective_on=datetime.date(2024, 12, 1),
    )
    make_status_change(
        accreditation,
        old_status=AccreditationStatus.SUSPENDED,
        new_status=AccreditationStatus.ACTIVE,
        effective_on=datetime.date(2025, 3, 1),
    )
    verdict = verdict_for(certified)  # issued 2025-01-01, during the suspension
    assert levels(verdict)["accreditation_on_issue"] == "fail"
    assert levels(verdict)["accreditation_now"] == "pass"


def test_accreditation_withdrawn_since_issue_fails_today(certified):
    certified.accreditation.status = AccreditationStatus.WITHDRAWN
    certified.accreditation.save()
    verdict = verdict_for(certified)
    assert levels(verdict)["accreditation_now"] == "fail"


def test_an_ab_recognised_only_for_another_scope_is_not_recognised_for_this_one(
    certified, casco_17065
):
    Recognition.objects.filter(
        accreditation_body=certified.accreditation.accreditation_body
    ).update(scope=casco_17065)
    assert levels(verdict_for(certified))["recognition"] == "fail"


def test_an_unverified_recognition_counts_with_a_warning(certified):
    Recognition.objects.update(basis=RecognitionBasis.UNVERIFIED)
    verdict = verdict_for(certified)
    assert levels(verdict)["recognition"] == "warn"
    assert verdict.accredited


def test_a_recognition_whose_transition_ended_no_longer_recognises_today(certified):
    after_transition = datetime.date(2027, 1, 15)
    certified.expires_on = datetime.date(2027, 12, 31)
    certified.save()
    verdict = verdict_for(certified, after_transition)
    assert levels(verdict)["recognition"] == "warn"  # recognised on the issue date only


def test_a_certificate_from_a_body_accredited_only_by_a_lookalike_ab_is_flagged(
    make_body, make_accreditation, make_accreditation_body, make_certificate, iso_9001
):
    lookalike = make_accreditation_body(
        "IAF-AB",
        recognised=False,
        standing=Standing.NOT_RECOGNISED,
        standing_note="Not a member of IAF.",
    )
    body = make_body("Shady Cert Ltd")
    accreditation = make_accreditation(body, ab=lookalike, schemes=[iso_9001])
    certificate = make_certificate(body, scheme=iso_9001, accreditation=accreditation)
    verdict = verdict_for(certificate)
    assert verdict.body_flagged
    assert levels(verdict)["recognition"] == "fail"
    assert levels(verdict)["body_flagged"] == "fail"


def test_a_certificate_naming_no_accreditation_is_matched_to_the_bodys_covering_one(
    certified, make_certificate, iso_9001
):
    orphan = make_certificate(certified.issuing_body, scheme=iso_9001, accreditation=None)
    verdict = verdict_for(orphan)
    assert verdict.accreditation == certified.accreditation
    assert verdict.accreditation_inferred
    assert levels(verdict)["accreditation"] == "warn"


def test_a_certificate_from_an_unaccredited_body_fails(make_body, make_certificate, iso_9001):
    certificate = make_certificate(make_body(), scheme=iso_9001, accreditation=None)
    verdict = verdict_for(certificate)
    assert levels(verdict)["accreditation"] == "fail"
    assert not verdict.accredited


def test_status_on_a_past_day_is_read_back_from_the_timeline(certified, make_status_change):
    accreditation = certified.accreditation
    make_status_change(
        accreditation,
        old_status="active",
        new_status="suspended",
        effective_on=datetime.date(2025, 5, 1),
    )
    changes = list(accreditation.status_changes.all())
    assert status_on(datetime.date(2025, 4, 30), current_status="withdrawn", changes=changes) == (
        "active"
    )
    assert status_on(datetime.date(2025, 5, 1), current_status="withdrawn", changes=changes) == (
        "suspended"
    )
    assert status_on(datetime.date(2025, 5, 1), current_status="active", changes=[]) == "active"
