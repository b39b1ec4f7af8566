"""What every benchmark needs, written once: a database, gunicorn as in production, wrk.

    seed(url, bodies=1000, certificates=200_000)   # creates the database if missing
    setup_django(url)                              # this process reads that database
    with gunicorn(url, port=8101, workers=4) as base_url:
        warm(8101, "/bodies/", times=16)
        result = wrk(base_url + "/bodies/", duration=10, connections=16)

gunicorn runs from gunicorn.conf.py with the production settings (DJANGO_DEBUG=false, the
manifest static storage off because nothing ran `collectstatic`, no SSL redirect because
there is no TLS proxy in front, persistent database connections) and with rate limits off:
every request of a load test comes from one address, and /verify/ would answer 429 after 60
requests a minute. wrk is Debian's `wrk` package; `wrk_result` parses its `--latency`
report, `wrk_cycle` runs bench/cycle.lua over a list of paths.

Each step that needs Django for another database runs in a process of its own (seed.py in
a subprocess): Django reads DATABASE_URL once, at setup.
"""

import contextlib
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- The database -------------------------------------------------------------------------


def ensure_database(database_url: str) -> None:
    """CREATE DATABASE if it does not exist (through the server's `postgres` database)."""
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(
    database_url: str, bodies: int, certificates: int, seed_value: int = 1, *, quiet: bool = False
) -> None:
    """Create the database if missing and fill it with bench/seed.py, in its own process (this
    one may already have Django set up for another database). `quiet` hides its timings."""
    ensure_database(database_url)
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "seed.py"), "--database-url", database_url,
         "--bodies", str(bodies), "--certificates", str(certificates), "--seed", str(seed_value)],
        cwd=ROOT, check=True, capture_output=quiet,
    )  # fmt: skip


def setup_django(database_url: str) -> None:
    """Point this process's Django at `database_url`, a PostgreSQL database. Settings read
    DATABASE_URL once, at setup: asking again for the same database is a no-op, asking for
    another one stops with a message."""
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            f"A benchmark needs a PostgreSQL URL (--database-url or DATABASE_URL=postgres://…), "
            f"not {database_url!r}"
        )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    import django
    from django.conf import settings

    if settings.configured:
        import dj_database_url

        wanted = dj_database_url.parse(database_url)
        current = settings.DATABASES["default"]
        keys = ("NAME", "HOST", "PORT")
        if [str(current.get(k) or "") for k in keys] != [str(wanted.get(k) or "") for k in keys]:
            raise SystemExit(
                f"Django is already set up for {current.get('NAME')!r}; "
                f"use a process of its own for {wanted['NAME']!r}"
            )
        return
    os.environ["DATABASE_URL"] = database_url
    django.setup()


# --- gunicorn -----------------------------------------------------------------------------


def production_environment(
    database_url: str, *, port: int, workers: int | None = None, recycle_workers: bool = False
) -> dict[str, str]:
    """The environment of a production-like gunicorn (or manage.py) on 127.0.0.1:`port`.
    `workers` None keeps gunicorn.conf.py's 2 × cores + 1. Workers are not recycled after
    GUNICORN_MAX_REQUESTS unless `recycle_workers` (as production does): a recycled worker
    starts with cold caches in the middle of a measurement."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "RATELIMIT_ENABLE": "false",
        "CERTDIR_API_RATE": "1000000/s",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        # whitenoise warns that STATIC_ROOT is missing: nothing ran `collectstatic` here.
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    if workers is not None:
        environment["WEB_CONCURRENCY"] = str(workers)
    if not recycle_workers:
        environment["GUNICORN_MAX_REQUESTS"] = "0"
    return environment


def fetch(port: int, path: str, *, timeout: float = 30) -> tuple[int, bytes]:
    """GET http://127.0.0.1:`port``path` on a connection of its own: status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_for(port: int, path: str = "/healthz", *, seconds: float = 30) -> None:
    """Until `path` answers 200 (gunicorn is up and its workers import the project)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            status, _body = fetch(port, path, timeout=5)
            if status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"nothing answered 200 on 127.0.0.1:{port}{path} within {seconds:.0f} s")


def warm(port: int, path: str, *, times: int = 1) -> None:
    """GET `path` `times` times, one by one, so that every worker has its connection, caches
    and query plans before the measurement; stops on any answer but 200."""
    for _ in range(times):
        status, body = fetch(port, path, timeout=120)
        if status != 200:
            raise SystemExit(f"{path} answered {status}: {body[:300]!r}")


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    *,
    port: int,
    workers: int | None = None,
    log: Path | None = None,
    recycle_workers: bool = False,
) -> Iterator[str]:
    """gunicorn -c gunicorn.conf.py certdir.wsgi on 127.0.0.1:`port`, a child of this process;
    yields its base URL and stops it gracefully on exit. The error log goes to `log` if given
    (else to this terminal); the access log nowhere."""
    environment = production_environment(
        database_url, port=port, workers=workers, recycle_workers=recycle_workers
    )
    with contextlib.ExitStack() as stack:
        errors = stack.enter_context(log.open("w")) if log else None
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--access-logfile", "/dev/null", "certdir.wsgi"],
            cwd=ROOT, env=environment, stdout=errors, stderr=errors,
        )  # fmt: skip
        try:
            wait_for(port)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=60)


# --- wrk ----------------------------------------------------------------------------------

_MILLISECONDS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
SOCKET_ERRORS = ("connect", "read", "write", "timeout")


def _milliseconds(text: str) -> float:
    """wrk's "690.00us", "12.05ms", "1.20s", "1.05m" in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(number) * _MILLISECONDS[unit]


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int = 0  # wrk's "Non-2xx or 3xx responses": statuses of 400 and above
    socket_errors: dict[str, int] = field(default_factory=dict)  # connect, read, write, timeout

    @property
    def errors(self) -> int:
        """Every request that failed: socket errors plus error responses."""
        return self.non_2xx + sum(self.socket_errors.values())

    @property
    def error_summary(self) -> str:
        """Like "7 non-2xx, connect 0, read 0, write 0, timeout 3"; "" when wrk reported none."""
        problems = [f"{self.non_2xx} non-2xx"] if self.non_2xx else []
        if self.socket_errors:
            problems.append(", ".join(f"{k} {v}" for k, v in self.socket_errors.items()))
        return ", ".join(problems)


