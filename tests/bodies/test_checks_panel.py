"""The body page's panel: the usual buyer's three checks per accreditation, with evidence."""

import pytest

from accreditation.models import RecognitionBasis, Standing
from bodies.models import AccreditationStatus


def html(response) -> str:
    return response.content.decode()


def panel(page: str) -> str:
    start = page.index('class="checks-panel"')
    return page[start : page.index("</section>\n", page.index("Check bodies against", start))]


def test_an_accredited_recognised_body_passes_the_three_checks_with_evidence(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    body = make_body("Alpha Zertifizierung")
    make_accreditation(
        body, ab=make_accreditation_body("DAKKS"), number="D-ZM-1", schemes=[iso_9001]
    )
    section = panel(html(client.get(body.get_absolute_url())))
    assert "Three checks before you choose" in section
    assert "all three checks pass" in section
    assert section.count('class="badge badge--pass">Pass') == 3
    assert "the CASCO standard that governs a management-system certification body" in section
    assert "DAKKS is a signatory of the IAF MLA for ISO/IEC 17021-1" in section
    assert "IAF MLA ISO/IEC 17021-1: Signatory" in section  # evidence: the recognition row
    assert 'href="/accreditation-bodies/dakks/"' in section
    assert 'href="/standards/iso-iec-17021-1/"' in section


def test_failing_checks_say_why(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001
):
    flagged = make_accreditation_body("IAC", standing=Standing.NOT_RECOGNISED)
    body = make_body("Omega Certs")
    make_accreditation(body, ab=flagged, schemes=[iso_9001], status=AccreditationStatus.WITHDRAWN)
    section = panel(html(client.get(body.get_absolute_url())))
    assert "a check fails" in section
    assert "The accreditation has been withdrawn" in section
    assert (
        "IAC is not a member or signatory of any international accreditation arrangement" in section
    )


def test_each_accreditation_gets_its_own_verdict(
    client, make_body, make_accreditation, make_accreditation_body, make_recognition, iso_9001
):
    unverified = make_accreditation_body("UNVER", recognised=False)
    make_recognition(unverified, basis=RecognitionBasis.UNVERIFIED)
    body = make_body()
    make_accreditation(body, ab=make_accreditation_body("DAKKS"), schemes=[iso_9001])
    make_accreditation(body, ab=unverified, schemes=[iso_9001])
    section = panel(html(client.get(body.get_absolute_url())))
    assert "all three checks pass" in section
    assert "check the warnings" in section
    assert "(unverified)" in section


def test_a_body_without_accreditation_is_told_plainly(client, make_body):
    body = make_body()
    section = panel(html(client.get(body.get_absolute_url())))
    assert (
        "No accreditation is recorded for this body, so none of the three checks can pass"
        in section
    )


@pytest.mark.parametrize("n", [1, 6])
def test_the_panel_adds_one_query_whatever_the_number_of_accreditations(
    n, client, make_body, make_accreditation, iso_9001, django_assert_num_queries
):
    body = make_body()
    for _ in range(n):
        make_accreditation(body, schemes=[iso_9001])
    # demo banner, body, offices, accreditations, schemes, sectors, recognitions (the panel's),
    # the status timeline, the certificate counts by scheme
    with django_assert_num_queries(9):
        client.get(body.get_absolute_url())
