"""The buyer's checks (`bodies.evaluation`): every check's pass / warn / fail boundary.

Bodies are built in the real database and loaded the way the pages load them
(`bodies_by_slugs`, prefetched); the evaluation itself is then pure and runs on a fixed day.
"""

import datetime

import pytest

from accreditation.models import (
    BodyKind,
    CooperationLevel,
    RecognitionBasis,
    RecognitionStatus,
    StandardKind,
    Standing,
)
from bodies.evaluation import (
    CheckName,
    Need,
    Outcome,
    core_checks,
    evaluate,
    one_year_before,
)
from bodies.models import AccreditationStatus
from bodies.queries.evaluation import bodies_by_slugs
from bodies.queries.needs import load_need
from bodies.reference import INFERRED_CASCO
from tests.conftest import TODAY

DAY = datetime.timedelta(days=1)


def loaded(body):
    """The body as the pages load it: offices, accreditations and recognitions prefetched."""
    return bodies_by_slugs([body.slug])[0]


def outcome(evaluation, name):
    return evaluation.check(name).outcome


@pytest.fixture
def need_9001(casco_17021, iso_9001):
    def make(**fields):
        return Need(
            cascos=(casco_17021,),
            kinds=frozenset(casco_17021.body_kinds),
            scheme=iso_9001,
            **fields,
        )

    return make


@pytest.fixture
def unrecognised_ab(make_accreditation_body):
    return make_accreditation_body(recognised=False)


# --- Right CASCO standard -----------------------------------------------------------------


def test_a_management_system_cb_accredited_to_17021_1_uses_the_right_standard(
    make_body, make_accreditation, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, schemes=[iso_9001])
    evaluation = evaluate(loaded(body), need_9001(), today=TODAY)
    assert outcome(evaluation, CheckName.CASCO_STANDARD) == Outcome.PASS
    assert "ISO/IEC 17021-1" in evaluation.check(CheckName.CASCO_STANDARD).explanation


def test_a_body_without_an_accreditation_for_the_need_fails_every_accreditation_check(
    make_body, make_accreditation, casco_17025, need_9001
):
    body = make_body(kind=BodyKind.TESTING_LAB)
    make_accreditation(body, standard=casco_17025)
    evaluation = evaluate(loaded(body), need_9001(countries=("DE",)), today=TODAY)
    assert evaluation.accreditation is None
    outcomes = {check.name: check.outcome for check in evaluation.checks}
    assert outcomes == {
        CheckName.CASCO_STANDARD: Outcome.FAIL,
        CheckName.ACTIVE: Outcome.FAIL,
        CheckName.SCHEME: Outcome.FAIL,
        CheckName.RECOGNISED: Outcome.FAIL,
        CheckName.OFFICE: Outcome.PASS,
        CheckName.FRESHNESS: Outcome.WARN,
    }
    assert "ISO/IEC 17021-1" in evaluation.check(CheckName.CASCO_STANDARD).explanation


def test_a_testing_lab_for_a_calibration_need_is_a_warning_not_a_pass(
    make_body, make_accreditation, casco_17025
):
    body = make_body(kind=BodyKind.TESTING_LAB)
    make_accreditation(body, standard=casco_17025)
    need = Need(cascos=(casco_17025,), kinds=frozenset({BodyKind.CALIBRATION_LAB}))
    check = evaluate(loaded(body), need, today=TODAY).check(CheckName.CASCO_STANDARD)
    assert check.outcome == Outcome.WARN
    assert "testing laboratory" in check.explanation


def test_on_the_body_page_an_accreditation_for_another_activity_is_a_warning(
    make_body, make_accreditation, casco_17025, iso_9001
):
    body = make_body(kind=BodyKind.MANAGEMENT_SYSTEM_CB)
    make_accreditation(body, schemes=[iso_9001])
    make_accreditation(body, standard=casco_17025)
    by_standard = {
        item.accreditation.standard.code: item.checks[0]
        for item in core_checks(loaded(body), today=TODAY)
    }
    assert by_standard["ISO/IEC 17021-1"].outcome == Outcome.PASS
    assert by_standard["ISO/IEC 17025"].outcome == Outcome.WARN
    assert "another activity" in by_standard["ISO/IEC 17025"].explanation


# Every kind of body, with the CASCO standard that governs it (as the reference loader
# infers it: validation/verification bodies under ISO 14065).
GOVERNING = INFERRED_CASCO


