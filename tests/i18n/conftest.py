"""A small directory with every kind of public page filled, for the language, accessibility
and layout tests; `public_pages` lists their English addresses."""

import datetime

import pytest

from tests.conftest import NOW


@pytest.fixture
def i18n_site(
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_sector,
    make_office,
    make_certificate,
    make_survey_figure,
    make_status_change,
    iso_9001,
):
    """Two accredited bodies (one with a certificate and a status history), a recognised AB
    and ISO Survey figures."""
    dakks = make_accreditation_body("DAKKS", name="Deutsche Akkreditierungsstelle", country="DE")
    construction = make_sector(28, "Construction")
    alpha = make_body(
        "Alpha Zertifizierung",
        slug="alpha",
        acronym="AZ",
        country="DE",
        city="Berlin",
        certificates_updated_at=NOW,
    )
    make_office(alpha, "FR", city="Lyon")
    accreditation = make_accreditation(
        alpha, ab=dakks, number="D-ZM-1", schemes=[iso_9001], sectors=[construction]
    )
    make_status_change(
        accreditation, "suspended", datetime.date(2025, 3, 1), old_status="active", source="DAkkS"
    )
    make_status_change(
        accreditation, "active", datetime.date(2025, 6, 1), old_status="suspended", source="DAkkS"
    )
    make_certificate(
        alpha,
        scheme=iso_9001,
        accreditation=accreditation,
        sectors=[construction],
        number="AZ-2025-0001",
        holder_name="Brightwater Foundry GmbH",
    )
    beta = make_body("Beta Certification", slug="beta", country="FR", city="Paris")
    make_accreditation(beta, ab=dakks, number="D-ZM-2", schemes=[iso_9001], sectors=[construction])
    for year, count in ((2023, 1_200_000), (2024, 1_265_216)):
        make_survey_figure(year, count, standard=iso_9001)
    make_survey_figure(2024, 123_456, standard=iso_9001, country="DE")
    return {"body": alpha, "other": beta, "ab": dakks, "scheme": iso_9001}


PUBLIC_PAGES = [
    "/",
    "/bodies/",
    "/bodies/alpha/",
    "/accreditation-bodies/",
    "/accreditation-bodies/dakks/",
    "/standards/",
    "/standards/iso-9001/",
    "/evaluate/",
    "/evaluate/?what=iso-9001&country=DE&sector=28&step=result",
    "/compare/?bodies=alpha,beta",
    "/shortlist/",
    "/verify/",
    "/verify/?number=AZ-2025-0001",
    "/statistics/",
    "/complaints/",
    "/complaints/report/",
]


@pytest.fixture
def public_pages(i18n_site) -> list[str]:
    return PUBLIC_PAGES
