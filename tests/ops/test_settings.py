"""Settings read from the environment: production values, replicas, rates, the gate of
`manage.py check --deploy`, and gunicorn's configuration."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x3Jm-long-random-production-secret-Z8qL0vR5nT2wY7uB4eH1kC6pA9sD3fG"
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "certdir.example.org",
    "DATABASE_URL": "postgres://certdir@db.example.org:5432/certdir",
}
_VARIABLES = (
    "DJANGO_",
    "DATABASE_",
    "REDIS_URL",
    "CERTDIR_",
    "RATELIMIT_",
    "AXES_",
    "GUNICORN_",
    "WEB_CONCURRENCY",
)


@pytest.fixture
def environment(monkeypatch):
    """Start from an environment without any certdir variable; returns a setter."""
    for name in list(os.environ):
        if name.startswith(_VARIABLES):
            monkeypatch.delenv(name)

    def set_variables(**variables: str) -> None:
        for name, value in variables.items():
            monkeypatch.setenv(name, value)

    return set_variables


def load_settings() -> dict:
    """A fresh evaluation of certdir/settings.py under the current environment."""
    return runpy.run_path(str(ROOT / "certdir" / "settings.py"))


def example_environment() -> dict[str, str]:
    """The NAME=value lines of .env.example."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def variables_read(path: Path) -> set[str]:
    return set(re.findall(r'env_\w+\(\s*"([A-Z_]+)"', path.read_text()))


def test_every_variable_read_is_in_env_example_and_the_deploying_guide():
    names = variables_read(ROOT / "certdir" / "settings.py") | variables_read(
        ROOT / "gunicorn.conf.py"
    )
    assert {"DATABASE_REPLICA_URLS", "WEB_CONCURRENCY", "CERTDIR_RATE_VERIFY"} <= names
    guide = (ROOT / "docs" / "deploying.md").read_text()
    assert sorted(names - set(example_environment())) == []
    assert sorted(name for name in names if f"`{name}`" not in guide) == []


def test_env_example_values_are_accepted(environment):
    environment(**example_environment())
    settings = load_settings()
    assert settings["DEBUG"] is False
    assert settings["DATABASE_REPLICA_ALIASES"] == ["replica_1"]
    assert load_gunicorn_config()["workers"] == 5


def test_production_settings_are_https_only(environment):
    environment(**PRODUCTION)
    settings = load_settings()
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31_536_000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["STORAGES"]["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_production_refuses_the_development_secret_key(environment):
    environment(**{**PRODUCTION, "DJANGO_SECRET_KEY": load_settings()["_DEV_SECRET_KEY"]})
    with pytest.raises(ImproperlyConfigured, match="must not be the development key"):
        load_settings()


def test_production_requires_a_secret_key(environment):
    environment(
        **{name: value for name, value in PRODUCTION.items() if name != "DJANGO_SECRET_KEY"}
    )
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY must be set"):
        load_settings()


def test_the_development_key_says_what_it_is(environment):
    assert "development-only" in load_settings()["SECRET_KEY"]


def test_replica_urls_become_mirrored_replica_aliases(environment):
    environment(
        DATABASE_URL="postgres://certdir@primary:5432/certdir",
        DATABASE_REPLICA_URLS="postgres://reader@replica-a:5432/certdir, postgres://reader@replica-b/certdir",
    )
    settings = load_settings()
    assert settings["DATABASE_REPLICA_ALIASES"] == ["replica_1", "replica_2"]
    databases = settings["DATABASES"]
    assert [databases[alias]["HOST"] for alias in ("default", "replica_1", "replica_2")] == [
        "primary",
        "replica-a",
        "replica-b",
    ]
    assert databases["replica_1"]["TEST"] == {"MIRROR": "default"}
    assert databases["replica_2"]["CONN_MAX_AGE"] == 600
    assert settings["DATABASE_ROUTERS"] == ["ops.db_router.PrimaryReplicaRouter"]


def test_no_replica_urls_means_no_replicas(environment):
    settings = load_settings()
    assert settings["DATABASE_REPLICA_ALIASES"] == []
    assert list(settings["DATABASES"]) == ["default"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_REPLICA_URLS", "postgres://a@h/db,,postgres://b@h/db"),
        ("DATABASE_REPLICA_URLS", "not a url"),
        ("CERTDIR_RATE_VERIFY", "sixty a minute"),
        ("CERTDIR_RATE_COMPLAINTS", "0/m"),
        ("DJANGO_TRUSTED_PROXY_COUNT", "-1"),
        ("DATABASE_REPLICA_PIN_SECONDS", "ten"),
        ("CERTDIR_UPLOAD_MAX_BYTES", "0"),
        ("RATELIMIT_ENABLE", "maybe"),
    ],
)
def test_malformed_values_stop_start_up_naming_the_variable(environment, variable, value):
    environment(**{variable: value})
    with pytest.raises(ImproperlyConfigured, match=variable):
        load_settings()


