"""The SQL and the Python of the buyer's checks agree, row for row.

`recognised_q` (SQL, shared with the directory's `recognised` filter) and
`recognitions_for` (Python, in the checks) implement one definition; `candidates()` ranks
bodies in SQL by the number of checks `evaluate` passes. Both are run over the same varied
rows on several days, including the last day of the IAF / ILAC transition and the day after.
"""

import datetime

import pytest

from accreditation.models import (
    BodyKind,
    CooperationLevel,
    RecognitionBasis,
    RecognitionStatus,
    Standing,
)
from bodies.evaluation import evaluate
from bodies.evaluation.recognition import recognitions_for
from bodies.models import Accreditation, AccreditationStatus, Body
from bodies.queries.evaluation import (
    bodies_by_ids,
    bodies_by_slugs,
    candidates,
    evaluation_prefetches,
    ranking,
)
from bodies.queries.needs import load_need
from bodies.queries.recognition import recognised_accreditations
from tests.conftest import TODAY

DAYS = [TODAY, datetime.date(2026, 12, 31), datetime.date(2027, 1, 1), datetime.date(2019, 6, 1)]


@pytest.fixture
def varied(
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_recognition,
    make_cooperation,
    make_office,
    make_sector,
    gac,
    iso_9001,
    iso_14001,
    casco_17025,
):
    """Bodies whose checks differ in every way the checks can differ."""
    ea = make_cooperation("EA", level=CooperationLevel.REGIONAL, arrangement="MLA")
    construction = make_sector(28, "Construction")
    machinery = make_sector(18, "Machinery")
    iaf_only = make_accreditation_body("IAFONLY")  # IAF MLA, found
    unverified = make_accreditation_body("UNVER", recognised=False)
    make_recognition(unverified, basis=RecognitionBasis.UNVERIFIED)
    global_ab = make_accreditation_body("GLOBAL", recognised=False)
    make_recognition(global_ab, arrangement=gac, since=datetime.date(2020, 1, 1))
    sub_9001 = make_accreditation_body("SUB9001", recognised=False)
    make_recognition(sub_9001, scheme=iso_9001)
    sub_14001 = make_accreditation_body("SUB14001", recognised=False)
    make_recognition(sub_14001, scheme=iso_14001)
    suspended = make_accreditation_body("SUSP", recognised=False)
    make_recognition(suspended, status=RecognitionStatus.SUSPENDED)
    regional = make_accreditation_body("REGIONAL", recognised=False)
    make_recognition(regional, arrangement=ea)
    ended = make_accreditation_body("ENDED", recognised=False)
    make_recognition(ended, since=datetime.date(2010, 1, 1), until=datetime.date(2020, 1, 1))
    flagged = make_accreditation_body("FLAGGED", standing=Standing.NOT_RECOGNISED)
    lab_only = make_accreditation_body("LABONLY", recognised=False)
    make_recognition(lab_only, scope=casco_17025)

    specs = [
        (iaf_only, {"schemes": [iso_9001], "sectors": [construction]}),
        (unverified, {"schemes": [iso_9001], "sectors": [machinery]}),
        (global_ab, {"schemes": [iso_9001, iso_14001], "sectors": [construction]}),
        (sub_9001, {"schemes": [iso_9001]}),
        (sub_14001, {"schemes": [iso_9001, iso_14001]}),
        (sub_14001, {"schemes": [iso_14001]}),
        (suspended, {"schemes": [iso_9001]}),
        (regional, {"schemes": [iso_9001]}),
        (ended, {"schemes": [iso_9001]}),
        (flagged, {"schemes": [iso_9001], "sectors": [construction]}),
        (lab_only, {"schemes": [iso_9001]}),
        (iaf_only, {"schemes": [iso_9001], "status": AccreditationStatus.SUSPENDED}),
        (iaf_only, {"schemes": [iso_9001], "status": AccreditationStatus.UNKNOWN}),
        (iaf_only, {"schemes": [iso_9001], "expires_on": TODAY + datetime.timedelta(days=90)}),
        (iaf_only, {"schemes": [iso_9001], "expires_on": TODAY + datetime.timedelta(days=91)}),
        (iaf_only, {"schemes": [iso_9001], "expires_on": None}),
        (iaf_only, {"schemes": [iso_9001], "last_checked_on": datetime.date(2025, 11, 29)}),
        (iaf_only, {"schemes": [iso_9001], "last_checked_on": datetime.date(2025, 11, 28)}),
        (iaf_only, {"schemes": [iso_9001], "last_checked_on": None}),
        (global_ab, {"schemes": [iso_14001]}),
    ]
    bodies = []
    for index, (ab, fields) in enumerate(specs):
        country = ["DE", "FR", "IT"][index % 3]
        body = make_body(f"Body {index:02d}", country=country)
        if index % 4 == 0:
            make_office(body, "DE", city="Hamburg")
        make_accreditation(body, ab=ab, **fields)
        bodies.append(body)
    # A body with two accreditations for the need: the better one must count.
    two = make_body("Body with two", country="DE")
    make_accreditation(two, ab=suspended, schemes=[iso_9001], sectors=[construction])
    make_accreditation(two, ab=global_ab, schemes=[iso_9001], status=AccreditationStatus.UNKNOWN)
    # A testing lab also accredited to ISO/IEC 17021-1 (listed as another kind).
    lab = make_body("Lab body", kind=BodyKind.TESTING_LAB, country="DE")
    make_accreditation(lab, ab=iaf_only, schemes=[iso_9001])
    return {"construction": construction, "global_ab": global_ab}


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("asked_scheme", [None, "iso-9001", "iso-14001"])
def test_sql_and_python_agree_on_which_accreditations_are_recognised(
    varied, day, asked_scheme, iso_9001, iso_14001
):
    scheme = {"iso-9001": iso_9001, "iso-14001": iso_14001}.get(asked_scheme)
    in_sql = set(recognised_accreditations(on=day, scheme=scheme).values_list("pk", flat=True))
    bodies = bodies_by_slugs(list(Body.objects.values_list("slug", flat=True)))
    everything = [a for body in bodies for a in body.accreditations.all()]
    in_python = {a.pk for a in everything if recognitions_for(a, day=day, scheme=scheme)}
    assert len(everything) == Accreditation.objects.count()
    assert in_sql == in_python
    assert in_sql, "the population must contain recognised accreditations"
    assert len(in_sql) < len(everything), "and accreditations that are not"


