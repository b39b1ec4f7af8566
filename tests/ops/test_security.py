"""Security headers, admin lockout and rate limits, the configurable admin path."""

import datetime
import importlib

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import clear_url_caches, reverse
from django.utils import timezone

import certdir.urls

PASSWORD = "a-long-enough-Passw0rd"


@pytest.fixture
def staff_user(db) -> User:
    return User.objects.create_user(
        "curator", "curator@example.org", PASSWORD, is_staff=True, is_superuser=True
    )


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("url", ["/", "/admin/login/"])
def test_pages_carry_the_security_headers(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    directives = csp_directives(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_site_pages_have_no_inline_script_or_style(client, db):
    html = client.get("/").content.decode()
    assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
    assert " style=" not in html and "<style" not in html


def test_hsts_is_sent_over_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_every_form_that_posts_carries_a_csrf_token(client, db):
    html = client.get("/").content.decode()
    assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"') >= 1


def login(client, password: str):
    return client.post(
        reverse("admin:login"),
        {"username": "curator", "password": password, "next": reverse("admin:index")},
    )


def test_admin_login_works_with_the_right_password(client, staff_user):
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_admin_locks_out_after_repeated_failures_until_the_cool_off(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200  # the form again, with an error
    locked = login(client, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in temporarily locked" in html
    assert f"There were {settings.AXES_FAILURE_LIMIT} failed sign-in attempts" in html
    assert "You can try again in 1\xa0hour" in html
    assert locked["Retry-After"] == "3600"
    # The right password does not help while locked ...
    assert login(client, PASSWORD).status_code == 429
    # ... and works again once the cool-off has passed.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(hours=2))
    assert login(client, PASSWORD).status_code == 302


def test_admin_login_posts_are_rate_limited_per_address(client, staff_user, settings):
    settings.CERTDIR_RATE_ADMIN_LOGIN = "2/m"
    assert login(client, "wrong").status_code == 200
    assert login(client, "wrong").status_code == 200
    limited = login(client, PASSWORD)
    assert limited.status_code == 429
    assert "Too many requests" in limited.content.decode()
    assert 1 <= int(limited["Retry-After"]) <= 60
    # Reading the login page is not limited.
    assert client.get(reverse("admin:login")).status_code == 200


@pytest.fixture
def admin_path(settings):
    """Rebuild the URLconf with a custom DJANGO_ADMIN_PATH, then restore it."""

    def use(path: str) -> None:
        settings.ADMIN_PATH = path
        importlib.reload(certdir.urls)
        clear_url_caches()

    original = settings.ADMIN_PATH
    yield use
    use(original)


def test_admin_is_served_at_the_configured_path(client, staff_user, admin_path):
    admin_path("curation-desk/")
    assert reverse("admin:index") == "/curation-desk/"
    assert client.get("/admin/").status_code == 404
    response = client.get("/curation-desk/login/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
