"""Staff-only fields stay staff-only: on no public page or feed does an anonymous visitor see
a reporter's email or who recorded a status change; staff see "recorded by" where intended.

The sweep covers every public URL pattern (tests/ops/public_site.py), so a page or feed
added later is checked without touching this test.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import _logged_in
from tests.ops.public_site import RECORDER_USERNAME, REPORTER_EMAIL

RECORDED_BY = f"recorded by {RECORDER_USERNAME}"


def staff_only_text(content: bytes) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    return [needle for needle in (REPORTER_EMAIL, RECORDER_USERNAME) if needle in text]


def public_addresses(site) -> list[str]:
    """Every public page, plus the pages that show a report's subject (the complaint route
    for the reported certificate and its body)."""
    population, addresses = site
    certificate = population.certificate.pk
    return [
        *addresses.values(),
        f"{reverse('complaints:index')}?certificate={certificate}",
        f"{reverse('complaints:index')}?body={population.body.slug}",
        f"{reverse('complaints:report')}?certificate={certificate}",
        f"/ru{population.certificate.get_absolute_url()}",
    ]


def test_anonymous_visitors_never_see_staff_only_fields(site, db, settings):
    settings.RATELIMIT_ENABLE = False
    client = Client()
    leaks = {}
    for path in public_addresses(site):
        response = client.get(path)
        assert response.status_code < 500, path
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if found := staff_only_text(content):
            leaks[path] = found
    assert leaks == {}


def test_the_sweep_sees_the_planted_changes_and_report(site, db, settings):
    """The negative test above means something: the pages do show the recorded changes and
    the reported certificate, only without their staff-only fields."""
    settings.RATELIMIT_ENABLE = False
    population, _addresses = site
    client = Client()
    certificate_page = client.get(population.certificate.get_absolute_url()).content.decode()
    assert "Suspended after an audit." in certificate_page
    feed = client.get(reverse("bodies:feed-changes")).content.decode()
    assert population.certificate.number in feed
    route = client.get(reverse("complaints:index"), {"certificate": population.certificate.pk})
    assert population.body.name in route.content.decode()


@pytest.mark.parametrize("kind", ["certificate", "body", "accreditation body"])
def test_staff_see_who_recorded_each_change(site, db, settings, viewer, kind):
    settings.RATELIMIT_ENABLE = False
    population, _addresses = site
    subject = {
        "certificate": population.certificate,
        "body": population.body,
        "accreditation body": population.certificate.accreditation.accreditation_body,
    }[kind]
    staff = _logged_in(Client(), viewer)
    assert RECORDED_BY in staff.get(subject.get_absolute_url()).content.decode()
    assert RECORDED_BY not in Client().get(subject.get_absolute_url()).content.decode()


def test_staff_read_the_reporters_email_in_the_admin_only(site, db, viewer):
    population, _addresses = site
    report = population.certificate.reports.get()
    staff = _logged_in(Client(), viewer)
    admin_page = staff.get(reverse("admin:complaints_report_change", args=[report.pk]))
    assert REPORTER_EMAIL in admin_page.content.decode()
    public = staff.get(f"{reverse('complaints:index')}?certificate={population.certificate.pk}")
    assert REPORTER_EMAIL not in public.content.decode()
