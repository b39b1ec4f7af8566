"""ops.ratelimit: the rate-limit decorator later views apply, and the 429 page."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse

from ops.ratelimit import rate_limit

pytestmark = pytest.mark.urls("tests.ops.urls")

LIMITED = "/ops-test/limited/"


def test_requests_over_the_rate_get_the_friendly_429_page(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "3/m"
    for _ in range(3):
        assert client.get(LIMITED).content == b"answered"
    response = client.get(LIMITED)
    assert response.status_code == 429
    html = response.content.decode()
    assert "<h1>Too many requests</h1>" in html
    assert "Please wait" in html
    assert 1 <= int(response["Retry-After"]) <= 60
    assert client.post(LIMITED).status_code == 429  # GET and POST share the counter


def test_the_rate_is_read_from_settings_at_request_time(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "1/m"
    client.get(LIMITED)
    assert client.get(LIMITED).status_code == 429
    settings.CERTDIR_RATE_VERIFY = "100/m"  # a new rate is a new counter
    assert client.get(LIMITED).status_code == 200


def test_each_client_address_has_its_own_counter(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "1/m"
    assert client.get(LIMITED, REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get(LIMITED, REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get(LIMITED, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "1/m"
    settings.CERTDIR_TRUSTED_PROXY_COUNT = 1
    balancer = {"REMOTE_ADDR": "10.0.0.5"}
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR="198.51.100.7", **balancer).status_code == 200
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR="198.51.100.8", **balancer).status_code == 200
    # A client cannot escape its counter by prepending a forged address.
    forged = "203.0.113.9, 198.51.100.7"
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR=forged, **balancer).status_code == 429


def test_without_trusted_proxies_the_forwarded_header_is_ignored(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "1/m"
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 429


def test_a_garbage_forwarded_address_falls_back_to_the_peer(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "1/m"
    settings.CERTDIR_TRUSTED_PROXY_COUNT = 1
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR="<script>").status_code == 200
    assert client.get(LIMITED, HTTP_X_FORWARDED_FOR="not-an-ip").status_code == 429


def test_limits_can_be_switched_off_for_load_tests(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "1/m"
    settings.RATELIMIT_ENABLE = False
    assert [client.get(LIMITED).status_code for _ in range(3)] == [200, 200, 200]


def test_an_unreachable_cache_lets_requests_through(client, db, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.CERTDIR_RATE_VERIFY = "1/m"
    settings.CERTDIR_CACHE_SECONDS = 0
    assert client.get(LIMITED).content == b"answered"
    assert client.get(LIMITED).content == b"answered"
    assert "the cache is unavailable" in caplog.text


def test_a_malformed_rate_is_an_error_not_a_silent_pass(client, db, settings):
    settings.CERTDIR_RATE_VERIFY = "lots"
    with pytest.raises(ImproperlyConfigured, match="CERTDIR_RATE_VERIFY"):
        client.get(LIMITED)


def test_decorating_with_an_unknown_setting_fails_at_import_time():
    with pytest.raises(ImproperlyConfigured, match="CERTDIR_RATE_TYPO"):

        @rate_limit("CERTDIR_RATE_TYPO")
        def view(request) -> HttpResponse:
            return HttpResponse()