@pytest.fixture
def every_casco(make_standard):
    standards = {}
    for kind, code in GOVERNING.items():
        kinds = [k for k, c in GOVERNING.items() if c == code]
        standards[kind] = make_standard(code, kind=StandardKind.CASCO, body_kinds=kinds)
    return standards


@pytest.mark.parametrize("kind", BodyKind.values)
def test_every_kind_of_body_passes_all_three_core_checks_with_its_own_standard(
    kind, every_casco, make_body, make_accreditation, make_accreditation_body, make_recognition
):
    ab = make_accreditation_body(recognised=False)
    make_recognition(ab, scope=every_casco[kind])
    body = make_body(kind=kind)
    make_accreditation(body, ab=ab, standard=every_casco[kind])
    [item] = core_checks(loaded(body), today=TODAY)
    assert [check.outcome for check in item.checks] == [Outcome.PASS] * 3
    assert item.verdict == Outcome.PASS


@pytest.mark.parametrize("kind", [k for k in BodyKind.values if k != BodyKind.MANAGEMENT_SYSTEM_CB])
def test_every_non_scheme_need_maps_to_its_kind_and_casco_standard(
    kind, every_casco, make_body, make_accreditation, make_accreditation_body, make_recognition
):
    need = load_need(what=kind, countries=("DE",))
    assert need.kinds == {kind}
    assert [standard.code for standard in need.cascos] == [GOVERNING[kind]]
    ab = make_accreditation_body(recognised=False)
    make_recognition(ab, scope=every_casco[kind])
    body = make_body(kind=kind)
    make_accreditation(body, ab=ab, standard=every_casco[kind])
    evaluation = evaluate(loaded(body), need, today=TODAY)
    assert evaluation.verdict == Outcome.PASS
    assert [check.name for check in evaluation.checks] == [
        CheckName.CASCO_STANDARD,
        CheckName.ACTIVE,
        CheckName.RECOGNISED,
        CheckName.OFFICE,
        CheckName.FRESHNESS,
    ]


# --- Accreditation active -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expires_on", "expected"),
    [
        (AccreditationStatus.ACTIVE, TODAY + 91 * DAY, Outcome.PASS),
        (AccreditationStatus.ACTIVE, TODAY + 90 * DAY, Outcome.WARN),
        (AccreditationStatus.ACTIVE, TODAY + DAY, Outcome.WARN),
        (AccreditationStatus.ACTIVE, TODAY, Outcome.WARN),
        (AccreditationStatus.ACTIVE, TODAY - DAY, Outcome.FAIL),
        (AccreditationStatus.ACTIVE, None, Outcome.PASS),
        (AccreditationStatus.UNKNOWN, TODAY + 400 * DAY, Outcome.WARN),
        (AccreditationStatus.UNKNOWN, None, Outcome.WARN),
        (AccreditationStatus.SUSPENDED, TODAY + 400 * DAY, Outcome.FAIL),
        (AccreditationStatus.WITHDRAWN, TODAY + 400 * DAY, Outcome.FAIL),
        (AccreditationStatus.EXPIRED, TODAY - DAY, Outcome.FAIL),
        (AccreditationStatus.EXPIRED, None, Outcome.FAIL),
    ],
)
def test_accreditation_active_boundaries(
    status, expires_on, expected, make_body, make_accreditation, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, schemes=[iso_9001], status=status, expires_on=expires_on)
    assert outcome(evaluate(loaded(body), need_9001(), today=TODAY), CheckName.ACTIVE) == expected


def test_expiry_warning_says_when_and_in_how_many_days(
    make_body, make_accreditation, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, schemes=[iso_9001], expires_on=TODAY + 90 * DAY)
    check = evaluate(loaded(body), need_9001(), today=TODAY).check(CheckName.ACTIVE)
    assert "in 90 days" in check.explanation
    assert any(item.label == "Expires" for item in check.evidence)


def test_an_expired_accreditation_says_when_it_expired(
    make_body, make_accreditation, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, schemes=[iso_9001], expires_on=datetime.date(2026, 11, 1))
    check = evaluate(loaded(body), need_9001(), today=TODAY).check(CheckName.ACTIVE)
    assert check.outcome == Outcome.FAIL
    assert "expired on" in check.explanation


