"""Real Chromium: pages load under the Content-Security-Policy without a single violation.

A CSP violation only shows in the browser (as a console error), so these are the tests that
prove "no inline scripts or styles" for the public pages and the admin.
"""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of the page (CSP violations are errors)."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_home_page_loads_with_vendored_htmx_and_no_console_errors(
    live_server, page, console_errors
):
    static_responses = []
    page.on(
        "response",
        lambda response: static_responses.append(response) if "/static/" in response.url else None,
    )
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Find an accredited certification body"
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("document.documentElement.classList.contains('js')")  # site.js ran
    htmx = [
        response
        for response in static_responses
        if response.url.endswith("vendor/htmx/htmx.min.js")
    ]
    assert [response.status for response in htmx] == [200]
    assert all(response.status == 200 for response in static_responses)
    assert console_errors == [], "\n".join(console_errors)


def test_admin_works_under_the_content_security_policy(live_server, page, console_errors):
    curator = User.objects.create_superuser(
        "curator", "curator@example.org", "a-long-enough-Passw0rd"
    )
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-enough-Passw0rd")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    expect(page.locator("#site-name")).to_be_visible()
    # A change list (actions, filters) and a change form with JavaScript widgets.
    page.goto(live_server.url + reverse("admin:auth_user_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    page.goto(live_server.url + reverse("admin:auth_user_change", args=[curator.pk]))
    # The permissions selector is built by admin JavaScript (SelectFilter2.js).
    expect(page.locator("#id_user_permissions_filter")).to_be_visible()
    page.goto(live_server.url + reverse("admin:auth_group_add"))
    page.fill("#id_name", "Curators")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Curators")
    assert console_errors == [], "\n".join(console_errors)
