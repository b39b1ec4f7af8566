"""/evaluate/: every step is a GET URL; bad answers go back to their step; the result ranks."""

import datetime

import pytest
from django.utils import timezone

from accreditation.models import BodyKind, StandardKind
from bodies.models import AccreditationStatus
from bodies.queries.needs import need_choices
from bodies.queries.site import demo_data_present

URL = "/evaluate/"


@pytest.fixture
def population(make_body, make_accreditation, make_accreditation_body, make_sector, iso_9001):
    """Three ISO 9001 bodies for Germany that pass different numbers of checks."""
    construction = make_sector(28, "Construction")
    make_sector(18, "Machinery and equipment")
    dakks = make_accreditation_body("DAKKS", country="DE")
    today = timezone.localdate()
    best = make_body("Alpha Zertifizierung", country="DE")
    make_accreditation(
        best, ab=dakks, schemes=[iso_9001], sectors=[construction], last_checked_on=today
    )
    weaker = make_body("Beta Certification", country="FR")
    make_accreditation(weaker, ab=dakks, schemes=[iso_9001], last_checked_on=today)
    suspended = make_body("Gamma Registrar", country="DE")
    make_accreditation(
        suspended,
        ab=dakks,
        schemes=[iso_9001],
        sectors=[construction],
        status=AccreditationStatus.SUSPENDED,
        last_checked_on=today,
    )
    return {"best": best, "weaker": weaker, "suspended": suspended}


def html(response) -> str:
    return response.content.decode()


def test_the_first_step_asks_what_needs_certifying(client, iso_9001):
    response = client.get(URL)
    page = html(response)
    assert response.status_code == 200
    assert "What do you need certified or assessed?" in page
    assert 'value="iso-9001"' in page
    assert 'aria-current="step"' in page


def test_each_step_is_a_get_url_carrying_earlier_answers(client, iso_9001, make_sector):
    make_sector(28, "Construction")
    where = html(client.get(URL, {"what": "iso-9001", "step": "where"}))
    assert "Countries of your sites" in where
    assert '<input type="hidden" name="what" value="iso-9001">' in where
    sector = html(client.get(URL, {"what": "iso-9001", "country": "DE", "step": "sector"}))
    assert "28 — Construction" in sector
    assert '<input type="hidden" name="country" value="DE">' in sector
    prefs = html(
        client.get(
            URL, {"what": "iso-9001", "country": "DE", "sector": "28", "step": "preferences"}
        )
    )
    assert "Only bodies with an office or accredited location in my countries" in prefs
    assert '<input type="hidden" name="sector" value="28">' in prefs


def test_without_a_step_the_first_unanswered_question_is_shown(client, iso_9001):
    page = html(client.get(URL, {"what": "iso-9001"}))
    assert "Countries of your sites" in page


def test_an_unknown_scheme_returns_to_the_what_step_with_the_error(client, iso_9001):
    response = client.get(URL, {"what": "iso-0000", "country": "DE", "step": "result"})
    page = html(response)
    assert response.status_code == 200
    assert "What do you need certified or assessed?" in page
    assert "Select a valid choice" in page
    assert 'aria-invalid="true"' in page


def test_an_unknown_country_returns_to_the_where_step_with_the_error(client, iso_9001):
    page = html(client.get(URL, {"what": "iso-9001", "country": ["DE", "XX"], "step": "sector"}))
    assert "Countries of your sites" in page
    assert "XX is not a country we know." in page


def test_no_country_returns_to_the_where_step(client, iso_9001):
    page = html(client.get(URL, {"what": "iso-9001", "step": "sector"}))
    assert "Choose at least one country." in page


def test_too_many_countries_is_an_error_at_the_where_step(client, iso_9001):
    codes = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "CH", "CZ", "DK"]
    page = html(client.get(URL, {"what": "iso-9001", "country": codes, "step": "sector"}))
    assert "Choose at most 10 countries." in page


