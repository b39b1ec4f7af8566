"""Benchmark of certificate verification and the certificate import on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/certdir_bench \\
        .venv/bin/python bench/verify_bench.py [--certificates 3000000] [--import-rows 1000000]

One run:

1. `migrate`; `load_reference` if the reference world is missing; then tops the population
   up to `--certificates` fictional certificates (2,000 demo bodies "bench-cb-NNNN", each
   accredited by a real recognised accreditation body for ISO/IEC 17021-1 / ISO 9001),
   written set-based in SQL (generate_series), so a 3,000,000-row population takes minutes.
2. In-process: p50 / p95 of `verify_lookup` (exact number: the whole answer, verdict
   included) and of `certificates_by_number` alone, over `--iterations` random numbers; a
   holder-name search that matches nothing, and one that matches.
3. Over HTTP: gunicorn as in production (sync workers, DJANGO_DEBUG=false, rate limits off),
   `--http-requests` sequential GET /verify/?number=... on one keep-alive connection each.
4. Import: writes a CSV of `--import-rows` new certificates, times a raw COPY of that file
   into an unindexed scratch table, then `import_certificates` of the same file (validation,
   COPY to staging, upsert, sectors, timeline, history), then a re-import of the same file
   (nothing changes), all in the same run; then deletes the imported rows again.

Targets: import at least 0.5x the raw COPY rate; verification p50 under 2 ms in-process and
under 20 ms over HTTP. The machines are shared and noisy: compare numbers of one run.
"""

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import fetch, gunicorn, percentile, setup_django  # noqa: E402

BODIES = 2_000
WORDS = [
    "Acme",
    "Borealis",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nova",
    "Orchid",
    "Pioneer",
    "Quartz",
    "Riverside",
    "Summit",
    "Tundra",
    "Umber",
    "Vertex",
    "Willow",
    "Xenon",
    "Yarrow",
    "Zephyr",
    "Alpine",
    "Baltic",
    "Cedar",
    "Dune",
    "Falcon",
    "Glacier",
    "Heron",
    "Indigo",
    "Jasper",
    "Kelp",
    "Lotus",
    "Maple",
    "Nimbus",
    "Oak",
]
FORMS = ["GmbH", "Ltd", "SA", "SpA", "BV", "Oy", "AB", "Inc", "LLC", "Kft", "Sp.z.o.o.", "AS"]
COUNTRIES = [
    "DE",
    "FR",
    "IT",
    "GB",
    "ES",
    "NL",
    "PL",
    "SE",
    "AT",
    "BE",
    "CZ",
    "DK",
    "FI",
    "IE",
    "PT",
]


