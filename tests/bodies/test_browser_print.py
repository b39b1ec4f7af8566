"""Printing: a full 5-body comparison and a full shortlist each fit one A4 landscape page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page


def pdf_pages(page: Page) -> int:
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.fixture
def busy_bodies(
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_sector,
    make_office,
    make_certificate,
    make_standard,
    iso_9001,
    iso_14001,
    casco_17025,
):
    """Ten bodies with long names, three offices, two accreditations, six schemes, many sectors."""
    dakks = make_accreditation_body("DAKKS", country="DE")
    sectors = [make_sector(code) for code in range(1, 29)]
    schemes = [iso_9001, iso_14001] + [
        make_standard(f"ISO {n}", casco=iso_9001.casco_standard) for n in (45001, 50001, 22000)
    ]
    slugs = []
    for index in range(10):
        body = make_body(
            f"Body Number {index} Zertifizierung und Prüfung GmbH",
            country="DE",
            city="Frankfurt am Main",
            slug=f"busy-{index}",
            certificates_updated_at=timezone.now(),
        )
        make_office(body, "FR", city="Lyon")
        make_office(body, "PL", city="Warsaw")
        accreditation = make_accreditation(
            body,
            ab=dakks,
            schemes=schemes,
            sectors=sectors[: 8 + index],
            last_checked_on=timezone.localdate(),
        )
        make_accreditation(body, ab=dakks, standard=casco_17025, number=f"D-PL-{index}")
        for scheme in schemes:
            make_certificate(body, scheme=scheme, accreditation=accreditation)
        slugs.append(body.slug)
    return slugs


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_five_body_comparison_with_a_need_prints_on_one_a4_landscape_page(
    page: Page, live_server, busy_bodies
):
    bodies = ",".join(busy_bodies[:5])
    page.goto(
        f"{live_server.url}/compare/?bodies={bodies}&what=iso-9001&country=DE&country=FR&sector=28"
    )
    assert page.locator("tbody tr").count() > 15
    assert pdf_pages(page) == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_full_shortlist_with_a_need_prints_on_one_a4_landscape_page(
    page: Page, live_server, busy_bodies
):
    for slug in busy_bodies:
        page.goto(f"{live_server.url}/bodies/{slug}/")
        page.get_by_role("button", name=re.compile("^Add to shortlist")).click()
        page.get_by_role("button", name=re.compile("^Remove from shortlist")).wait_for()
    page.goto(f"{live_server.url}/shortlist/?what=iso-9001&country=DE&sector=28")
    assert page.locator(".shortlist__entry").count() == 10
    assert pdf_pages(page) == 1
