"""/complaints/: the route in plain words, and the report form."""

import pytest
from django.test import Client
from django.urls import reverse

from accreditation.models import CooperationLevel
from complaints.models import Report, ReportKind, ReportStatus


def report_data(**overrides) -> dict[str, str]:
    data = {
        "kind": ReportKind.FAKE_CERTIFICATE,
        "subject_text": "Certificate QMA-7 of Foo Ltd",
        "description": "A supplier sent us a certificate that the body says it never issued.",
        "email": "buyer@example.org",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_route_is_explained_in_plain_words(client, db):
    html = client.get(reverse("complaints:index")).content.decode()
    assert "The certified organisation." in html
    assert "Its certification body." in html
    assert "That body's accreditation body." in html
    assert "Global Accreditation Cooperation" in html
    assert "ISO writes standards; it does not certify anyone" in html


def test_the_route_for_a_certificate_links_its_body_its_ab_and_their_cooperations(
    client, certified, make_cooperation
):
    ea = make_cooperation(
        "EA", level=CooperationLevel.REGIONAL, name="European co-operation for Accreditation"
    )
    make_cooperation("Global Accreditation Cooperation", arrangement="MRA")
    ab = certified.accreditation.accreditation_body
    ab.region = ea
    ab.save()
    url = reverse("complaints:index") + f"?certificate={certified.pk}"
    html = client.get(url).content.decode()
    assert "The route for Quillmoor Assurance" in html
    assert "Brightwater Foundry GmbH" in html
    assert certified.issuing_body.get_absolute_url() in html
    assert ab.get_absolute_url() in html
    assert "European co-operation for Accreditation" in html


def test_a_report_about_a_certificate_is_recorded_for_staff(client, certified):
    form = client.get(reverse("complaints:report") + f"?certificate={certified.pk}")
    assert "About certificate QMA-2025-0042 issued by Quillmoor Assurance" in form.content.decode()
    response = client.post(
        reverse("complaints:report"), report_data(certificate=str(certified.pk), subject_text="")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:received")
    report = Report.objects.get()
    assert report.certificate == certified
    assert report.body == certified.issuing_body
    assert report.status == ReportStatus.NEW
    assert report.email == "buyer@example.org"


def test_a_typed_subject_naming_one_of_our_bodies_is_linked_to_it(client, certified):
    client.post(reverse("complaints:report"), report_data(subject_text="Quillmoor Assurance"))
    assert Report.objects.get().body == certified.issuing_body


def test_the_reporters_email_is_never_shown_publicly(client, certified):
    client.post(reverse("complaints:report"), report_data(body="quillmoor"))
    for url in [
        reverse("complaints:received"),
        reverse("complaints:index") + "?body=quillmoor",
        certified.issuing_body.get_absolute_url(),
        certified.get_absolute_url(),
    ]:
        assert "buyer@example.org" not in client.get(url).content.decode()


def test_the_form_explains_what_is_missing(client, db):
    response = client.post(
        reverse("complaints:report"), report_data(subject_text="", description="bad")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Name the body or the certificate the report is about." in html
    assert "Please describe what happened" in html
    assert not Report.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("complaints:report"), report_data())
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_the_form_carries_a_csrf_token_and_a_hidden_honeypot(client, db):
    html = client.get(reverse("complaints:report")).content.decode()
    assert "csrfmiddlewaretoken" in html
    assert 'class="honeypot" aria-hidden="true"' in html
    assert "Leave this field empty" in html


def test_a_filled_honeypot_looks_accepted_but_stores_nothing(client, db):
    response = client.post(reverse("complaints:report"), report_data(website="http://spam"))
    assert response.status_code == 302
    assert not Report.objects.exists()


def test_reports_are_rate_limited_per_address(client, db, settings):
    settings.CERTDIR_RATE_COMPLAINTS = "2/h"
    for _ in range(2):
        assert client.post(reverse("complaints:report"), report_data()).status_code == 302
    response = client.post(reverse("complaints:report"), report_data())
    assert response.status_code == 429
    assert Report.objects.count() == 2


@pytest.mark.parametrize("certificate", ["abc", "99999999999999999999999", "-1"])
def test_odd_certificate_parameters_do_not_break_the_pages(client, db, certificate):
    assert client.get(reverse("complaints:index"), {"certificate": certificate}).status_code == 200
    assert client.get(reverse("complaints:report"), {"certificate": certificate}).status_code == 200


@pytest.mark.parametrize("body", ["a\x00b", "<script>", "quillmoor' OR '1'='1"])
def test_a_body_parameter_that_cannot_be_an_address_shows_the_general_route(client, db, body):
    """PostgreSQL refuses text with NUL bytes outright: such input must never reach a query."""
    for name in ("complaints:index", "complaints:report"):
        response = client.get(reverse(name), {"body": body})
        assert response.status_code == 200
        assert response.context["route"].body is None


def test_a_posted_body_that_cannot_be_an_address_is_an_invalid_choice(client, certified):
    response = client.post(reverse("complaints:report"), report_data(body="quillmoor\x00"))
    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not Report.objects.exists()