def test_suspended_and_withdrawn_say_no_accredited_certificates(
    make_body, make_accreditation, need_9001, iso_9001
):
    suspended, withdrawn = make_body(), make_body()
    make_accreditation(suspended, schemes=[iso_9001], status=AccreditationStatus.SUSPENDED)
    make_accreditation(withdrawn, schemes=[iso_9001], status=AccreditationStatus.WITHDRAWN)
    for body, word in [(suspended, "suspended"), (withdrawn, "withdrawn")]:
        check = evaluate(loaded(body), need_9001(), today=TODAY).check(CheckName.ACTIVE)
        assert word in check.explanation
        assert "cannot issue accredited certificates" in check.explanation


# --- Scope: scheme and sector -------------------------------------------------------------


def test_scope_covering_the_scheme_passes_other_schemes_fail_nothing_recorded_warns(
    make_body, make_accreditation, casco_17021, iso_9001, iso_14001
):
    need = Need(cascos=(casco_17021,), kinds=frozenset(casco_17021.body_kinds), scheme=iso_9001)
    covered, other, unrecorded = make_body(), make_body(), make_body()
    make_accreditation(covered, schemes=[iso_14001, iso_9001])
    make_accreditation(other, schemes=[iso_14001])
    make_accreditation(unrecorded, schemes=[], scope_url="https://ab.example/scope.pdf")
    assert outcome(evaluate(loaded(covered), need, today=TODAY), CheckName.SCHEME) == Outcome.PASS
    assert outcome(evaluate(loaded(other), need, today=TODAY), CheckName.SCHEME) == Outcome.FAIL
    warned = evaluate(loaded(unrecorded), need, today=TODAY).check(CheckName.SCHEME)
    assert warned.outcome == Outcome.WARN
    assert "https://ab.example/scope.pdf" in [item.url for item in warned.evidence]


def test_scope_covering_the_sector_passes_other_sectors_fail_nothing_recorded_warns(
    make_body, make_accreditation, make_sector, need_9001, iso_9001
):
    construction, machinery = make_sector(28, "Construction"), make_sector(18, "Machinery")
    need = need_9001(sector=construction)
    covered, other, unrecorded = make_body(), make_body(), make_body()
    make_accreditation(covered, schemes=[iso_9001], sectors=[machinery, construction])
    make_accreditation(other, schemes=[iso_9001], sectors=[machinery])
    make_accreditation(unrecorded, schemes=[iso_9001], sectors=[])
    passed = evaluate(loaded(covered), need, today=TODAY).check(CheckName.SECTOR)
    assert passed.outcome == Outcome.PASS
    assert "IAF sector 28 (Construction)" in passed.explanation
    assert outcome(evaluate(loaded(other), need, today=TODAY), CheckName.SECTOR) == Outcome.FAIL
    assert (
        outcome(evaluate(loaded(unrecorded), need, today=TODAY), CheckName.SECTOR) == Outcome.WARN
    )


def test_without_a_sector_or_countries_those_checks_are_not_made(
    make_body, make_accreditation, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, schemes=[iso_9001])
    names = [check.name for check in evaluate(loaded(body), need_9001(), today=TODAY).checks]
    assert CheckName.SECTOR not in names
    assert CheckName.OFFICE not in names
    assert CheckName.ACCREDITOR not in names


# --- Recognised ---------------------------------------------------------------------------


def _recognised(body, need, day=TODAY):
    return evaluate(loaded(body), need, today=day).check(CheckName.RECOGNISED)


def test_an_iaf_mla_signatory_is_recognised_until_the_transition_ends(
    make_body, make_accreditation, make_accreditation_body, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, ab=make_accreditation_body("DAKKS"), schemes=[iso_9001])
    last_day = datetime.date(2026, 12, 31)
    assert _recognised(body, need_9001(), last_day).outcome == Outcome.PASS
    after = _recognised(body, need_9001(), last_day + DAY)
    assert after.outcome == Outcome.FAIL
    assert any("transition ended" in item.text for item in after.evidence)


def test_a_global_accreditation_cooperation_signatory_stays_recognised_after_the_transition(
    make_body, make_accreditation, unrecognised_ab, make_recognition, gac, need_9001, iso_9001
):
    make_recognition(unrecognised_ab, arrangement=gac, since=datetime.date(2026, 1, 1))
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    check = _recognised(body, need_9001(), datetime.date(2027, 6, 1))
    assert check.outcome == Outcome.PASS
    assert "Global Accreditation Cooperation MRA" in check.explanation


