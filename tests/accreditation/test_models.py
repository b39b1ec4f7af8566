"""Constraints of the reference models hold in the database, and full_clean explains them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accreditation.models import (
    AccreditationBody,
    BodyKind,
    Recognition,
    RecognitionStatus,
    Sector,
    Standard,
    StandardKind,
)


@pytest.mark.django_db
def test_sector_code_outside_iaf_range_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Sector.objects.create(code=40, name="Not an IAF sector")


def test_only_a_scheme_may_point_to_a_casco_standard(casco_17021):
    with pytest.raises(IntegrityError), transaction.atomic():
        Standard.objects.create(
            code="ISO/IEC 17065",
            slug="iso-iec-17065",
            title="x",
            kind=StandardKind.CASCO,
            casco_standard=casco_17021,
        )


def test_unknown_kind_of_body_is_a_validation_error(casco_17021):
    casco_17021.body_kinds = ["spaceship_cb"]
    with pytest.raises(ValidationError) as error:
        casco_17021.full_clean()
    assert "body_kinds" in error.value.message_dict


def test_governs_reads_the_kinds_of_a_casco_standard(casco_17021):
    assert casco_17021.governs(BodyKind.MANAGEMENT_SYSTEM_CB)
    assert not casco_17021.governs(BodyKind.TESTING_LAB)


def test_recognition_dates_must_be_ordered(make_accreditation_body, iaf, casco_17021):
    ab = make_accreditation_body(recognised=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Recognition.objects.create(
            accreditation_body=ab,
            arrangement=iaf,
            scope=casco_17021,
            since=datetime.date(2020, 1, 1),
            until=datetime.date(2019, 1, 1),
        )


def test_recognition_is_unique_per_body_arrangement_and_scope(
    make_accreditation_body, iaf, casco_17021
):
    ab = make_accreditation_body()  # already recognised under IAF for 17021-1
    with pytest.raises(IntegrityError), transaction.atomic():
        Recognition.objects.create(accreditation_body=ab, arrangement=iaf, scope=casco_17021)


def test_current_recognitions_end_with_the_former_arrangements_transition(
    make_accreditation_body, iaf
):
    ab = make_accreditation_body()
    assert (
        Recognition.objects.current(on=datetime.date(2026, 12, 31))
        .filter(accreditation_body=ab)
        .exists()
    )
    assert (
        not Recognition.objects.current(on=datetime.date(2027, 1, 1))
        .filter(accreditation_body=ab)
        .exists()
    )


def test_suspended_recognition_is_not_current(make_accreditation_body):
    ab = make_accreditation_body()
    ab.recognitions.update(status=RecognitionStatus.SUSPENDED)
    assert not Recognition.objects.current(on=datetime.date(2026, 6, 1)).exists()


def test_flagged_accreditation_body_has_no_current_recognition(make_accreditation_body):
    ab = make_accreditation_body()
    AccreditationBody.objects.filter(pk=ab.pk).update(standing="not_recognised")
    assert not Recognition.objects.current(on=datetime.date(2026, 6, 1)).exists()