def test_rates_come_from_the_environment(environment):
    environment(CERTDIR_RATE_VERIFY="100/5m", CERTDIR_RATE_BULK_VERIFY=" 3/h ")
    settings = load_settings()
    assert settings["CERTDIR_RATE_VERIFY"] == "100/5m"
    assert settings["CERTDIR_RATE_BULK_VERIFY"] == "3/h"
    assert settings["CERTDIR_RATE_COMPLAINTS"] == "10/h"
    assert settings["CERTDIR_RATE_ADMIN_LOGIN"] == "10/m"


def test_redis_url_configures_django_redis_cache_with_its_client_installed(environment):
    environment(REDIS_URL="redis://cache.example.org:6379/1")
    settings = load_settings()
    assert settings["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.example.org:6379/1",
    }
    # Django's RedisCache imports the redis client lazily, at the first cache call.
    import redis  # noqa: F401, PLC0415

    assert "django_ratelimit.E003" not in settings["SILENCED_SYSTEM_CHECKS"]


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith(_VARIABLES)
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **variables},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    # The per-process cache is reported, as information, until REDIS_URL is set.
    assert "certdir.I001" in result.stderr


def test_check_deploy_fails_when_a_production_safeguard_is_off():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    assert result.returncode == 1
    assert "security.W008" in result.stderr


def test_check_deploy_with_a_shared_cache_reports_nothing():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION,
        REDIS_URL="redis://cache:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def load_gunicorn_config() -> dict:
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_defaults(environment):
    config = load_gunicorn_config()
    assert config["bind"] == ["0.0.0.0:8000"]
    cores = len(os.sched_getaffinity(0))
    assert config["workers"] == min(2 * cores + 1, 12)
    assert config["worker_class"] == "sync"
    assert (config["timeout"], config["graceful_timeout"]) == (30, 30)
    assert (config["max_requests"], config["max_requests_jitter"]) == (1000, 100)
    assert (config["accesslog"], config["errorlog"]) == ("-", "-")
    assert "%(M)s" in config["access_log_format"]
    assert config["control_socket_disable"] is True


def test_gunicorn_reads_the_environment(environment):
    environment(
        GUNICORN_BIND="127.0.0.1:9000",
        WEB_CONCURRENCY="3",
        GUNICORN_TIMEOUT="60",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_LOG_LEVEL="WARNING",
    )
    config = load_gunicorn_config()
    assert config["bind"] == ["127.0.0.1:9000"]
    assert config["workers"] == 3
    assert config["timeout"] == 60
    assert config["max_requests"] == 0
    assert config["loglevel"] == "warning"


def test_default_workers_are_capped():
    assert load_gunicorn_config()["default_workers"](64) == 12


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("GUNICORN_BIND", "8000"),
        ("GUNICORN_BIND", "0.0.0.0:http"),
        ("WEB_CONCURRENCY", "0"),
        ("GUNICORN_TIMEOUT", "soon"),
        ("GUNICORN_LOG_LEVEL", "loud"),
    ],
)
def test_gunicorn_rejects_malformed_values_naming_the_variable(environment, variable, value):
    environment(**{variable: value})
    with pytest.raises(ImproperlyConfigured, match=variable):
        load_gunicorn_config()
