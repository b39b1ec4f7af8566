"""The API and CSV benchmark: filtered API lists through gunicorn, and a 100,000-row CSV export.

    createdb -h 127.0.0.1 -U postgres certdir_api_bench
    .venv/bin/python bench/api_bench.py \\
        --database-url postgres://postgres@127.0.0.1:5432/certdir_api_bench \\
        [--bodies 1000 --certificates 300000 | --skip-seed] [--duration 10] [--port 8102]

One run: seeds the demo population (bench/seed.py, in a process of its own; the database
is created if missing), adds EXPORT_ROWS certificates whose holders share a name no demo
holder resembles (set-based SQL), starts gunicorn as in production on port 8102 or `--port`
(sync workers, persistent connections, rate limits and API throttling off), loads each API
list with filters with wrk (requests/s, p50, p99) against the bare view `/healthz`, then
downloads /verify/?holder=…&format=csv: rows, seconds, rows/s, time to the first byte, and
the serving worker's peak RSS before and after (VmHWM in /proc, sampled as it streams). A
larger export (every demo holder) checks that the peak does not grow with the number of rows.

The machines are shared and noisy: compare figures of one run.
"""

import argparse
import http.client
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import gunicorn, seed, setup_django, warm, wrk  # noqa: E402

PORT = 8102
WORKERS = 2
EXPORT_ROWS = 100_000
EXPORT_HOLDER = "Benchmark Export Holder"
EXPORT_PREFIX = "BENCH-EXPORT-"


def add_export_certificates() -> None:
    """EXPORT_ROWS certificates of holders named "Benchmark Export Holder NNNNNN", spread over
    the certificates of the demo bodies (their scheme and accreditation), in one INSERT."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM bodies_certificate WHERE number LIKE %s", [f"{EXPORT_PREFIX}%"])
        cursor.execute(
            """
            INSERT INTO bodies_certificate
                (number, holder_name, holder_country, issuing_body_id, accreditation_id,
                 scheme_id, scope, issued_on, expires_on, status, created_at, updated_at)
            SELECT %(prefix)s || lpad(n::text, 6, '0'),
                   %(holder)s || ' ' || lpad(n::text, 6, '0') ||
                       CASE WHEN n %% 50 = 0 THEN ' =HYPERLINK("x")' ELSE '' END,
                   c.holder_country, c.issuing_body_id, c.accreditation_id, c.scheme_id,
                   '', c.issued_on, c.expires_on, c.status, now(), now()
            FROM generate_series(1, %(rows)s) AS n
            JOIN LATERAL (
                SELECT * FROM bodies_certificate WHERE id = 1 + (n * 7919) %% %(pool)s
            ) c ON true
            """,
            {"prefix": EXPORT_PREFIX, "holder": EXPORT_HOLDER, "rows": EXPORT_ROWS, "pool": 50_000},
        )
        inserted = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bodies_certificate")
    if inserted != EXPORT_ROWS:
        raise SystemExit(f"added {inserted} export certificates, expected {EXPORT_ROWS}")


@dataclass(frozen=True)
class Target:
    name: str
    path: str


def targets() -> list[Target]:
    """API lists with filters, on values taken from the population."""
    from django.db.models import Count

    from accreditation.models import AccreditationBody
    from bodies.models import Certificate

    busiest = (
        AccreditationBody.objects.annotate(n=Count("accreditations"))
        .order_by("-n", "slug")
        .values_list("slug", flat=True)[0]
    )
    number = Certificate.objects.order_by("pk").values_list("number", flat=True)[1000]
    return [
        Target("bare view (/healthz)", "/healthz"),
        Target("bodies, country + scheme", "/api/v1/bodies/?country=DE&standard=iso-9001"),
        Target("  the HTML page, same filters", "/bodies/?country=DE&standard=iso-9001"),
        Target(
            "bodies, accreditor + status any", f"/api/v1/bodies/?accreditor={busiest}&status=any"
        ),
        Target("accreditation-bodies (with recognitions)", "/api/v1/accreditation-bodies/"),
        Target(
            "accreditations, accreditor + scheme",
            f"/api/v1/accreditations/?accreditor={busiest}&standard=iso-9001",
        ),
        Target(
            "certificates, scheme + country", "/api/v1/certificates/?standard=iso-9001&country=DE"
        ),
        Target("certificates, by number", "/api/v1/certificates/?" + urlencode({"number": number})),
        Target("verify, by number", "/api/v1/verify/?" + urlencode({"number": number})),
    ]


# --- Worker memory ---------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def gunicorn_workers() -> list[int]:
    """The workers of the gunicorn this process started (its child, their parent)."""
    masters = [pid for pid in _children(os.getpid()) if b"gunicorn" in _cmdline(pid)]
    return [worker for master in masters for worker in _children(master)]


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def _status_kb(pid: int, field: str) -> int:
    """A memory figure of a process in kB; 0 once it has exited (a killed worker)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except FileNotFoundError:
        return 0
    for line in lines:
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def peak_rss_mb(pid: int) -> float:
    return _status_kb(pid, "VmHWM") / 1024


