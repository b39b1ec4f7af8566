"""The container health check (`python -m ops.healthcheck`, the Dockerfile's HEALTHCHECK)."""

from urllib.parse import urlsplit

import pytest

from ops.healthcheck import main, probe_host, probe_port


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("certdir.example.org,www.certdir.example.org", "certdir.example.org"),
        (".example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_probe_sends_a_host_django_accepts(allowed_hosts, host):
    assert probe_host(allowed_hosts) == host


@pytest.mark.parametrize(
    ("bind", "port"), [("0.0.0.0:8000", "8000"), ("[::]:9000", "9000"), ("", "8000")]
)
def test_the_probe_targets_the_gunicorn_port(bind, port):
    assert probe_port(bind) == port


def test_healthy_when_healthz_answers_ok(live_server, monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", f"0.0.0.0:{urlsplit(live_server.url).port}")
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "localhost")
    assert main() == 0


def test_unhealthy_when_nothing_answers(monkeypatch, capsys):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:1")
    assert main() == 1
    assert "healthcheck:" in capsys.readouterr().err
