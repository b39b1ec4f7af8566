"""The directory benchmark: seed PostgreSQL, serve with gunicorn, load each page with wrk.

    .venv/bin/python bench/run.py [--database-url postgres://postgres@127.0.0.1:5432/certdir_bench]
        [--bodies 5000] [--certificates 3000000] [--seed 1] [--skip-seed]
        [--duration 10] [--connections 16] [--port 8101]

Steps, each in its own process because Django reads DATABASE_URL once:
1. `bench/seed.py` fills the database (demo rows replaced, real rows kept); `--skip-seed`
   reuses what is there.
2. The URLs are resolved against the data (a body page with accreditations, the AB page with
   the most bodies, the evaluation URLs of bench/urls_eval.py), and each page's SQL queries
   are counted with a cold and a warm cache.
3. gunicorn serves as in production (sync workers, DEBUG off, persistent connections, rate
   limits off) on 127.0.0.1:<port>; each URL is warmed in every worker, then loaded with
   `wrk -t2 -c<connections> -d<duration>s --latency`.

It prints requests/s, p50 and p99 per URL, the ratio to the bare view (/healthz returns
"ok" and touches no database), and the query counts. Targets (issue 3): filtered /bodies/
≥ 0.25× the bare view; zero-hit search p50 < 20 ms; every page ≤ 10 SQL queries.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import ROOT, gunicorn, seed, warm, wrk  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certdir_bench"

# (name, path or the name of a resolver in resolve_targets)
DIRECTORY_TARGETS = [
    ("bare view (/healthz)", "/healthz"),
    ("/bodies/", "/bodies/"),
    ("/bodies/?country=DE&standard=iso-9001", "/bodies/?country=DE&standard=iso-9001"),
    ("/bodies/?q=zzzzqqq (zero hits)", "/bodies/?q=zzzzqqq"),
    ("body page", "body"),
    ("AB page", "ab"),
]


@dataclass
class Target:
    name: str
    path: str
    queries_cold: int | None = None
    queries_warm: int | None = None


@dataclass
class Result:
    target: Target
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: str
    # p50 with one connection: the page's own latency, without queueing behind others.
    single_p50_ms: float | None = None


# --- 1. Seed (bench.harness.seed), then vacuum ------------------------------------------------


DIRECTORY_TABLES = [
    "bodies_body",
    "bodies_office",
    "bodies_accreditation",
    "bodies_accreditation_schemes",
    "bodies_accreditation_sectors",
]


def vacuum(database_url: str) -> None:
    """VACUUM ANALYZE the directory's tables. After a bulk load the trigram GIN indexes keep
    new entries in their pending list, which every search scans linearly (a zero-hit search
    took 68 ms instead of 0.4 ms), and the planner prefers a sequential scan; a vacuum
    merges the list, as autovacuum eventually would."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        for table in DIRECTORY_TABLES:
            connection.execute(f"VACUUM ANALYZE {table}")


# --- 2. Targets and query counts --------------------------------------------------------------


def _resolve_in_process() -> None:
    """Run inside a Django process: print the targets as JSON, with their query counts."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accreditation.models import AccreditationBody
    from bench.urls_eval import URLS
    from bodies.models import Body

    body = (
        Body.objects.annotate(n=Count("accreditations"))
        .filter(n__gte=2, certificates_updated_at__isnull=False)
        .order_by("-n", "slug")
        .first()
    ) or Body.objects.order_by("slug").first()
    ab = (
        AccreditationBody.objects.annotate(n=Count("accreditations__body", distinct=True))
        .order_by("-n", "slug")
        .first()
    )
    resolved = {"body": body.get_absolute_url(), "ab": ab.get_absolute_url()}
    targets = [(name, resolved.get(path, path)) for name, path in DIRECTORY_TARGETS]
    targets += [(name, function()) for name, function in URLS]

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for name, path in targets:
        counts = []
        for clear in (True, False):
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as context:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            counts.append(len(context.captured_queries))
        rows.append({"name": name, "path": path, "cold": counts[0], "warm": counts[1]})
    print(json.dumps(rows))


def resolve_targets(database_url: str) -> list[Target]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "certdir.settings"}
    env.update(RATELIMIT_ENABLE="false", DJANGO_DEBUG="true")
    output = subprocess.run(
        [sys.executable, __file__, "--resolve"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = json.loads(output.strip().splitlines()[-1])
    return [Target(row["name"], row["path"], row["cold"], row["warm"]) for row in rows]


# --- 3. HTTP (bench.harness: gunicorn, warm, wrk) and the report ------------------------------


def report(results: list[Result]) -> str:
    bare = results[0].requests_per_second
    lines = [
        f"{'URL':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'× bare':>7} "
        f"{'SQL cold/warm':>14} {'p50 c=1':>8}",
    ]
    for result in results:
        target = result.target
        queries = (
            f"{target.queries_cold}/{target.queries_warm}"
            if target.queries_cold is not None
            else "—"
        )
        lines.append(
            f"{target.name[:44]:<44} {result.requests_per_second:>8.0f} {result.p50_ms:>8.1f} "
            f"{result.p99_ms:>8.1f} {result.requests_per_second / bare:>7.2f} {queries:>14} "
            + (f"{result.single_p50_ms:>8.1f}" if result.single_p50_ms is not None else f"{'—':>8}")
            + (f"  ({result.errors})" if result.errors else "")
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--bodies", type=int, default=5000)
    parser.add_argument("--certificates", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-seed", action="store_true", help="Reuse the seeded database.")
    parser.add_argument("--duration", type=int, default=10, help="Seconds of wrk per URL.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--resolve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.resolve:
        _resolve_in_process()
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    if not args.skip_seed:
        started = time.perf_counter()
        seed(args.database_url, args.bodies, args.certificates, args.seed)
        print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    vacuum(args.database_url)
    targets = resolve_targets(args.database_url)
    print("load average before: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()), flush=True)
    with gunicorn(args.database_url, port=args.port, workers=args.workers) as base_url:
        results = []
        for target in targets:
            warm(args.port, target.path, times=4 * args.workers)
            url = base_url + target.path
            figures = wrk(url, duration=args.duration, connections=args.connections)
            single = wrk(url, duration=max(2, args.duration // 2), connections=1)
            results.append(
                Result(
                    target,
                    figures.requests_per_second,
                    figures.p50_ms,
                    figures.p99_ms,
                    figures.error_summary,
                    single_p50_ms=single.p50_ms,
                )
            )
            print(f"  {target.name}: {figures.requests_per_second:.0f} req/s", flush=True)
    print("load average after: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print()
    print(report(results))


if __name__ == "__main__":
    main()
