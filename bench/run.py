"""The page benchmark: public pages through gunicorn + PostgreSQL, against a bare view.

    createdb -h 127.0.0.1 -U postgres certdir_bench
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/certdir_bench \\
        [--bodies 5000 --certificates 3000000 --seed 1 | --skip-seed] [--duration 20]

One run: seeds the population (bench/seed.py, in a process of its own), counts each page's
SQL queries in-process (cold cache and warm), starts gunicorn as in production (sync
workers, persistent connections, rate limits off), then loads every URL with wrk in turn and
prints requests/s, p50, p99, errors and the ratio to the bare view (`/healthz`, a view that
answers "ok" without the database). Targets (issue 3): filtered /bodies/ >= 0.25x the bare
view; zero-hit search p50 < 20 ms; every page <= 10 SQL queries.

The machines are shared and noisy: compare figures of one run, and repeat runs for medians
(`--repeat`).
"""

import argparse
import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.server import WrkResult, gunicorn, wrk  # noqa: E402

ZERO_HIT_WORD = "qzxwvkjplonk"


@dataclass(frozen=True)
class Target:
    name: str
    path: Callable[[], str]


def busiest_body() -> str:
    """The page of the body with the most accreditations (the heaviest body page)."""
    from django.db.models import Count

    from bodies.models import Body

    body = Body.objects.annotate(n=Count("accreditations")).order_by("-n", "slug").first()
    return f"/bodies/{body.slug}/"


def busiest_accreditation_body() -> str:
    """The page of the accreditation body that accredits the most bodies."""
    from django.db.models import Count

    from accreditation.models import AccreditationBody

    ab = (
        AccreditationBody.objects.annotate(n=Count("accreditations__body", distinct=True))
        .order_by("-n", "slug")
        .first()
    )
    return f"/accreditation-bodies/{ab.slug}/"


def targets() -> list[Target]:
    from bench.urls_eval import URLS

    fixed = [
        ("bare view (/healthz)", "/healthz"),
        ("/bodies/", "/bodies/"),
        ("/bodies/?country=DE&standard=iso-9001", "/bodies/?country=DE&standard=iso-9001"),
        ("/bodies/?q=<zero hits>", f"/bodies/?q={ZERO_HIT_WORD}"),
    ]
    return [
        *(Target(name, lambda path=path: path) for name, path in fixed),
        Target("body page (most accreditations)", busiest_body),
        Target("AB page (most bodies)", busiest_accreditation_body),
        *(Target(name, path) for name, path in URLS),
    ]


def query_counts(path: str) -> tuple[int, int, int]:
    """(status, SQL queries with a cold cache, SQL queries warm) of one in-process GET."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        response = client.get(path)
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    return response.status_code, len(cold), len(warm)


def seed(database_url: str, bodies: int, certificates: int, seed_value: int) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "seed.py"), "--database-url", database_url,
         "--bodies", str(bodies), "--certificates", str(certificates), "--seed", str(seed_value)],
        check=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--bodies", type=int, default=5000)
    parser.add_argument("--certificates", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-seed", action="store_true", help="use the population as it is")
    parser.add_argument("--duration", type=int, default=20, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--repeat", type=int, default=1, help="wrk runs per URL (medians)")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("needs --database-url postgres://... (or DATABASE_URL)")

    if not args.skip_seed:
        seed(args.database_url, args.bodies, args.certificates, args.seed)

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certdir.settings")
    os.environ["RATELIMIT_ENABLE"] = "false"
    import django

    django.setup()

    pages = [(target.name, target.path()) for target in targets()]
    counts = {path: query_counts(path) for _, path in pages}
    for name, path in pages:
        status = counts[path][0]
        if status != 200:
            raise SystemExit(f"{name}: GET {path} answered {status}")

    results: dict[str, list[WrkResult]] = {}
    with gunicorn(port=args.port, workers=args.workers, database_url=args.database_url) as base:
        for _, path in pages:  # warm every worker's caches and connections
            wrk(base + path, duration=2, connections=args.connections)
        for _ in range(args.repeat):
            for name, path in pages:
                results.setdefault(name, []).append(
                    wrk(base + path, duration=args.duration, connections=args.connections)
                )

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(result, field) for result in results[name])

    bare = median(pages[0][0], "requests_per_second")
    print(
        f"\n{args.workers} gunicorn sync workers, wrk -c{args.connections} "
        f"-d{args.duration}s x{args.repeat}\n"
    )
    print("| page | req/s | p50 ms | p99 ms | x bare | errors | SQL cold / warm | path |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, path in pages:
        rps = median(name, "requests_per_second")
        errors = sum(result.errors for result in results[name])
        _, cold, warm = counts[path]
        print(
            f"| {name} | {rps:,.0f} | {median(name, 'p50_ms'):.1f} | "
            f"{median(name, 'p99_ms'):.1f} | {rps / bare:.2f} | {errors} | "
            f"{cold} / {warm} | `{path}` |"
        )


if __name__ == "__main__":
    main()
