"""A buyer's journey on real Chromium: evaluate → shortlist three → compare → CSV."""

import csv
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bodies.comparison import CSV_COLUMNS


@pytest.fixture
def german_construction_certifiers(
    make_body, make_accreditation, make_accreditation_body, make_sector, iso_9001
):
    make_sector(28, "Construction")
    make_sector(33, "Information technology")
    construction = make_sector(28)
    dakks = make_accreditation_body("DAKKS", country="DE")
    for index, name in enumerate(
        ["Alpha Bau Cert", "Beta Zertifizierung", "Gamma Audit", "Delta QS"]
    ):
        body = make_body(name, country="DE", slug=f"cert-{index}")
        make_accreditation(
            body,
            ab=dakks,
            schemes=[iso_9001],
            sectors=[construction] if index < 3 else [],
            last_checked_on=timezone.localdate(),
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_evaluate_shortlist_compare_and_download(
    page: Page, live_server, german_construction_certifiers
):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/evaluate/")

    page.get_by_label("What do you need certified or assessed?").select_option("iso-9001")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Countries of your sites").select_option("DE")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Search the sectors").fill("constr")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Sector of your activity (IAF code)").select_option("28")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Show the accredited bodies").click()

    expect(page.get_by_role("heading", name="4 accredited bodies")).to_be_visible()
    expect(page).to_have_url(re.compile(r"what=iso-9001.*country=DE.*sector=28"))
    for name in ["Alpha Bau Cert", "Beta Zertifizierung", "Gamma Audit"]:
        page.get_by_role("button", name=re.compile(rf"^Add to shortlist\s*: {name}$")).click()
        remove = page.get_by_role("button", name=re.compile(rf"^Remove from shortlist\s*: {name}$"))
        expect(remove).to_be_visible()
    expect(page.locator("#shortlist-count")).to_contain_text("3")

    page.get_by_role("link", name=re.compile("^Shortlist")).click()
    expect(page.get_by_text("7 of 7 checks passed")).to_have_count(3)
    page.get_by_role("button", name=re.compile("Compare the ticked bodies")).click()

    expect(page.get_by_role("heading", name="Compare certification bodies")).to_be_visible()
    expect(page.locator("caption")).to_contain_text("3 bodies compared for ISO 9001")
    header = page.locator("thead")
    for name in ["Alpha Bau Cert", "Beta Zertifizierung", "Gamma Audit"]:
        expect(header).to_contain_text(name)
    expect(page.locator('tr[data-row="kind"]')).to_have_count(1)
    page.get_by_label("Show only differences").check()
    expect(page).to_have_url(re.compile(r"only=differences"))
    expect(page.locator('tr[data-row="kind"]')).to_have_count(0)
    expect(page.locator('tr[data-row="accreditations"]')).to_have_count(1)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("certdir-comparison-")
    text = download.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [row["name"] for row in rows] == ["Alpha Bau Cert", "Beta Zertifizierung", "Gamma Audit"]
    assert {row["check_sector"] for row in rows} == {"pass"}
    assert errors == []
