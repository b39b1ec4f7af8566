"""Fill a PostgreSQL database for benchmarks: migrate, reference data, demo data; print timings.

    .venv/bin/python bench/seed.py \\
        --database-url postgres://postgres@127.0.0.1:5432/certdir_bench \\
        --bodies 5000 --certificates 3000000 --seed 1

Importable too: `from bench.seed import seed` then `seed(url, 5000, 3_000_000, 1)` returns
the timings. Demo rows already in the database are replaced; real rows are never touched.
"""

import argparse
import datetime
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import setup_django  # noqa: E402


def seed(
    database_url: str,
    bodies: int,
    certificates: int,
    seed: int,
    *,
    as_of: datetime.date | None = None,
    verbose: bool = True,
) -> dict[str, float]:
    """Migrate, load the reference data and seed demo data; seconds per step (and rows/s)."""
    setup_django(database_url)
    from django.core.management import call_command, get_commands
    from django.db import connection

    from accreditation.models import AccreditationBody
    from bodies.demo import clear_demo, demo_rows_exist, seed_demo

    say = print if verbose else (lambda *args: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    timings["migrate"] = time.perf_counter() - started
    if "load_reference" in get_commands():
        step = time.perf_counter()
        call_command("load_reference", verbosity=0)
        timings["load_reference"] = time.perf_counter() - step
    elif not AccreditationBody.objects.exists():
        raise SystemExit(
            "This checkout has no `load_reference` command and the database holds no "
            "reference data: load it first (manage.py load_reference), then run this again."
        )
    else:
        say("load_reference is not available here: using the reference rows already loaded.")
    if demo_rows_exist():
        cleared = clear_demo()
        timings["clear_demo"] = cleared.seconds
        rows = sum(t.rows for t in cleared.timings)
        say(f"cleared {rows:,} demo rows first, in {cleared.seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    server_cpu, own_cpu = _cpu_seconds(backend), _own_cpu_seconds()
    report = seed_demo(
        bodies=bodies,
        certificates=certificates,
        seed=seed,
        as_of=as_of or datetime.date.today(),
        progress=say,
    )
    timings["python_cpu"] = _own_cpu_seconds() - own_cpu
    if server_cpu is not None and (after := _cpu_seconds(backend)) is not None:
        timings["postgresql_cpu"] = after - server_cpu
    for timing in report.timings:
        timings[timing.table] = timing.seconds
        say(
            f"{timing.table:42} {timing.rows:>11,} rows {timing.seconds:8.2f} s "
            f"{timing.rows_per_second:>11,.0f} rows/s"
        )
    for step, seconds in report.steps.items():
        timings[step] = seconds
        say(f"{step:42} {seconds:26.2f} s")
    timings["seed_demo"] = report.seconds
    timings["total"] = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(
        f"seed_demo {report.seconds:.1f} s, total {timings['total']:.1f} s, "
        f"peak memory of this process {peak_mb:.0f} MB"
    )
    # CPU seconds tell more than wall time on a shared machine: the load is CPU-bound on
    # both sides, so an idle machine with two cores takes about the larger of the two.
    cpu = f"CPU: Python {timings['python_cpu']:.1f} s"
    if "postgresql_cpu" in timings:
        cpu += f", PostgreSQL backend {timings['postgresql_cpu']:.1f} s"
    say(cpu)
    return timings


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_seconds(pid: int) -> float | None:
    """CPU seconds used by a local process (the PostgreSQL backend), if /proc shows it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a remote server, or no /proc
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres://user@host:5432/name (default: $DATABASE_URL)",
    )
    parser.add_argument("--bodies", type=int, default=5000)
    parser.add_argument("--certificates", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--as-of",
        type=datetime.date.fromisoformat,
        help="The day demo dates are relative to (default today).",
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    setup_django(args.database_url)
    from bodies.demo import DemoDataError

    try:
        seed(args.database_url, args.bodies, args.certificates, args.seed, as_of=args.as_of)
    except DemoDataError as error:
        raise SystemExit(f"seed_demo: {error}") from error


if __name__ == "__main__":
    main()