def wrk_result(report: str) -> WrkResult:
    """Parse the text report of `wrk --latency`."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", report, flags=re.MULTILINE))
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return WrkResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        p50_ms=_milliseconds(latency["50"]),
        p99_ms=_milliseconds(latency["99"]),
        requests=int(re.search(r"(\d+) requests in", report).group(1)),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=dict(zip(SOCKET_ERRORS, map(int, sockets.groups()), strict=True))
        if sockets
        else {},
    )


def _run_wrk(*arguments: str, duration: int, connections: int, threads: int) -> str:
    """wrk's standard output; at most one thread per connection (wrk refuses more)."""
    return subprocess.run(
        ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{duration}s",
         *arguments],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def wrk(url: str, *, duration: int, connections: int = 16, threads: int = 2) -> WrkResult:
    """Load one URL with wrk for `duration` seconds."""
    report = _run_wrk("--latency", url, duration=duration, connections=connections, threads=threads)
    return wrk_result(report)


def wrk_cycle(
    port: int, paths: list[str], *, duration: int, connections: int, threads: int = 2
) -> dict:
    """One wrk run cycling through `paths` with bench/cycle.lua (which counts responses by
    status, and gives latencies in microseconds); the JSON line it prints, as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        output = _run_wrk(
            "--timeout", "10s", "-s", str(ROOT / "bench" / "cycle.lua"),
            f"http://127.0.0.1:{port}", "--", listing.name,
            duration=duration, connections=connections, threads=threads,
        )  # fmt: skip
    line = next(line for line in output.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON "))


# --- Figures ------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The value below which `share` of `values` lie (nearest rank); 0 for no values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def public_paths(per_kind: int = 5) -> list[str]:
    """The public pages a visitor reads, with real slugs and numbers from the database:
    every list page once, `per_kind` detail pages of each kind, a verification by number,
    the feeds. Pages that other parts of certdir add (the directory, the API) are included
    when this checkout has them. Needs setup_django first."""
    from django.urls import NoReverseMatch, reverse

    from accreditation.models import AccreditationBody, Standard
    from bodies.models import Body, Certificate

    paths = [
        reverse("bodies:home"),
        reverse("bodies:accreditation-body-list"),
        reverse("bodies:standard-list"),
        reverse("bodies:statistics"),
        reverse("bodies:evaluate"),
        reverse("bodies:verify"),
        reverse("bodies:feed-changes"),
        reverse("complaints:index"),
    ]
    for name in ("bodies:body-list", "api:body-list", "api:v1:body-list"):
        with contextlib.suppress(NoReverseMatch):
            paths.append(reverse(name))
    bodies = list(
        Body.objects.filter(accreditations__isnull=False)
        .order_by("slug")
        .values_list("slug", flat=True)
        .distinct()[:per_kind]
    )
    paths += [reverse("bodies:body-detail", args=[slug]) for slug in bodies]
    abs_ = AccreditationBody.objects.filter(accreditations__isnull=False).order_by("slug")
    for slug in abs_.values_list("slug", flat=True).distinct()[:per_kind]:
        paths.append(reverse("bodies:accreditation-body-detail", args=[slug]))
    for slug in Standard.objects.order_by("pk").values_list("slug", flat=True)[:per_kind]:
        paths.append(reverse("bodies:standard-detail", args=[slug]))
    certificates = Certificate.objects.order_by("pk").values_list("pk", "number")[:per_kind]
    for pk, number in certificates:
        paths.append(reverse("bodies:verify-certificate", args=[pk]))
        paths.append(f"{reverse('bodies:verify')}?number={number.replace(' ', '+')}")
    if len(bodies) >= 2:
        paths.append(f"{reverse('bodies:compare')}?bodies={bodies[0]},{bodies[1]}")
    return paths