def timed(function: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock milliseconds of each run."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(name: str, times: list[float]) -> str:
    return (
        f"{name:<46} p50 {statistics.median(times):8.2f} ms   "
        f"p95 {percentile(times, 0.95):8.2f} ms   n={len(times)}"
    )


# --- 1. Population ------------------------------------------------------------------------


def populate(certificates: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from accreditation.models import Recognition, Standard

    call_command("migrate", verbosity=0)
    if not Standard.objects.filter(slug="iso-9001").exists():
        call_command("load_reference", verbosity=0)
    casco = Standard.objects.get(slug="iso-iec-17021-1")
    scheme = Standard.objects.get(slug="iso-9001")
    ab_id = (
        Recognition.objects.current()
        .filter(scope=casco)
        .values_list("accreditation_body_id", flat=True)
        .order_by("accreditation_body__acronym")
        .first()
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO bodies_body (name, slug, acronym, kind, country, city, website, email,
                phone, address, description, "group", notes, is_demo, created_at, updated_at,
                source_refs, basis, certificates_updated_at)
            SELECT 'Bench Certification ' || g, 'bench-cb-' || lpad(g::text, 4, '0'), '',
                'management_system_cb', 'DE', '', '', '', '', '', '', '', '', true, now(), now(),
                '', '', now()
            FROM generate_series(0, %s - 1) g
            ON CONFLICT (slug) DO NOTHING
            """,
            [BODIES],
        )
        cursor.execute(
            """
            INSERT INTO bodies_accreditation (body_id, accreditation_body_id, standard_id, number,
                status, granted_on, expires_on, scope_url, source_url, as_of, note, source_refs,
                basis)
            SELECT b.id, %s, %s, 'BENCH-ACC-' || substr(b.slug, 10), 'active', '2015-01-01',
                '2030-12-31', '', '', '', '', '', ''
            FROM bodies_body b
            WHERE b.slug LIKE 'bench-cb-%%'
              AND NOT EXISTS (SELECT 1 FROM bodies_accreditation a WHERE a.body_id = b.id)
            """,
            [ab_id, casco.pk],
        )
        cursor.execute(
            """
            INSERT INTO bodies_accreditation_schemes (accreditation_id, standard_id)
            SELECT a.id, %s FROM bodies_accreditation a JOIN bodies_body b ON b.id = a.body_id
            WHERE b.slug LIKE 'bench-cb-%%' ON CONFLICT DO NOTHING
            """,
            [scheme.pk],
        )
        cursor.execute(
            """
            INSERT INTO bodies_accreditation_sectors (accreditation_id, sector_id)
            SELECT a.id, s.id FROM bodies_accreditation a JOIN bodies_body b ON b.id = a.body_id
            CROSS JOIN accreditation_sector s
            WHERE b.slug LIKE 'bench-cb-%' AND s.code % 3 = (a.id % 3)
            ON CONFLICT DO NOTHING
            """
        )
        cursor.execute("SELECT count(*) FROM bodies_certificate WHERE number LIKE 'BN-%'")
        have = cursor.fetchone()[0]
    missing = certificates - have
    print(f"population: {have:,} bench certificates, adding {max(missing, 0):,}", flush=True)
    step = 500_000
    for start in range(have, certificates, step):
        stop = min(start + step, certificates)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM bodies_certificate")
            last_id = cursor.fetchone()[0]
            cursor.execute(
                """
                WITH bodies AS (
                    SELECT row_number() OVER (ORDER BY b.slug) - 1 AS n, b.id, a.id AS acc
                    FROM bodies_body b JOIN bodies_accreditation a ON a.body_id = b.id
                    WHERE b.slug LIKE 'bench-cb-%%'
                )
                INSERT INTO bodies_certificate (number, holder_name, holder_country, scope,
                    issued_on, expires_on, status, created_at, updated_at, accreditation_id,
                    issuing_body_id, scheme_id)
                SELECT 'BN-' || lpad(g::text, 8, '0'),
                    w[1 + (g * 7919) %% cardinality(w)] || ' '
                        || w[1 + (g * 104729) %% cardinality(w)] || ' '
                        || f[1 + (g * 31) %% cardinality(f)],
                    c[1 + g %% cardinality(c)],
                    'Design and manufacture', date '2023-01-01' + (g %% 900)::int,
                    date '2026-06-01' + (g %% 1200)::int,
                    CASE WHEN g %% 50 = 0 THEN 'suspended' ELSE 'valid' END, now(), now(),
                    bodies.acc, bodies.id, %(scheme)s
                FROM generate_series(%(start)s::bigint, %(stop)s::bigint - 1) g
                JOIN bodies ON bodies.n = g %% %(bodies)s
                CROSS JOIN (
                    SELECT %(words)s::text[] AS w, %(forms)s::text[] AS f,
                        %(countries)s::text[] AS c
                ) lists
                """,
                {
                    "words": WORDS,
                    "forms": FORMS,
                    "countries": COUNTRIES,
                    "scheme": scheme.pk,
                    "start": start,
                    "stop": stop,
                    "bodies": BODIES,
                },
            )
            cursor.execute(
                """
                INSERT INTO bodies_certificate_sectors (certificate_id, sector_id)
                SELECT c.id, s.id FROM bodies_certificate c
                JOIN bodies_accreditation_sectors s_a ON s_a.accreditation_id = c.accreditation_id
                JOIN accreditation_sector s ON s.id = s_a.sector_id
                WHERE c.id > %s AND s.code %% 13 = (c.id %% 13)
                ON CONFLICT DO NOTHING
                """,
                [last_id],
            )
        print(f"  {stop:,} certificates", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE bodies_certificate")
        cursor.execute("VACUUM ANALYZE bodies_certificate_sectors")


# --- 2. In-process ------------------------------------------------------------------------


def sample_numbers(count: int, certificates: int) -> list[str]:
    rng = random.Random(7)
    # Typed as a user would: lower case, spaces instead of dashes, now and then.
    numbers = []
    for _ in range(count):
        number = f"BN-{rng.randrange(certificates):08d}"
        numbers.append(number.lower().replace("-", " ") if rng.random() < 0.3 else number)
    return numbers


def in_process(iterations: int, certificates: int) -> list[str]:
    from django.utils import timezone

    from bodies.queries.verify import certificates_by_holder, certificates_by_number, verify_lookup

    numbers = sample_numbers(iterations, certificates)
    for number in numbers[:20]:  # warm the connection, caches and query plans
        verify_lookup(number=number, now=timezone.now())
    pending = iter(numbers)
    lookups = timed(lambda: verify_lookup(number=next(pending), now=timezone.now()), iterations)
    found = verify_lookup(number=numbers[0], now=timezone.now())
    assert len(found.verdicts) == 1, "a sampled number was not found"
    pending = iter(numbers)
    queries = timed(lambda: certificates_by_number(next(pending)), iterations)
    zero = timed(lambda: certificates_by_holder("Qzxw Vvkj Plonk Ltd"), 30)
    assert certificates_by_holder("Qzxw Vvkj Plonk Ltd").certificates == []
    near = timed(lambda: certificates_by_holder("Granite Harbor GmbH"), 30)
    hit = timed(lambda: certificates_by_holder("Vertex Lumen Kft"), 30)
    assert certificates_by_holder("Vertex Lumen Kft").certificates
    return [
        summary("verify_lookup(number) in-process", lookups),
        summary("certificates_by_number in-process", queries),
        summary("holder search, zero hits, in-process", zero),
        summary("holder search, near miss, in-process", near),
        summary("holder search, exact name, in-process", hit),
    ]


# --- 3. HTTP ------------------------------------------------------------------------------


def over_http(database_url: str, requests: int, certificates: int, port: int) -> list[str]:
    with gunicorn(database_url, port=port, workers=2):
        numbers = sample_numbers(requests, certificates)

        def timed_fetch(path: str) -> float:
            start = time.perf_counter()
            status, body = fetch(port, path, timeout=60)
            elapsed = (time.perf_counter() - start) * 1000
            assert status == 200, (path, status, body[:300])
            return elapsed

        # Warm both workers (the coverage table is cached per process).
        for number in numbers[:20]:
            timed_fetch("/verify/?number=" + number.replace(" ", "+"))
        verify = [timed_fetch("/verify/?number=" + n.replace(" ", "+")) for n in numbers]
        health = [timed_fetch("/healthz") for _ in range(min(requests, 200))]
        holder = [timed_fetch("/verify/?holder=Qzxw+Vvkj+Plonk+Ltd") for _ in range(30)]
    return [
        summary("GET /verify/?number= over HTTP", verify),
        summary("GET /verify/?holder= (zero hits) over HTTP", holder),
        summary("GET /healthz over HTTP (baseline)", health),
    ]


# --- 4. Import ----------------------------------------------------------------------------


def write_import_file(path: Path, rows: int) -> None:
    rng = random.Random(11)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "body",
                "number",
                "holder_name",
                "holder_country",
                "scheme",
                "sectors",
                "issued_on",
                "expires_on",
                "status",
                "accreditation_number",
                "scope",
            ]
        )
        for n in range(rows):
            body = n % BODIES
            writer.writerow(
                [
                    f"bench-cb-{body:04d}",
                    f"IMP-{n:08d}",
                    f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(FORMS)}",
                    rng.choice(COUNTRIES),
                    "iso-9001",
                    "",
                    f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    "2028-06-30",
                    "suspended" if n % 40 == 0 else "valid",
                    f"BENCH-ACC-{body:04d}",
                    "Design and manufacture",
                ]
            )


def delete_imported() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM bodies_certificate_sectors WHERE certificate_id IN "
            "(SELECT id FROM bodies_certificate WHERE number LIKE 'IMP-%')"
        )
        cursor.execute(
            "DELETE FROM bodies_statuschange WHERE certificate_id IN "
            "(SELECT id FROM bodies_certificate WHERE number LIKE 'IMP-%')"
        )
        cursor.execute("DELETE FROM bodies_certificate WHERE number LIKE 'IMP-%'")
        cursor.execute("DELETE FROM bodies_historicalcertificate WHERE number LIKE 'IMP-%'")
        cursor.execute("VACUUM ANALYZE bodies_certificate")
        cursor.execute("VACUUM ANALYZE bodies_historicalcertificate")


def import_run(rows: int) -> list[str]:
    from django.db import connection

    from bodies.imports.certificates import import_certificates

    delete_imported()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "bench-import.csv"
        write_import_file(path, rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP TABLE IF EXISTS bench_raw_copy; CREATE TABLE bench_raw_copy (body text, "
                "number text, holder_name text, holder_country text, scheme text, sectors text, "
                "issued_on text, expires_on text, status text, accreditation_number text, "
                "scope text)"
            )
        start = time.perf_counter()
        with (
            connection.cursor() as cursor,
            path.open("rb") as handle,
            cursor.copy("COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)") as copy,
        ):
            while data := handle.read(1 << 20):
                copy.write(data)
        raw = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_raw_copy")

        def run_import() -> tuple[float, object]:
            start = time.perf_counter()
            with path.open("rb") as handle:
                report = import_certificates(stream=handle, name=path.name)
            return time.perf_counter() - start, report

        first, first_report = run_import()
        assert first_report.written and first_report.created == rows, first_report.summary()
        again, report_again = run_import()
        assert report_again.unchanged == rows, report_again.summary()
    delete_imported()
    phases = [
        f"    {name:<40} {first_report.timings.get(name, 0):7.2f} s  "
        f"{report_again.timings.get(name, 0):7.2f} s"
        for name in first_report.timings
    ]
    return [
        f"raw COPY of the file into a scratch table     {raw:8.2f} s   {rows / raw:10,.0f} rows/s",
        f"import_certificates (all new rows)            {first:8.2f} s   {rows / first:10,.0f} "
        f"rows/s   = {raw / first:.2f}x the raw COPY rate",
        f"import_certificates again (nothing changes)   {again:8.2f} s   {rows / again:10,.0f} "
        f"rows/s   = {raw / again:.2f}x the raw COPY rate",
        "  phases (first import, re-import):",
        *phases,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--certificates", type=int, default=3_000_000)
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--http-requests", type=int, default=300)
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument(
        "--skip", default="", help="comma-separated: populate,inprocess,http,import"
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    database_url = os.environ.get("DATABASE_URL", "")
    setup_django(database_url)
    lines = []
    if "populate" not in skip:
        populate(args.certificates)
    if "inprocess" not in skip:
        lines += in_process(args.iterations, args.certificates)
    if "http" not in skip:
        lines += over_http(database_url, args.http_requests, args.certificates, args.port)
    if "import" not in skip:
        lines += import_run(args.import_rows)
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
