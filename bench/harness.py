"""What bench/load.py and bench/fault.py share: gunicorn as in production, the public pages
of a seeded database, and a small helper to report.

gunicorn runs from gunicorn.conf.py with the production settings (DJANGO_DEBUG=false, the
manifest static storage off because nothing ran `collectstatic`, no SSL redirect because
there is no TLS proxy in front) and with rate limits off: every request of a load test comes
from one address, and /verify/ would answer 429 after 60 requests a minute.
"""

import contextlib
import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def production_environment(database_url: str, *, port: int, workers: int | None) -> dict:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_MANIFEST": "false",
        "RATELIMIT_ENABLE": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
        # whitenoise warns that STATIC_ROOT is missing: nothing ran `collectstatic` here.
        "PYTHONWARNINGS": "ignore:No directory at",
    }
    if workers is not None:
        environment["WEB_CONCURRENCY"] = str(workers)
    return environment


def wait_for(port: int, path: str = "/healthz", *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _body = fetch(port, path, timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"nothing answered 200 on 127.0.0.1:{port}{path} within {seconds:.0f} s")


@contextlib.contextmanager
def gunicorn(
    database_url: str, *, port: int, workers: int | None = None, log: Path | None = None
) -> Iterator[int]:
    """gunicorn -c gunicorn.conf.py certdir.wsgi on 127.0.0.1:`port`; yields its pid. The
    error log goes to `log` if given (else to this terminal); the access log nowhere."""
    with contextlib.ExitStack() as stack:
        errors = stack.enter_context(log.open("w")) if log else None
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "--access-logfile", "/dev/null", "certdir.wsgi"],
            cwd=ROOT,
            env=production_environment(database_url, port=port, workers=workers),
            stdout=errors,
            stderr=errors,
        )  # fmt: skip
        try:
            wait_for(port)
            yield server.pid
        finally:
            server.terminate()
            server.wait(timeout=60)


def fetch(port: int, path: str, *, timeout: float = 30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    import django

    django.setup()


def public_paths(per_kind: int = 5) -> list[str]:
    """The public pages a visitor reads, with real slugs and numbers from the database:
    every list page once, `per_kind` detail pages of each kind, a verification by number,
    the feeds. Pages that other parts of certdir add (the directory, the API) are included
    when this checkout has them."""
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
