"""`manage.py load_reference` for the directory: real bodies and documented accreditations."""

import datetime

import pytest
from django.core.management import CommandError

from accreditation.models import BodyKind
from bodies.models import Accreditation, AccreditationStatus, Body, Office


def test_every_body_and_accreditation_of_the_files_is_loaded(reference_data, reference_csv):
    assert Body.objects.count() == len(reference_csv("certification_bodies.csv")) == 83
    assert Accreditation.objects.count() == len(reference_csv("cb_accreditations.csv")) == 44
    assert not Body.objects.demo().exists()
    heads = Office.objects.filter(is_head_office=True).select_related("body")
    assert heads.count() == 83
    assert all(office.country == office.body.country for office in heads)


def test_real_bodies_share_no_certificates_with_us(reference_data):
    """Coverage figures must say we hold no certificates for these bodies."""
    assert not Body.objects.filter(certificates_updated_at__isnull=False).exists()
    assert not any(body.shares_certificates for body in Body.objects.all())


def test_a_body_keeps_its_kind_country_group_and_provenance(reference_data):
    lrqa = Body.objects.get(slug="lrqa")
    assert (lrqa.name, lrqa.kind, lrqa.country.code, lrqa.group) == (
        "Lloyd's Register Quality Assurance Limited (LRQA)",
        BodyKind.MANAGEMENT_SYSTEM_CB,
        "GB",
        "LRQA",
    )
    assert lrqa.basis == "found"
    assert "S-CB-SAC-CABUPDATE" in lrqa.source_keys
    assert Body.objects.get(slug="tuv-sud-psb").kind == BodyKind.VALIDATION_VERIFICATION_BODY


def test_an_accreditation_carries_its_standard_schemes_status_and_as_of_date(reference_data):
    withdrawn = Accreditation.objects.get(body__slug="lrqa", accreditation_body__acronym="SAC")
    assert withdrawn.standard.code == "ISO/IEC 17021-1"
    assert sorted(s.code for s in withdrawn.schemes.all()) == ["ISO 22301", "ISO 50001"]
    assert withdrawn.status == AccreditationStatus.WITHDRAWN
    assert (withdrawn.as_of, withdrawn.last_checked_on) == (
        "2019-03-13",
        datetime.date(2019, 3, 13),
    )
    assert withdrawn.source_keys == ["S-CB-SAC-CABUPDATE"]
    assert withdrawn.note.startswith("Voluntary withdrawal")


def test_an_accreditation_number_is_kept_when_the_source_gives_one(reference_data):
    lne = Accreditation.objects.get(body__slug="lne")
    assert (lne.accreditation_body.acronym, lne.number) == ("COFRAC", "4-0038")
    assert lne.basis == "found (secondary: client certificate summary)"
    assert Accreditation.objects.exclude(number="").count() == 10


def test_a_casco_standard_the_source_does_not_state_is_inferred_and_says_so(reference_data):
    vvb = Accreditation.objects.get(body__slug="tuv-sud-psb")
    assert vvb.standard.code == "ISO 14065"
    assert vvb.note.endswith(
        "CASCO standard not stated in the source; inferred from the kind of body."
    )
    assert vvb.basis.startswith("mixed:")
    product = Accreditation.objects.get(body__slug="british-board-of-agrement")
    assert (product.standard.code, product.status) == (
        "ISO/IEC 17065",
        AccreditationStatus.SUSPENDED,
    )
    stated = Accreditation.objects.get(body__slug="satas")
    assert "inferred" not in stated.note


def test_partial_and_missing_as_of_dates(reference_data):
    """A year or month checks as its first day (never fresher than shown); n/d as nothing."""
    pjr = Accreditation.objects.get(body__slug="perry-johnson-registrars")
    assert (pjr.status, pjr.as_of, pjr.last_checked_on) == (
        AccreditationStatus.UNKNOWN,
        "2016",
        datetime.date(2016, 1, 1),
    )
    bba = Accreditation.objects.get(body__slug="british-board-of-agrement")
    assert bba.last_checked_on == datetime.date(2026, 2, 1)
    hkqaa = Accreditation.objects.get(body__slug="hkqaa")
    assert (hkqaa.as_of, hkqaa.last_checked_on) == ("n/d", None)


def test_a_second_run_changes_no_body_or_accreditation(reference_data, load_reference):
    before = (Body.history.count(), Accreditation.history.count(), Office.history.count())
    output = load_reference()
    assert "Body: 0 created, 0 updated, 83 unchanged" in output
    assert "Office: 0 created, 0 updated, 83 unchanged" in output
    assert "Accreditation: 0 created, 0 updated, 44 unchanged" in output
    assert (Body.history.count(), Accreditation.history.count(), Office.history.count()) == before