def test_an_unverified_recognition_is_a_warning(
    make_body, make_accreditation, unrecognised_ab, make_recognition, need_9001, iso_9001
):
    make_recognition(unrecognised_ab, basis=RecognitionBasis.UNVERIFIED)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    check = _recognised(body, need_9001())
    assert check.outcome == Outcome.WARN
    assert "unverified" in check.explanation
    assert any("unverified" in item.text for item in check.evidence)


def test_a_verified_recognition_outweighs_an_unverified_one(
    make_body, make_accreditation, unrecognised_ab, make_recognition, gac, need_9001, iso_9001
):
    make_recognition(unrecognised_ab, basis=RecognitionBasis.UNVERIFIED)
    make_recognition(unrecognised_ab, arrangement=gac, basis=RecognitionBasis.FOUND)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    assert _recognised(body, need_9001()).outcome == Outcome.PASS


def test_a_recognition_with_the_asked_scheme_as_sub_scope_counts(
    make_body, make_accreditation, unrecognised_ab, make_recognition, need_9001, iso_9001
):
    make_recognition(unrecognised_ab, scheme=iso_9001)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    assert _recognised(body, need_9001()).outcome == Outcome.PASS


def test_a_recognition_for_another_scheme_does_not_count_for_the_asked_one(
    make_body, make_accreditation, unrecognised_ab, make_recognition, need_9001, iso_9001, iso_14001
):
    make_recognition(unrecognised_ab, scheme=iso_14001)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001, iso_14001])
    check = _recognised(body, need_9001())
    assert check.outcome == Outcome.FAIL
    assert any("for another scheme only" in item.text for item in check.evidence)
    # Without a need (body page), a sub-scope the accreditation covers counts.
    [item] = core_checks(loaded(body), today=TODAY)
    assert item.checks[2].outcome == Outcome.PASS


def test_on_the_body_page_a_sub_scope_outside_the_accreditation_does_not_count(
    make_body, make_accreditation, unrecognised_ab, make_recognition, iso_9001, iso_14001
):
    make_recognition(unrecognised_ab, scheme=iso_14001)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    [item] = core_checks(loaded(body), today=TODAY)
    assert item.checks[2].outcome == Outcome.FAIL


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"status": RecognitionStatus.SUSPENDED}, "Suspended"),
        ({"status": RecognitionStatus.WITHDRAWN}, "Withdrawn"),
        ({"until": TODAY - DAY, "since": datetime.date(2010, 1, 1)}, "ended on"),
        ({"since": TODAY + DAY}, "starts on"),
    ],
)
def test_a_recognition_not_in_force_does_not_count_and_says_why(
    fields,
    reason,
    make_body,
    make_accreditation,
    unrecognised_ab,
    make_recognition,
    need_9001,
    iso_9001,
):
    make_recognition(unrecognised_ab, **fields)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    check = _recognised(body, need_9001())
    assert check.outcome == Outcome.FAIL
    assert any(reason in item.text for item in check.evidence if item.label == "Not counted")


def test_recognition_dates_are_inclusive(
    make_body, make_accreditation, unrecognised_ab, make_recognition, need_9001, iso_9001
):
    make_recognition(unrecognised_ab, since=TODAY, until=TODAY)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    assert _recognised(body, need_9001()).outcome == Outcome.PASS


def test_a_regional_arrangement_alone_is_not_international_recognition(
    make_body,
    make_accreditation,
    unrecognised_ab,
    make_recognition,
    make_cooperation,
    need_9001,
    iso_9001,
):
    ea = make_cooperation("EA", level=CooperationLevel.REGIONAL, arrangement="MLA")
    make_recognition(unrecognised_ab, arrangement=ea)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    check = _recognised(body, need_9001())
    assert check.outcome == Outcome.FAIL
    assert any("regional arrangement" in item.text for item in check.evidence)


def test_a_recognition_for_another_casco_standard_does_not_count(
    make_body,
    make_accreditation,
    unrecognised_ab,
    make_recognition,
    casco_17025,
    need_9001,
    iso_9001,
):
    make_recognition(unrecognised_ab, scope=casco_17025)
    body = make_body()
    make_accreditation(body, ab=unrecognised_ab, schemes=[iso_9001])
    assert _recognised(body, need_9001()).outcome == Outcome.FAIL