def test_a_sector_outside_the_iaf_codes_returns_to_the_sector_step(client, iso_9001, make_sector):
    make_sector(28, "Construction")
    page = html(
        client.get(URL, {"what": "iso-9001", "country": "DE", "sector": "99", "step": "result"})
    )
    assert "99 is not an IAF sector code (1 to 39)." in page
    assert "Search the sectors" in page


def test_an_unknown_accreditation_body_returns_to_the_preferences_step(client, iso_9001):
    page = html(
        client.get(
            URL, {"what": "iso-9001", "country": "DE", "accreditor": "nope", "step": "result"}
        )
    )
    assert "nope is not an accreditation body we list." in page


def test_bad_input_is_escaped_never_executed(client, iso_9001):
    page = html(
        client.get(URL, {"what": "iso-9001", "country": "<script>x</script>", "step": "sector"})
    )
    assert "<script>x</script>" not in page.lower()
    assert "&lt;script&gt;x&lt;/script&gt; is not a country we know." in page.lower()


def test_the_sector_list_is_searchable_on_the_server(client, iso_9001, make_sector):
    make_sector(28, "Construction")
    make_sector(33, "Information technology")
    page = html(
        client.get(
            URL, {"what": "iso-9001", "country": "DE", "step": "sector", "sector_q": "constr"}
        )
    )
    assert "28 — Construction" in page
    assert "33 — Information technology" not in page
    nothing = html(
        client.get(URL, {"what": "iso-9001", "country": "DE", "step": "sector", "sector_q": "zzz"})
    )
    assert "No sector matches “zzz”: all sectors are listed." in nothing
    assert "33 — Information technology" in nothing


def test_the_result_ranks_candidates_by_checks_passed_with_their_checklists(client, population):
    response = client.get(
        URL, {"what": "iso-9001", "country": "DE", "sector": "28", "step": "result"}
    )
    page = html(response)
    assert "3 accredited bodies" in page
    order = [
        page.index(name)
        for name in ("Alpha Zertifizierung", "Gamma Registrar", "Beta Certification")
    ]
    # Alpha passes all 7; Gamma 6 (suspended); Beta 5 (no sector 28, no office in Germany).
    assert order == sorted(order)
    assert "7 of 7 checks passed" in page
    assert "6 of 7 checks passed" in page
    assert "5 of 7 checks passed" in page
    assert "The accreditation is suspended" in page
    assert "No office or accredited location is recorded in Germany" in page
    assert 'href="/accreditation-bodies/dakks/"' in page
    assert 'href="/standards/iso-iec-17021-1/"' in page
    assert "Add to shortlist" in page
    assert "/compare/?bodies=" in page


def test_the_office_preference_narrows_the_candidates_to_the_buyers_countries(client, population):
    page = html(
        client.get(URL, {"what": "iso-9001", "country": "DE", "office": "1", "step": "result"})
    )
    assert "2 accredited bodies" in page
    assert "Beta Certification" not in page


