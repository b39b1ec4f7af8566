"""Anonymous throttling of the API: CERTDIR_API_RATE per client address, then 429 with
Retry-After and a JSON body; configurable from the environment through certdir.env."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bodies.api.throttling import rate_in_seconds

ROOT = Path(__file__).resolve().parents[2]


def test_requests_over_the_rate_get_429_with_retry_after_and_json(client, settings, db):
    settings.CERTDIR_API_RATE = "3/m"
    for _ in range(3):
        assert client.get("/api/v1/standards/").status_code == 200
    response = client.get("/api/v1/sectors/")  # one counter for the whole API
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_each_client_address_has_its_own_counter(client, settings, db):
    settings.CERTDIR_API_RATE = "1/m"
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/v1/sectors/", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(client, settings, db):
    settings.CERTDIR_API_RATE = "1/m"
    settings.CERTDIR_TRUSTED_PROXY_COUNT = 1
    behind = {"REMOTE_ADDR": "10.0.0.1"}
    assert (
        client.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="192.0.2.1", **behind).status_code
        == 200
    )
    assert (
        client.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="192.0.2.2", **behind).status_code
        == 200
    )
    assert (
        client.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="192.0.2.1", **behind).status_code
        == 429
    )


def test_ratelimit_enable_false_switches_it_off_for_load_tests(client, settings, db):
    settings.CERTDIR_API_RATE = "1/m"
    settings.RATELIMIT_ENABLE = False
    assert [client.get("/api/v1/sectors/").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize(
    ("rate", "expected"), [("60/m", (60, 60)), ("100/5m", (100, 300)), ("1000/d", (1000, 86400))]
)
def test_rates_read_like_every_other_limit(rate, expected):
    assert rate_in_seconds(rate) == expected


def test_the_rate_comes_from_the_environment_and_a_bad_one_stops_start_up(monkeypatch):
    monkeypatch.setenv("CERTDIR_API_RATE", "30/5m")
    assert runpy.run_path(str(ROOT / "certdir" / "settings.py"))["CERTDIR_API_RATE"] == "30/5m"
    monkeypatch.setenv("CERTDIR_API_RATE", "lots")
    with pytest.raises(ImproperlyConfigured, match="CERTDIR_API_RATE"):
        runpy.run_path(str(ROOT / "certdir" / "settings.py"))
