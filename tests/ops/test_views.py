"""Probes, the database-outage page and the favicon: ops views seen from a client."""

import pytest
from django.test import Client


def test_healthz_answers_ok_without_touching_the_database(client):
    # No `db` fixture: pytest-django makes any database access in this test an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_answers_while_the_database_is_down(client, default_database_down):
    with default_database_down():
        response = client.get("/healthz")
    assert response.status_code == 200


def test_readyz_is_ready_when_the_database_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content == b"ready"


def test_readyz_is_503_while_the_database_is_down(client, db, default_database_down):
    with default_database_down():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert response["Retry-After"] == "30"


@pytest.mark.parametrize("url", ["/ru/healthz", "/ru/readyz"])
def test_probes_have_no_language_prefix(client, db, url):
    assert client.get(url).status_code == 404


def test_probes_answer_plain_http_when_the_site_redirects_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_probes_accept_only_get_and_head(client, db):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_page_during_database_outage_is_a_friendly_503(client, db, default_database_down):
    with default_database_down():
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "certdir is temporarily unavailable" in html
    assert "Traceback" not in html
    assert "OperationalError" not in html


def test_site_recovers_by_itself_when_the_database_returns(client, db, default_database_down):
    with default_database_down():
        assert client.get("/").status_code == 503
    response = client.get("/")
    assert response.status_code == 200
    assert "Find an accredited certification body" in response.content.decode()


@pytest.mark.urls("tests.ops.urls")
def test_database_error_after_the_view_also_gets_the_503_page(db, default_database_down):
    """The session is saved by middleware after the view returned: handler500's path."""
    client = Client(raise_request_exception=False)
    with default_database_down():
        response = client.get("/ops-test/remember/")
    assert response.status_code == 503
    assert "certdir is temporarily unavailable" in response.content.decode()


@pytest.mark.urls("tests.ops.urls")
def test_other_server_errors_keep_the_500_page(db, settings):
    client = Client(raise_request_exception=False)
    # An unknown rate setting is a programming error, not an outage.
    settings.CERTDIR_RATE_VERIFY = "not a rate"
    response = client.get("/ops-test/limited/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_favicon_ico_points_browsers_at_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/img/favicon.svg"
    assert "max-age=86400" in response["Cache-Control"]