def test_the_accreditor_preference_narrows_the_candidates(
    client, population, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    ukas = make_accreditation_body("UKAS")
    make_accreditation(make_body("Delta Assessors", country="DE"), ab=ukas, schemes=[iso_9001])
    page = html(
        client.get(
            URL, {"what": "iso-9001", "country": "DE", "accreditor": "ukas", "step": "result"}
        )
    )
    assert "1 accredited body" in page
    assert "Delta Assessors" in page
    assert "Accredited by UKAS, as you asked." in page


def test_a_non_scheme_need_lists_bodies_of_that_kind(
    client, make_body, make_accreditation, make_accreditation_body, make_recognition, casco_17025
):
    ab = make_accreditation_body("LABAB", recognised=False)
    make_recognition(ab, scope=casco_17025)
    make_accreditation(
        make_body("Epsilon Labs", kind=BodyKind.TESTING_LAB), ab=ab, standard=casco_17025
    )
    page = html(client.get(URL, {"what": BodyKind.TESTING_LAB, "country": "DE", "step": "result"}))
    assert "Epsilon Labs" in page
    assert "1 accredited body" in page


def test_no_candidate_is_said_plainly(client, iso_9001):
    page = html(client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result"}))
    assert "We list no body accredited for ISO 9001 that matches your answers." in page


def test_the_result_remembers_the_need_in_an_existing_session(client, population):
    client.post("/shortlist/add/", {"body": population["weaker"].slug})
    client.get(URL, {"what": "iso-9001", "country": "DE", "sector": "28", "step": "result"})
    assert client.session["evaluation_need"] == [
        ["what", "iso-9001"],
        ["country", "DE"],
        ["sector", "28"],
    ]


def test_the_result_creates_no_session_for_a_visitor_without_one(client, population):
    response = client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result"})
    assert "sessionid" not in response.cookies


def test_adding_a_body_from_a_result_remembers_that_need(client, population):
    result = "/evaluate/?what=iso-9001&country=FR&sector=28&step=result"
    client.post("/shortlist/add/", {"body": population["best"].slug, "next": result})
    assert client.session["evaluation_need"] == [
        ["what", "iso-9001"],
        ["country", "FR"],
        ["sector", "28"],
    ]
    client.post("/shortlist/add/", {"body": population["weaker"].slug, "next": "/bodies/x/"})
    assert client.session["evaluation_need"][1] == ["country", "FR"]


def test_large_results_are_paginated_and_links_keep_the_answers(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    ab = make_accreditation_body("DAKKS")
    for index in range(23):
        make_accreditation(make_body(f"Body {index:02d}"), ab=ab, schemes=[iso_9001])
    page = html(client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result"}))
    assert "Page 1 of 3" in page
    assert "what=iso-9001&amp;country=DE&amp;sector=&amp;step=result&amp;page=2" in page
    last = html(
        client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result", "page": "3"})
    )
    assert "Body 22" in last
    assert "Body 00" not in last
    assert '<ol class="candidates" start="21"' in last
    garbage = client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result", "page": "x"})
    assert garbage.status_code == 200


def _result_with(n, make_body, make_accreditation, ab, scheme, sector):
    for index in range(n):
        body = make_body(f"Candidate {index}")
        make_accreditation(body, ab=ab, schemes=[scheme], sectors=[sector])


@pytest.mark.parametrize("n", [1, 15])
def test_the_result_runs_a_fixed_number_of_queries(
    n,
    client,
    django_assert_num_queries,
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_sector,
    iso_9001,
):
    ab = make_accreditation_body("DAKKS")
    sector = make_sector(28)
    _result_with(n, make_body, make_accreditation, ab, iso_9001, sector)
    params = {"what": "iso-9001", "country": "DE", "sector": "28", "step": "result"}
    need_choices(), demo_data_present()  # cached site-wide
    # scheme, sector, the ranking (cached after), bodies of the page + 5 prefetches
    with django_assert_num_queries(9):
        client.get(URL, params)
    with django_assert_num_queries(8):
        response = client.get(URL, params)
    assert html(response).count("Add to shortlist") == min(n, 10)


def test_expired_status_shows_as_a_failed_check_in_the_result(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    ab = make_accreditation_body("DAKKS")
    make_accreditation(
        make_body("Old Cert"),
        ab=ab,
        schemes=[iso_9001],
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    page = html(client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result"}))
    assert "The accreditation expired on" in page


def test_a_scheme_without_a_known_casco_standard_is_not_offered(client, make_standard):
    make_standard("ISO 99999", kind=StandardKind.SCHEME)
    assert 'value="iso-99999"' not in html(client.get(URL))


def test_a_body_accredited_only_by_flagged_organisations_is_flagged_in_the_result(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    from accreditation.models import Standing

    flagged = make_accreditation_body("IAC", standing=Standing.NOT_RECOGNISED)
    make_accreditation(make_body("Omega Certs"), ab=flagged, schemes=[iso_9001])
    make_accreditation(make_body("Alpha"), ab=make_accreditation_body("DAKKS"), schemes=[iso_9001])
    page = html(client.get(URL, {"what": "iso-9001", "country": "DE", "step": "result"}))
    assert page.count("badge--flagged") == 1
    omega = page[page.index("Omega Certs") :]
    assert "no international arrangement recognises" in omega[: omega.index("checks passed")]
