"""Status changes: the subject's status and its timeline row are written together, or not at all."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accreditation.models import RecognitionStatus, RecognitionStatusChange
from accreditation.services import change_status, change_statuses
from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Certificate,
    CertificateStatus,
    StatusChange,
)

EFFECTIVE = datetime.date(2026, 11, 1)
SOURCE = "https://ab.example/withdrawn-2026-11.pdf"


def test_change_status_sets_the_status_and_records_the_timeline_row(
    make_body, make_accreditation, django_user_model
):
    curator = django_user_model.objects.create_user("curator")
    accreditation = make_accreditation(make_body())

    change = change_status(
        subject=accreditation,
        new_status=AccreditationStatus.SUSPENDED,
        effective_on=EFFECTIVE,
        source=SOURCE,
        note="Suspended at the AB's request.",
        recorded_by=curator,
    )

    accreditation.refresh_from_db()
    assert accreditation.status == AccreditationStatus.SUSPENDED
    row = StatusChange.objects.get()
    assert row == change
    assert (row.old_status, row.new_status) == ("active", "suspended")
    assert (row.effective_on, row.source, row.recorded_by) == (EFFECTIVE, SOURCE, curator)
    assert row.accreditation == accreditation
    assert row.body_id == accreditation.body_id
    assert row.accreditation_body_id == accreditation.accreditation_body_id
    latest = accreditation.history.latest()
    assert latest.status == AccreditationStatus.SUSPENDED
    assert latest.history_user == curator
    assert "active → suspended" in latest.history_change_reason


def test_a_certificate_change_copies_the_accreditation_body_of_its_accreditation(
    make_body, make_accreditation, make_certificate, iso_9001
):
    body = make_body()
    accreditation = make_accreditation(body)
    certificate = make_certificate(body, scheme=iso_9001, accreditation=accreditation)

    change_status(
        subject=certificate,
        new_status=CertificateStatus.WITHDRAWN,
        effective_on=EFFECTIVE,
        source=SOURCE,
    )

    row = StatusChange.objects.get(certificate=certificate)
    assert row.accreditation_body_id == accreditation.accreditation_body_id
    assert row.body_id == body.pk
    assert Certificate.objects.get(pk=certificate.pk).status == CertificateStatus.WITHDRAWN


def test_a_recognition_change_is_recorded_in_the_accreditation_app(make_accreditation_body):
    recognition = make_accreditation_body("UKAS").recognitions.get()

    change_status(
        subject=recognition,
        new_status=RecognitionStatus.SUSPENDED,
        effective_on=EFFECTIVE,
        source=SOURCE,
    )

    row = RecognitionStatusChange.objects.get()
    assert (row.recognition, row.accreditation_body.acronym) == (recognition, "UKAS")
    assert (row.old_status, row.new_status) == ("signatory", "suspended")


def test_a_status_outside_the_choices_is_rejected_by_name_and_nothing_is_written(
    make_body, make_accreditation
):
    accreditation = make_accreditation(make_body())

    with pytest.raises(ValidationError) as error:
        change_status(subject=accreditation, new_status="paused", effective_on=EFFECTIVE)

    assert "“paused” is not a valid accreditation status" in error.value.messages[0]
    assert "Suspended" in error.value.messages[0]
    assert Accreditation.objects.get().status == AccreditationStatus.ACTIVE
    assert not StatusChange.objects.exists()


def test_changing_to_the_current_status_is_rejected(make_body, make_accreditation):
    accreditation = make_accreditation(make_body())

    with pytest.raises(ValidationError) as error:
        change_status(
            subject=accreditation, new_status=AccreditationStatus.ACTIVE, effective_on=EFFECTIVE
        )

    assert "is already “Active”" in error.value.messages[0]
    assert not StatusChange.objects.exists()


def test_the_old_status_is_the_stored_one_even_when_the_object_is_stale(
    make_body, make_accreditation
):
    accreditation = make_accreditation(make_body())
    Accreditation.objects.filter(pk=accreditation.pk).update(status=AccreditationStatus.SUSPENDED)

    change_status(
        subject=accreditation, new_status=AccreditationStatus.WITHDRAWN, effective_on=EFFECTIVE
    )

    assert StatusChange.objects.get().old_status == AccreditationStatus.SUSPENDED


def test_bulk_change_skips_rows_already_in_the_target_status(make_body, make_accreditation):
    body = make_body()
    active = make_accreditation(body)
    already = make_accreditation(body, status=AccreditationStatus.SUSPENDED)

    changes = change_statuses(
        subjects=Accreditation.objects.all(),
        new_status=AccreditationStatus.SUSPENDED,
        effective_on=EFFECTIVE,
        source=SOURCE,
    )

    assert [change.accreditation for change in changes] == [active]
    assert set(Accreditation.objects.values_list("status", flat=True)) == {"suspended"}
    assert not StatusChange.objects.filter(accreditation=already).exists()


def test_bulk_change_writes_nothing_when_one_row_is_invalid(make_body, make_accreditation):
    body = make_body("Alpha Cert")
    make_accreditation(body)
    broken = make_accreditation(body, source_url="not a url")

    with pytest.raises(ValidationError) as error:
        change_statuses(
            subjects=Accreditation.objects.order_by("pk"),
            new_status=AccreditationStatus.WITHDRAWN,
            effective_on=EFFECTIVE,
            source=SOURCE,
        )

    assert error.value.messages[0].startswith(str(broken))
    assert "Enter a valid URL." in error.value.messages[0]
    assert set(Accreditation.objects.values_list("status", flat=True)) == {"active"}
    assert not StatusChange.objects.exists()


def test_bulk_change_with_an_invalid_status_is_rejected_before_any_write(
    make_body, make_accreditation
):
    make_accreditation(make_body())

    with pytest.raises(ValidationError):
        change_statuses(
            subjects=Accreditation.objects.all(), new_status="valid", effective_on=EFFECTIVE
        )

    assert not StatusChange.objects.exists()


def test_bulk_change_over_two_models_with_the_same_ids_keeps_them_apart(
    make_body, make_accreditation, make_certificate, iso_9001
):
    body = make_body()
    accreditation = make_accreditation(body, status=AccreditationStatus.SUSPENDED)
    certificate = make_certificate(body, scheme=iso_9001, pk=accreditation.pk)

    changes = change_statuses(
        subjects=[accreditation, certificate], new_status="suspended", effective_on=EFFECTIVE
    )

    assert [change.certificate for change in changes] == [certificate]
    assert Certificate.objects.get().status == CertificateStatus.SUSPENDED