@dataclass(frozen=True)
class Export:
    rows: int
    seconds: float
    first_byte_seconds: float
    peak_before_mb: float
    peak_after_mb: float
    rss_max_during_mb: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def export(port: int, holder: str) -> Export:
    """Download /verify/?holder=…&format=csv, count its rows, watch the workers' memory."""
    workers = gunicorn_workers()
    before = {pid: peak_rss_mb(pid) for pid in workers}
    during = dict.fromkeys(workers, 0.0)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in workers:
                during[pid] = max(during[pid], _status_kb(pid, "VmRSS") / 1024)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.perf_counter()
    connection.request("GET", "/verify/?" + urlencode({"holder": holder, "format": "csv"}))
    response = connection.getresponse()
    assert response.status == 200, response.status
    first = response.read(1)
    first_byte = time.perf_counter() - started
    lines = first.count(b"\n")
    try:
        while chunk := response.read(1 << 16):
            lines += chunk.count(b"\n")
    except http.client.IncompleteRead:
        # gunicorn's sync worker is killed after GUNICORN_TIMEOUT seconds in one request.
        print(f"    cut off after {lines - 1:,} rows, {time.perf_counter() - started:.1f} s")
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    connection.close()
    after = {pid: peak_rss_mb(pid) for pid in workers}
    served = max(workers, key=lambda pid: during[pid] - before[pid])
    return Export(
        rows=lines - 1,  # the header; no cell in this data holds a line break
        seconds=seconds,
        first_byte_seconds=first_byte,
        peak_before_mb=before[served],
        peak_after_mb=after[served],
        rss_max_during_mb=during[served],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/certdir_api_bench"
        ),
    )
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--certificates", type=int, default=300_000)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    if not args.skip_seed:
        seed(args.database_url, args.bodies, args.certificates)
    setup_django(args.database_url)
    if not args.skip_seed:
        started = time.perf_counter()
        add_export_certificates()
        print(f"added {EXPORT_ROWS:,} export certificates in {time.perf_counter() - started:.1f} s")
    from bodies.models import Certificate

    print(f"certificates: {Certificate.objects.count():,}")
    plan = targets()

    with gunicorn(args.database_url, port=args.port, workers=WORKERS) as base_url:
        heading = f"API list (wrk -c{args.connections})"
        print(f"\n{heading:<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for target in plan:
            # One by one first, so each worker has its connection and caches before wrk.
            warm(args.port, target.path, times=2 * WORKERS)
            result = wrk(
                base_url + target.path, duration=args.duration, connections=args.connections
            )
            print(
                f"{target.name:<44} {result.requests_per_second:>8.0f} {result.p50_ms:>8.1f} "
                f"{result.p99_ms:>8.1f} {result.errors:>7}"
            )
            print(f"    {target.path}")

        print(
            f"\n{'CSV export':<28} {'rows':>8} {'s':>6} {'rows/s':>8} {'1st byte':>9} "
            f"{'peak RSS before':>16} {'after':>7} {'max during':>11}"
        )
        for label, holder in (
            ("100,000 rows", EXPORT_HOLDER),
            ("every demo holder", "Demo Holder"),
        ):
            result = export(args.port, holder)
            print(
                f"{label:<28} {result.rows:>8,} {result.seconds:>6.1f} "
                f"{result.rows_per_second:>8,.0f} {result.first_byte_seconds:>8.2f}s "
                f"{result.peak_before_mb:>13.1f} MB {result.peak_after_mb:>4.1f} MB "
                f"{result.rss_max_during_mb:>8.1f} MB"
            )


if __name__ == "__main__":
    main()