def test_an_accreditation_body_flagged_as_not_recognised_fails_whatever_its_rows_say(
    make_body, make_accreditation, make_accreditation_body, need_9001, iso_9001
):
    flagged = make_accreditation_body(
        "IAC",
        standing=Standing.NOT_RECOGNISED,
        standing_note="Not a member or signatory of IAF, as checked on 2026-11-29.",
    )
    body = make_body()
    make_accreditation(body, ab=flagged, schemes=[iso_9001])
    check = _recognised(body, need_9001())
    assert check.outcome == Outcome.FAIL
    assert "not a member or signatory" in check.explanation
    assert any("as checked on 2026-11-29" in item.text for item in check.evidence)


# --- Office in the buyer's country ----------------------------------------------------------


def test_office_check_passes_for_the_head_office_or_an_office_and_warns_otherwise(
    make_body, make_accreditation, make_office, need_9001, iso_9001
):
    body = make_body(country="DE", city="Berlin")
    make_office(body, "FR", city="Lyon", is_accredited_location=True)
    make_accreditation(body, schemes=[iso_9001])
    both = evaluate(loaded(body), need_9001(countries=("DE", "FR")), today=TODAY)
    assert outcome(both, CheckName.OFFICE) == Outcome.PASS
    missing = evaluate(loaded(body), need_9001(countries=("DE", "IT")), today=TODAY)
    check = missing.check(CheckName.OFFICE)
    assert check.outcome == Outcome.WARN
    assert "Italy" in check.explanation
    assert "Germany" not in check.explanation


# --- Data freshness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_checked_on", "expected"),
    [
        (TODAY, Outcome.PASS),
        (datetime.date(2025, 11, 29), Outcome.PASS),  # exactly one year ago
        (datetime.date(2025, 11, 28), Outcome.WARN),  # one year and a day
        (None, Outcome.WARN),
    ],
)
def test_freshness_boundary_is_exactly_one_year(
    last_checked_on, expected, make_body, make_accreditation, need_9001, iso_9001
):
    body = make_body()
    make_accreditation(body, schemes=[iso_9001], last_checked_on=last_checked_on)
    assert (
        outcome(evaluate(loaded(body), need_9001(), today=TODAY), CheckName.FRESHNESS) == expected
    )


def test_one_year_before_a_leap_day_is_the_28th_of_february():
    assert one_year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert one_year_before(datetime.date(2027, 3, 1)) == datetime.date(2026, 3, 1)


# --- Preferred accreditation body, and the best accreditation -----------------------------


def test_a_chosen_accreditation_body_passes_when_it_accredits_and_warns_otherwise(
    make_body, make_accreditation, make_accreditation_body, need_9001, iso_9001
):
    dakks, ukas = make_accreditation_body("DAKKS"), make_accreditation_body("UKAS")
    body = make_body()
    make_accreditation(body, ab=ukas, schemes=[iso_9001])
    assert (
        outcome(
            evaluate(loaded(body), need_9001(accreditation_body=ukas), today=TODAY),
            CheckName.ACCREDITOR,
        )
        == Outcome.PASS
    )
    assert (
        outcome(
            evaluate(loaded(body), need_9001(accreditation_body=dakks), today=TODAY),
            CheckName.ACCREDITOR,
        )
        == Outcome.WARN
    )


def test_the_best_accreditation_for_the_need_is_the_one_evaluated(
    make_body, make_accreditation, make_accreditation_body, need_9001, iso_9001, casco_17025
):
    body = make_body()
    make_accreditation(body, standard=casco_17025)
    make_accreditation(body, schemes=[iso_9001], status=AccreditationStatus.SUSPENDED, number="S-1")
    good = make_accreditation(body, schemes=[iso_9001], number="G-1")
    evaluation = evaluate(loaded(body), need_9001(), today=TODAY)
    assert evaluation.accreditation.pk == good.pk
    assert (evaluation.passed, evaluation.warnings, evaluation.failed) == (5, 0, 0)
    assert evaluation.verdict == Outcome.PASS


def test_every_check_carries_links_to_the_standard_and_accreditation_body_pages(
    make_body, make_accreditation, make_accreditation_body, need_9001, iso_9001
):
    ab = make_accreditation_body("DAKKS")
    body = make_body()
    make_accreditation(body, ab=ab, schemes=[iso_9001])
    evaluation = evaluate(loaded(body), need_9001(), today=TODAY)
    urls = {item.url for check in evaluation.checks for item in check.evidence}
    assert "/accreditation-bodies/dakks/" in urls
    assert "/standards/iso-iec-17021-1/" in urls
