"""Fixtures of the directory tests (filters, page, CSV, browser)."""

import datetime

import pytest

from accreditation.models import BodyKind, Standing
from bodies.models import AccreditationStatus
from tests.conftest import TODAY


@pytest.fixture
def world(
    make_body,
    make_office,
    make_accreditation,
    make_accreditation_body,
    make_sector,
    casco_17021,
    casco_17025,
    iso_9001,
    iso_14001,
):
    """Six bodies whose accreditations differ in one way each (see each comment)."""
    dakks = make_accreditation_body("DAkkS", country="DE")
    ukas = make_accreditation_body("UKAS", country="GB")
    # Listed, but no recognition for any scope.
    lonely = make_accreditation_body("LONE", recognised=False, country="FR")
    flagged = make_accreditation_body(
        "WAF", recognised=False, standing=Standing.NOT_RECOGNISED, country=""
    )
    construction = make_sector(28, "Construction")
    # DE, DAkkS 17021 ISO 9001 for construction: active, recognised.
    alpha = make_body("Alpha Cert", country="DE", city="Bremen", acronym="ACB")
    make_accreditation(
        alpha, ab=dakks, schemes=[iso_9001], sectors=[construction], last_checked_on=TODAY
    )
    # GB with an office in DE; UKAS for ISO 9001 + ISO 14001, DAkkS only for a 17025 lab scope.
    beta = make_body("Beta Assurance", country="GB", city="Leeds")
    make_office(beta, "DE", city="Köln")
    make_accreditation(
        beta,
        ab=ukas,
        schemes=[iso_9001, iso_14001],
        last_checked_on=TODAY - datetime.timedelta(days=30),
    )
    make_accreditation(beta, ab=dakks, standard=casco_17025, last_checked_on=None)
    # FR, ISO 9001 only from a flagged organisation.
    gamma = make_body("Gamma Quality", country="FR", city="Lyon")
    make_accreditation(gamma, ab=flagged, schemes=[iso_9001], last_checked_on=None)
    # FR lab, UKAS 17025, suspended.
    make_accreditation(
        make_body("Delta Labs", country="FR", kind=BodyKind.TESTING_LAB),
        ab=ukas,
        standard=casco_17025,
        status=AccreditationStatus.SUSPENDED,
    )
    # IT, stored active but past its expiry date: expired.
    make_accreditation(
        make_body("Epsilon Cert", country="IT"),
        ab=ukas,
        schemes=[iso_14001],
        granted_on=datetime.date(2020, 1, 1),
        expires_on=TODAY - datetime.timedelta(days=1),
    )
    # ES, ISO 9001 from a listed AB without a recognition.
    make_accreditation(make_body("Zeta Audit", country="ES"), ab=lonely, schemes=[iso_9001])
    # No accreditation at all.
    make_body("Eta Unaccredited", country="DE")
