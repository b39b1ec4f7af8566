"""Constraints of the directory models hold in the database."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Certificate,
    CertificateStatus,
    Office,
    StatusChange,
    normalise_certificate_number,
)


def test_accreditation_number_is_unique_per_accreditation_body(make_body, make_accreditation):
    first = make_accreditation(make_body(), number="123")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_accreditation(make_body(), ab=first.accreditation_body, number="123")


def test_accreditations_without_a_number_do_not_collide(make_body, make_accreditation):
    first = make_accreditation(make_body(), number="")
    make_accreditation(make_body(), ab=first.accreditation_body, number="")
    assert Accreditation.objects.filter(number="").count() == 2


def test_accreditation_status_outside_choices_is_rejected(make_body, make_accreditation):
    accreditation = make_accreditation(make_body())
    with pytest.raises(IntegrityError), transaction.atomic():
        Accreditation.objects.filter(pk=accreditation.pk).update(status="paused")


def test_accreditation_cannot_expire_before_it_is_granted(make_body, make_accreditation):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_accreditation(
            make_body(), granted_on=datetime.date(2025, 1, 1), expires_on=datetime.date(2024, 1, 1)
        )


def test_active_accreditation_past_expiry_is_effectively_expired(make_body, make_accreditation):
    accreditation = make_accreditation(make_body(), expires_on=datetime.date(2026, 1, 31))
    assert accreditation.effective_status(datetime.date(2026, 1, 31)) == AccreditationStatus.ACTIVE
    assert accreditation.effective_status(datetime.date(2026, 2, 1)) == AccreditationStatus.EXPIRED


def test_a_body_has_at_most_one_head_office(make_body):
    body = make_body()
    with pytest.raises(IntegrityError), transaction.atomic():
        Office.objects.create(body=body, country="FR", is_head_office=True)


def test_certificate_number_is_normalised_by_the_database(make_body, iso_9001):
    body = make_body()
    certificate = Certificate.objects.create(
        issuing_body=body,
        scheme=iso_9001,
        number="ab-12 34",
        holder_name="X",
        holder_country="DE",
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2028, 1, 1),
    )
    certificate.refresh_from_db()
    assert certificate.number_normalised == "AB1234" == normalise_certificate_number("Ab–12\t34")


def test_the_same_normalised_number_twice_for_one_body_is_rejected(
    make_body, make_certificate, iso_9001
):
    body = make_body()
    make_certificate(body, scheme=iso_9001, number="AB-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_certificate(body, scheme=iso_9001, number="ab 1")


def test_certificate_cannot_expire_before_issue(make_body, make_certificate, iso_9001):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_certificate(
            make_body(),
            scheme=iso_9001,
            issued_on=datetime.date(2025, 1, 1),
            expires_on=datetime.date(2024, 1, 1),
        )


def test_valid_certificate_past_its_expiry_date_is_expired(make_body, make_certificate, iso_9001):
    certificate = make_certificate(
        make_body(), scheme=iso_9001, expires_on=datetime.date(2026, 3, 1)
    )
    assert certificate.effective_status(datetime.date(2026, 3, 1)) == CertificateStatus.VALID
    assert certificate.effective_status(datetime.date(2026, 3, 2)) == CertificateStatus.EXPIRED


def test_status_change_needs_exactly_one_subject(
    make_body, make_accreditation, make_certificate, iso_9001
):
    body = make_body()
    accreditation = make_accreditation(body)
    certificate = make_certificate(body, scheme=iso_9001)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            body=body,
            accreditation=accreditation,
            certificate=certificate,
            new_status="suspended",
            effective_on=datetime.date(2026, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            body=body, new_status="suspended", effective_on=datetime.date(2026, 1, 1)
        )


def test_status_change_must_change_the_status(make_body, make_accreditation):
    accreditation = make_accreditation(make_body())
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusChange.objects.create(
            body=accreditation.body,
            accreditation=accreditation,
            old_status="active",
            new_status="active",
            effective_on=datetime.date(2026, 1, 1),
        )
