"""BodyFilterSet: each filter alone and combined returns the right bodies; bad values are
form errors, never exceptions."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from bodies.filters import MAX_Q_LENGTH, MAX_VALUES, BodyFilterSet
from bodies.models import Body


def filtered(query: str | dict) -> BodyFilterSet:
    if isinstance(query, dict):
        query = urlencode(query, doseq=True)
    return BodyFilterSet(QueryDict(query), queryset=Body.objects.all())


def names(query: str | dict = "") -> list[str]:
    """The names the filters return, in order; fails on a form error."""
    filterset = filtered(query)
    assert filterset.is_valid(), filterset.errors
    return [body.name for body in filterset.qs]


ACTIVE = ["Alpha Cert", "Beta Assurance", "Gamma Quality", "Zeta Audit"]


def test_default_lists_bodies_with_an_active_accreditation_by_name(world):
    assert names() == ACTIVE


def test_q_matches_name_acronym_and_city_case_insensitively(world):
    assert names("q=beta") == ["Beta Assurance"]
    assert names("q=acb") == ["Alpha Cert"]
    assert names("q=LYON") == ["Gamma Quality"]
    assert names("q=zzzzqqq") == []


def test_country_matches_head_office_or_any_office(world):
    assert names("country=DE") == ["Alpha Cert", "Beta Assurance"]
    assert names("country=GB") == ["Beta Assurance"]


def test_countries_are_multi_select_with_or(world):
    assert names("country=FR&country=ES") == ["Gamma Quality", "Zeta Audit"]


def test_standard_matches_the_schemes_an_accreditation_covers(world):
    assert names("standard=iso-14001") == ["Beta Assurance"]
    assert names("standard=iso-9001") == [
        "Alpha Cert",
        "Beta Assurance",
        "Gamma Quality",
        "Zeta Audit",
    ]


def test_standards_are_multi_select_with_or(world):
    assert names("standard=iso-14001&standard=iso-9001&status=any") == [
        "Alpha Cert",
        "Beta Assurance",
        "Epsilon Cert",
        "Gamma Quality",
        "Zeta Audit",
    ]


def test_casco_filter(world):
    assert names("casco=iso-iec-17025&status=any") == ["Beta Assurance", "Delta Labs"]


def test_accreditor_filter(world):
    assert names("accreditor=dakks") == ["Alpha Cert", "Beta Assurance"]
    assert names("accreditor=waf") == ["Gamma Quality"]


def test_sector_filter(world):
    assert names("sector=28") == ["Alpha Cert"]


def test_kind_filter(world):
    assert names("kind=testing_lab&status=any") == ["Delta Labs"]
    assert names("kind=testing_lab") == []


def test_status_reads_expiry_like_effective_status(world):
    assert names("status=suspended") == ["Delta Labs"]
    assert names("status=expired") == ["Epsilon Cert"]
    assert "Epsilon Cert" not in names("status=active")


def test_status_any_lists_bodies_without_accreditations_too(world):
    assert names("status=any") == [
        "Alpha Cert",
        "Beta Assurance",
        "Delta Labs",
        "Epsilon Cert",
        "Eta Unaccredited",
        "Gamma Quality",
        "Zeta Audit",
    ]


def test_recognised_excludes_flagged_and_unrecognised_accreditors(world):
    assert names("recognised=true") == ["Alpha Cert", "Beta Assurance"]
    # Beta's DAkkS lab accreditation (ISO/IEC 17025) is outside DAkkS's 17021 recognition.
    assert names("recognised=false") == ["Beta Assurance", "Gamma Quality", "Zeta Audit"]
    assert names("recognised=false&standard=iso-9001") == ["Gamma Quality", "Zeta Audit"]


def test_recognised_follows_a_scheme_specific_recognition(
    world, make_body, make_accreditation, make_accreditation_body, make_recognition, iso_14001
):
    """A recognition limited to ISO 14001 does not make an ISO 9001 accreditation recognised."""
    narrow = make_accreditation_body("NARROW", recognised=False)
    make_recognition(narrow, scheme=iso_14001)
    make_accreditation(make_body("Iota Cert"), ab=narrow, schemes=[iso_14001])
    assert "Iota Cert" in names("recognised=true&standard=iso-14001")
    assert "Iota Cert" not in names("recognised=true&standard=iso-9001")


def test_accreditation_filters_hold_for_the_same_accreditation(world):
    """Beta has DAkkS (17025 lab) and UKAS (ISO 9001): "DAkkS for ISO 9001" is not Beta."""
    assert names("accreditor=dakks&standard=iso-9001") == ["Alpha Cert"]
    assert names("accreditor=dakks&casco=iso-iec-17025") == ["Beta Assurance"]
    assert names("accreditor=ukas&casco=iso-iec-17025") == []
    assert names("accreditor=ukas&casco=iso-iec-17025&status=suspended") == ["Delta Labs"]


def test_body_and_accreditation_filters_combine_with_and(world):
    assert names("country=DE&standard=iso-9001&recognised=true") == [
        "Alpha Cert",
        "Beta Assurance",
    ]
    assert names("country=DE&standard=iso-14001") == ["Beta Assurance"]
    assert names("country=FR&standard=iso-9001&recognised=true") == []
    assert names("q=cert&country=DE&sector=28&accreditor=dakks") == ["Alpha Cert"]


def test_sort_by_country_then_name(world):
    assert names("sort=country") == ["Alpha Cert", "Zeta Audit", "Gamma Quality", "Beta Assurance"]


def test_sort_by_most_matching_accreditations(world):
    assert names("sort=accreditations&status=any")[:1] == ["Beta Assurance"]
    assert names("sort=accreditations&status=any")[-1] == "Eta Unaccredited"


def test_sort_by_recently_checked_puts_unchecked_last(world):
    # Alpha and Zeta were checked today (name breaks the tie), Beta a month ago, Gamma never.
    assert names("sort=checked") == ["Alpha Cert", "Zeta Audit", "Beta Assurance", "Gamma Quality"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("country=XX", "country"),
        ("country=de", "country"),
        ("standard=iso-0", "standard"),
        ("casco=nope", "casco"),
        ("accreditor=nope", "accreditor"),
        ("sector=99", "sector"),
        ("sector=abc", "sector"),
        ("kind=wizard", "kind"),
        ("status=sleeping", "status"),
        ("recognised=maybe", "recognised"),
        ("sort=random", "sort"),
        ("kind=testing_lab&kind=product_cb", "kind"),
        ("q=a&q=b", "q"),
    ],
)
def test_bad_values_are_form_errors(world, query, field):
    filterset = filtered(query)
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_a_very_long_q_is_refused_with_a_message(world):
    filterset = filtered({"q": "x" * 5000})
    assert not filterset.is_valid()
    assert str(MAX_Q_LENGTH) in str(filterset.errors["q"])


def test_too_many_values_of_a_multi_select_are_refused(world):
    codes = ["DE", "FR", "GB", "IT", "ES", "AT", "BE", "NL", "PL", "PT", "SE", "NO", "DK"]
    codes += ["FI", "IE", "CZ", "SK", "HU", "RO", "BG", "GR"]
    assert len(codes) > MAX_VALUES
    assert "country" in filtered({"country": codes}).errors


def test_repeating_the_same_value_is_harmless(world):
    assert names("kind=management_system_cb&kind=management_system_cb&country=DE&country=DE") == [
        "Alpha Cert",
        "Beta Assurance",
    ]


def test_matching_accreditations_follow_the_same_conditions(world):
    filterset = filtered("accreditor=dakks&casco=iso-iec-17025")
    assert filterset.is_valid()
    matching = filterset.matching_accreditations()
    assert [(a.body.name, a.accreditation_body.acronym) for a in matching] == [
        ("Beta Assurance", "DAkkS")
    ]