NEEDS = [
    {"what": "iso-9001"},
    {"what": "iso-9001", "countries": ("DE",)},
    {"what": "iso-9001", "countries": ("DE", "FR"), "sector_code": 28},
    {"what": "iso-14001", "countries": ("IT",)},
    {"what": "iso-9001", "countries": ("DE",), "accreditor_slug": "global"},
    {"what": "iso-9001", "countries": ("DE",), "office_required": True},
]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("answers", NEEDS)
def test_candidate_rank_in_sql_equals_the_checks_passed_in_python(varied, day, answers):
    need = load_need(**answers)
    ranked = list(candidates(need, today=day).prefetch_related(*evaluation_prefetches()))
    assert ranked, "the need must have candidates"
    scores = [body.score for body in ranked]
    passed = [evaluate(body, need, today=day).passed for body in ranked]
    assert scores == passed
    assert scores == sorted(scores, reverse=True)
    if "accreditor_slug" not in answers:
        assert len(set(scores)) > 1, "the population must rank bodies differently"


def test_candidates_are_the_bodies_accredited_for_the_scheme_narrowed_by_country_if_asked(
    varied,
):
    everywhere = load_need(what="iso-14001", countries=("DE",))
    names = {body.name for body in candidates(everywhere, today=TODAY)}
    assert names == {"Body 02", "Body 04", "Body 05", "Body 19"}
    narrowed = load_need(what="iso-14001", countries=("DE",), office_required=True)
    # Body 04 has a Hamburg office; Body 02 (IT), 05 (IT) and 19 (FR) have none in DE.
    assert {body.name for body in candidates(narrowed, today=TODAY)} == {"Body 04"}


@pytest.mark.parametrize("answers", NEEDS)
def test_loading_only_the_needs_recognitions_changes_no_verdict(varied, answers):
    need = load_need(**answers)
    ids = [pk for pk, _score in ranking(need, today=TODAY)]
    narrow = bodies_by_ids(ids, need=need)
    full = bodies_by_slugs([body.slug for body in narrow])

    def outcomes(bodies):
        return [
            [(c.name, c.outcome, c.explanation) for c in evaluate(b, need, today=TODAY).checks]
            for b in bodies
        ]

    assert outcomes(narrow) == outcomes(full)
    assert [score for _pk, score in ranking(need, today=TODAY)] == [
        evaluate(body, need, today=TODAY).passed for body in narrow
    ]
