"""Detail and list pages show the records they are about; unknown slugs are 404s."""

import pytest


def test_body_page_shows_its_accreditations(client, make_body, make_accreditation, iso_9001):
    body = make_body("Quillmoor Assurance", city="Bremen")
    make_accreditation(body, number="D-ZM-1234", schemes=[iso_9001])
    response = client.get(body.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quillmoor Assurance" in html
    assert "D-ZM-1234" in html
    assert "ISO 9001" in html


def test_accreditation_body_page_lists_recognitions_and_bodies(
    client, make_body, make_accreditation
):
    accreditation = make_accreditation(make_body("Brightwater Certification"))
    response = client.get(accreditation.accreditation_body.get_absolute_url())
    html = response.content.decode()
    assert "IAF MLA" in html
    assert "Brightwater Certification" in html


def test_standard_page_names_the_casco_standard_of_a_scheme(client, iso_9001):
    response = client.get(iso_9001.get_absolute_url())
    assert "ISO/IEC 17021-1" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/bodies/no-such-body/", "/accreditation-bodies/nope/", "/standards/iso-0/"]
)
def test_unknown_slug_is_a_404_in_the_site_style(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
