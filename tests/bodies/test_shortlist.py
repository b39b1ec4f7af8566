"""The shortlist: add / remove by POST (plain form or htmx), the limit, CSRF, the page."""

import pytest
from django.test import Client
from django.utils import timezone

from bodies.models import AccreditationStatus
from bodies.shortlist import MAX_BODIES

ADD, REMOVE, PAGE = "/shortlist/add/", "/shortlist/remove/", "/shortlist/"


def html(response) -> str:
    return response.content.decode()


def set_session(client, **values):
    session = client.session
    session.update(values)
    session.save()


@pytest.fixture
def accredited(make_body, make_accreditation, make_accreditation_body, iso_9001):
    ab = make_accreditation_body("DAKKS")

    def make(name, **fields):
        body = make_body(name, **fields)
        make_accreditation(body, ab=ab, schemes=[iso_9001], last_checked_on=timezone.localdate())
        return body

    return make


def test_adding_without_javascript_redirects_back_and_counts_in_the_header(client, accredited):
    body = accredited("Alpha Zertifizierung")
    response = client.post(ADD, {"body": body.slug, "next": body.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == body.get_absolute_url()
    assert client.session["shortlist"] == [body.slug]
    page = html(client.get(body.get_absolute_url()))
    assert "Alpha Zertifizierung is on your shortlist." in page
    assert 'id="shortlist-count" class="shortlist-count">1<' in page
    assert "Remove from shortlist" in page


def test_adding_with_htmx_swaps_the_button_and_updates_the_count_out_of_band(client, accredited):
    body = accredited("Alpha Zertifizierung")
    response = client.post(
        ADD, {"body": body.slug, "next": "/evaluate/?what=iso-9001"}, headers={"HX-Request": "true"}
    )
    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith("<form")
    assert "Remove from shortlist" in page
    assert 'hx-swap-oob="true">1<' in page
    assert 'name="next" value="/evaluate/?what=iso-9001"' in page
    assert "<html" not in page


def test_removing_takes_the_body_off(client, accredited):
    body = accredited("Alpha Zertifizierung")
    set_session(client, shortlist=[body.slug])
    response = client.post(REMOVE, {"body": body.slug}, headers={"HX-Request": "true"})
    assert "Add to shortlist" in html(response)
    assert 'hx-swap-oob="true">0<' in html(response)
    assert client.session["shortlist"] == []


def test_the_shortlist_holds_at_most_ten_bodies_with_a_clear_message(client, accredited):
    bodies = [accredited(f"Body {index:02d}") for index in range(MAX_BODIES + 1)]
    for body in bodies[:MAX_BODIES]:
        client.post(ADD, {"body": body.slug})
    response = client.post(ADD, {"body": bodies[-1].slug}, follow=True)
    assert "already holds 10 bodies, the most it can: remove one before adding Body 10" in html(
        response
    )
    assert len(client.session["shortlist"]) == MAX_BODIES
    assert bodies[-1].slug not in client.session["shortlist"]
    htmx = client.post(ADD, {"body": bodies[-1].slug}, headers={"HX-Request": "true"})
    assert 'role="alert"' in html(htmx)
    assert "the most it can" in html(htmx)


def test_adding_twice_keeps_one_entry(client, accredited):
    body = accredited("Alpha")
    client.post(ADD, {"body": body.slug})
    client.post(ADD, {"body": body.slug})
    assert client.session["shortlist"] == [body.slug]


@pytest.mark.parametrize("slug", ["no-such-body", "<script>alert(1)</script>", ""])
def test_an_unknown_body_is_refused_with_a_message(client, db, slug):
    response = client.post(ADD, {"body": slug}, follow=True)
    assert response.status_code == 200
    assert "That body is not in the directory." in html(response)
    assert "shortlist" not in client.session


def test_posting_requires_the_csrf_token(db, accredited):
    body = accredited("Alpha")
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(ADD, {"body": body.slug}).status_code == 403
    browser.get(body.get_absolute_url())
    token = browser.cookies["csrftoken"].value
    response = browser.post(ADD, {"body": body.slug, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert browser.session["shortlist"] == [body.slug]


def test_the_button_form_carries_the_csrf_token(client, accredited):
    body = accredited("Alpha")
    page = html(client.get(body.get_absolute_url()))
    form = page[page.index('class="shortlist-button"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]


def test_get_on_a_mutation_is_not_allowed(client, db):
    assert client.get(ADD).status_code == 405
    assert client.get(REMOVE).status_code == 405


def test_next_pointing_to_another_site_is_ignored(client, accredited):
    body = accredited("Alpha")
    response = client.post(ADD, {"body": body.slug, "next": "https://evil.example/"})
    assert response["Location"] == PAGE


@pytest.mark.parametrize(
    "stored",
    [
        "not-a-list",
        {"a": 1},
        [1, None, ["x"], "<script>", "x" * 500],
    ],
)
def test_tampered_session_data_is_ignored(client, accredited, stored):
    body = accredited("Alpha")
    set_session(client, shortlist=stored, evaluation_need="garbage")
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Your shortlist is empty." in html(response)
    assert 'class="shortlist-count">0<' in html(response)
    client.post(ADD, {"body": body.slug})
    assert client.session["shortlist"] == [body.slug]


def test_session_entries_beyond_the_limit_or_gone_from_the_directory_are_skipped(
    client, accredited
):
    bodies = [accredited(f"Body {index:02d}") for index in range(12)]
    set_session(client, shortlist=["gone-body", *[body.slug for body in bodies]])
    page = html(client.get(PAGE))
    assert "Body 08" in page
    assert "Body 09" not in page  # 11th entry: beyond the limit
    assert "gone-body" not in page


def test_the_page_shows_the_checks_for_the_need_of_the_last_evaluation(
    client, accredited, make_sector
):
    make_sector(28, "Construction")
    body = accredited("Alpha Zertifizierung", country="DE")
    client.post(ADD, {"body": body.slug})
    client.get("/evaluate/", {"what": "iso-9001", "country": "FR", "step": "result"})
    page = html(client.get(PAGE))
    assert "Where" in page and "France" in page
    assert "Checked against your need" in page
    assert "5 of 6 checks passed" in page
    assert "No office or accredited location is recorded in France" in page


def test_a_need_in_the_address_wins_over_the_session(client, accredited):
    body = accredited("Alpha Zertifizierung", country="DE")
    set_session(
        client, shortlist=[body.slug], evaluation_need=[["what", "iso-9001"], ["country", "FR"]]
    )
    page = html(client.get(PAGE, {"what": "iso-9001", "country": "DE"}))
    assert "6 of 6 checks passed" in page


def test_without_a_need_the_page_shows_the_three_core_checks(client, accredited):
    body = accredited("Alpha Zertifizierung")
    set_session(client, shortlist=[body.slug])
    page = html(client.get(PAGE))
    assert "No need chosen yet" in page
    assert "all three checks pass" in page


def test_a_broken_need_in_the_address_is_reported_not_a_500(client, accredited):
    body = accredited("Alpha")
    set_session(client, shortlist=[body.slug])
    response = client.get(PAGE, {"what": "iso-9001", "country": "ZZ"})
    assert response.status_code == 200
    assert "could not be used" in html(response)


def test_the_compare_form_ticks_the_first_five(client, accredited):
    bodies = [accredited(f"Body {index:02d}") for index in range(6)]
    set_session(client, shortlist=[body.slug for body in bodies])
    page = html(client.get(PAGE))
    assert page.count('form="compare-form" name="bodies"') == 6
    assert page.count('form="compare-form" name="bodies" value="test-body') == 6
    assert page.count(" checked>") == 5


@pytest.mark.parametrize("n", [1, 10])
def test_the_page_runs_a_fixed_number_of_queries(n, client, accredited, django_assert_num_queries):
    bodies = [accredited(f"Body {index:02d}") for index in range(n)]
    set_session(
        client,
        shortlist=[body.slug for body in bodies],
        evaluation_need=[["what", "iso-9001"], ["country", "DE"], ["sector", ""]],
    )
    client.get(PAGE)  # warm the choice lists
    # session, scheme, bodies + 5 prefetches, certificate counts
    with django_assert_num_queries(9):
        response = client.get(PAGE)
    assert html(response).count("Remove from shortlist") == n


def test_a_suspended_body_on_the_shortlist_fails_the_active_check(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    body = make_body("Gamma")
    make_accreditation(
        body,
        ab=make_accreditation_body("DAKKS"),
        schemes=[iso_9001],
        status=AccreditationStatus.SUSPENDED,
    )
    set_session(client, shortlist=[body.slug])
    assert "The accreditation is suspended" in html(
        client.get(PAGE, {"what": "iso-9001", "country": "DE"})
    )


def test_each_entry_says_when_its_data_was_last_checked_and_flags_unrecognised_accreditors(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    from accreditation.models import Standing

    body = make_body("Omega Certs")
    flagged = make_accreditation_body("IAC", standing=Standing.NOT_RECOGNISED)
    make_accreditation(
        body,
        ab=flagged,
        number="X-1",
        schemes=[iso_9001],
        last_checked_on=timezone.localdate().replace(day=1),
    )
    set_session(client, shortlist=[body.slug])
    page = html(client.get(PAGE))
    expected = timezone.localdate().replace(day=1).isoformat()
    assert f"Accreditation data last checked: IAC X-1 ISO/IEC 17021-1: {expected}" in page
    assert "badge--flagged" in page
