"""Serve the project with gunicorn as in production, and load it with wrk, for the benchmarks.

    with gunicorn(port=8100, workers=4, database_url=url) as base_url:
        result = wrk(base_url + "/bodies/", duration=20, connections=16)

Production settings (DEBUG off, manifest-free static files, rate limits off so the load is not
throttled), sync workers from gunicorn.conf.py, persistent database connections. wrk is
Debian's `wrk` package; `wrk_result` parses its `--latency` report.
"""

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(*, port: int, workers: int, database_url: str | None = None) -> dict[str, str]:
    """The environment of a production-like gunicorn on 127.0.0.1:<port>."""
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "RATELIMIT_ENABLE": "false",
        "CERTDIR_API_RATE": "1000000/s",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_MAX_REQUESTS": "0",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def wait_until_up(port: int, path: str = "/healthz", attempts: int = 150) -> None:
    for _ in range(attempts):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


@contextmanager
def gunicorn(*, port: int, workers: int = 4, database_url: str | None = None) -> Iterator[str]:
    """A running gunicorn; yields its base URL and stops it (gracefully) on exit."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
         "--access-logfile", "/dev/null", "certdir.wsgi"],
        cwd=ROOT,
        env=production_env(port=port, workers=workers, database_url=database_url),
    )  # fmt: skip
    try:
        wait_until_up(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors plus non-2xx/3xx responses


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS_MS[unit]


def wrk_result(report: str) -> WrkResult:
    """Parse the text report of `wrk --latency`."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", report, flags=re.MULTILINE))
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    errors = (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0) + (
        int(non_2xx.group(1)) if non_2xx else 0
    )
    return WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        p50_ms=_milliseconds(latency["50"]),
        p99_ms=_milliseconds(latency["99"]),
        requests=int(re.search(r"(\d+) requests in", report).group(1)),
        errors=errors,
    )


def wrk(url: str, *, duration: int, connections: int = 16, threads: int = 2) -> WrkResult:
    """Load one URL with wrk for `duration` seconds."""
    report = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return wrk_result(report)
