"""Real Chromium: verify a number, open the issuing body, open its accreditation body."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verify_a_number_then_open_the_issuing_body_then_its_accreditation_body(
    live_server, page, certified
):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    ab = certified.accreditation.accreditation_body

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Verify a certificate").first.click()
    page.get_by_label("Certificate number").fill("qma 2025 0042")
    page.get_by_role("button", name="Verify").click()

    verdict = page.locator("article.verdict")
    expect(verdict).to_contain_text("Certificate QMA-2025-0042")
    expect(verdict).to_contain_text("Brightwater Foundry GmbH")
    expect(verdict.locator(".badge--valid")).to_have_text("Valid")
    expect(page.locator(".verification-record")).to_contain_text("Verified at")
    assert "number=qma+2025+0042" in page.url  # the address is the permalink

    verdict.get_by_role("link", name="Quillmoor Assurance").click()
    expect(page.locator("h1")).to_have_text("Quillmoor Assurance")

    page.get_by_role("link", name=ab.acronym).first.click()
    expect(page.locator("h1")).to_contain_text(ab.name)
    expect(page.get_by_role("link", name="Quillmoor Assurance")).to_be_visible()
    assert errors == [], "\n".join(errors)