def test_an_edited_status_and_scheme_update_that_accreditation(
    db, reference_dir, edit_reference_csv, load_reference
):
    load_reference("--data-dir", str(reference_dir))
    path = reference_dir / "cb_accreditations.csv"
    text = path.read_text(encoding="utf-8")
    old = "atlas-certification,UKAS,ISO/IEC 17021-1,,,active,n/d"
    path.write_text(
        text.replace(old, "atlas-certification,UKAS,ISO/IEC 17021-1,,ISO 9001,suspended,2026-05"),
        encoding="utf-8",
    )
    output = load_reference("--data-dir", str(reference_dir))
    assert "Accreditation: 0 created, 1 updated, 43 unchanged" in output
    atlas = Accreditation.objects.get(body__slug="atlas-certification")
    assert atlas.status == AccreditationStatus.SUSPENDED
    assert [s.code for s in atlas.schemes.all()] == ["ISO 9001"]
    assert atlas.last_checked_on == datetime.date(2026, 5, 1)


def test_a_moved_head_office_updates_the_body_and_its_office(
    db, reference_dir, edit_reference_csv, load_reference
):
    load_reference("--data-dir", str(reference_dir))
    edit_reference_csv("certification_bodies.csv", "slug", "dnv", head_office_country="GB")
    output = load_reference("--data-dir", str(reference_dir))
    assert "Body: 0 created, 1 updated, 82 unchanged" in output
    assert "Office: 0 created, 1 updated, 82 unchanged" in output
    assert Office.objects.get(body__slug="dnv", is_head_office=True).country == "GB"


def test_reference_material_producers_written_rmp_are_loaded(
    db, reference_dir, edit_reference_csv, load_reference
):
    edit_reference_csv("certification_bodies.csv", "slug", "lgc", kind="rmp")
    load_reference("--data-dir", str(reference_dir))
    assert Body.objects.get(slug="lgc").kind == BodyKind.RM_PRODUCER


def test_an_accreditation_by_an_unknown_accreditation_body_stops_the_load(
    reference_dir, edit_reference_csv, load_reference_fails
):
    edit_reference_csv(
        "cb_accreditations.csv", "body_slug", "bsi-assurance-uk", accreditation_body="UKASS"
    )
    load_reference_fails(
        reference_dir,
        "cb_accreditations.csv:2: accreditation_body: 'UKASS' is not an acronym of "
        "accreditation_bodies.csv",
    )


@pytest.mark.parametrize(
    ("file", "key", "value", "cells", "expected"),
    [
        (
            "certification_bodies.csv",
            "slug",
            "lrqa",
            {"kind": "certifier"},
            "certification_bodies.csv:4: kind: 'certifier' is not one of:",
        ),
        (
            "certification_bodies.csv",
            "slug",
            "lrqa",
            {"head_office_country": "UK"},
            "certification_bodies.csv:4: head_office_country: 'UK' is not an ISO 3166-1",
        ),
        (
            "cb_accreditations.csv",
            "body_slug",
            "lgc",
            {"as_of": "May 2023"},
            "as_of: 'May 2023' is not YYYY, YYYY-MM, YYYY-MM-DD or n/d",
        ),
        (
            "cb_accreditations.csv",
            "body_slug",
            "lgc",
            {"schemes": "ISO 9999"},
            "schemes: 'ISO 9999' is not a scheme of management_standards.csv",
        ),
        (
            "cb_accreditations.csv",
            "body_slug",
            "lgc",
            {"status": "lapsed"},
            "status: 'lapsed' is not one of: active, suspended, unknown, withdrawn",
        ),
        (
            "cb_accreditations.csv",
            "body_slug",
            "lgc",
            {"body_slug": "no-such-body"},
            "body_slug: 'no-such-body' is not a slug of certification_bodies.csv",
        ),
    ],
)
def test_a_malformed_directory_row_stops_the_load(
    reference_dir, edit_reference_csv, file, key, value, cells, expected, load_reference_fails
):
    edit_reference_csv(file, key, value, **cells)
    load_reference_fails(reference_dir, expected)


def test_a_row_refused_while_saving_rolls_back_everything_written_before(
    reference_dir, edit_reference_csv, load_reference_fails
):
    """The website is only checked by full_clean(), after the reference world was written."""
    edit_reference_csv("certification_bodies.csv", "slug", "lrqa", website="not a web address")
    load_reference_fails(reference_dir, "certification_bodies.csv:4: website: Enter a valid URL.")


def test_a_demo_body_with_the_same_slug_is_not_taken_over(
    reference_data, reference_dir, load_reference
):
    Body.objects.filter(slug="lrqa").update(is_demo=True)
    with pytest.raises(CommandError, match="'lrqa' is the slug of a demo body"):
        load_reference("--data-dir", str(reference_dir))
    assert Body.objects.get(slug="lrqa").is_demo
