"""Fault test: PostgreSQL stops under load, and again in the middle of an import.

    .venv/bin/python bench/fault.py [--port 8103] [--pg-port 55432] [--outage 10]
        [--bodies 300 --certificates 50000] [--import-rows 150000]

Everything runs against a PRIVATE PostgreSQL cluster made for the run (initdb into a
temporary directory, port 55432, run as the postgres user when this runs as root), so the
machine's shared server is never stopped. The cluster is removed at the end.

1. Seeds the cluster (bench/seed.py, small), starts gunicorn (gunicorn.conf.py, production
   settings, port 8103) and `--clients` threads that request the public pages in a loop.
2. After `--before` seconds stops PostgreSQL (`pg_ctl stop -m fast`, what a restart does),
   keeps it down `--outage` seconds, starts it again, and keeps the load on for `--after`
   seconds. Counts responses by status before, during and after the outage; checks that
   every 503 is the friendly page (and no response carries a stack trace); measures the
   time from PostgreSQL being back to the first 200 and to the last error.
3. Writes a CSV of `--import-rows` new certificates, runs `manage.py import_certificates`
   on it, and kills PostgreSQL (`pg_ctl stop -m immediate`, a crash) once the import has
   been writing for `--import-stop-after` seconds. After the restart (crash recovery), the
   certificate count must equal the count before the import: all or nothing.
"""

import argparse
import contextlib
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (  # noqa: E402
    ROOT,
    fetch,
    gunicorn,
    percentile,
    production_environment,
    public_paths,
    seed,
    setup_django,
    warm,
)

FRIENDLY = b"certdir is temporarily unavailable"
LEAKS = (b"Traceback", b"OperationalError", b"psycopg", b'File "/')


class PrivateCluster:
    """A throw-away PostgreSQL cluster: initdb, start, stop, nothing shared."""

    def __init__(self, directory: Path, port: int) -> None:
        binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
        if not binaries:
            sys.exit("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
        self.bin = binaries[-1]
        self.directory = directory
        self.data = directory / "data"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/certdir_fault"

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        # PostgreSQL refuses to run as root: drop to the postgres user.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command], capture_output=True, text=True, check=check, cwd=self.directory
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--no-instructions",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def text(self, sql: str) -> str:
        result = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-tAc", sql, "certdir_fault"
        )
        return result.stdout.strip()

    def count(self, sql: str) -> int:
        return int(self.text(sql))


@contextlib.contextmanager
def private_cluster(port: int) -> Iterator[PrivateCluster]:
    directory = Path(tempfile.mkdtemp(prefix="certdir-fault-"))
    cluster = PrivateCluster(directory, port)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            cluster.stop("immediate")
        shutil.rmtree(directory, ignore_errors=True)


# --- 1-2. The site under load while the database goes away --------------------------------


@dataclass
class Response:
    started: float
    finished: float
    path: str
    status: int  # 0: no HTTP answer at all (connection refused / reset / timeout)
    friendly: bool
    leaked: bool


def load(port: int, paths: list[str], clients: int, stop: threading.Event) -> list[Response]:
    responses: list[Response] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        index = offset
        while not stop.is_set():
            path = paths[index % len(paths)]
            index += 1
            started = time.monotonic()
            try:
                status, body = fetch(port, path, timeout=30)
            except OSError:
                status, body = 0, b""
            record = Response(
                started,
                time.monotonic(),
                path,
                status,
                FRIENDLY in body,
                any(leak in body for leak in LEAKS),
            )
            with lock:
                responses.append(record)

    threads = [threading.Thread(target=client, args=(n * 7,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    stop.wait()
    for thread in threads:
        thread.join()
    return responses


def outage_under_load(cluster: PrivateCluster, args: argparse.Namespace) -> list[str]:
    setup_django(cluster.url)
    from django.db import connection

    paths = [*public_paths(per_kind=3), "/healthz", "/readyz"]
    connection.close()
    log = cluster.directory.parent / "certdir-fault-gunicorn.log"
    print(f"gunicorn's log (the outage's errors, as operators see them): {log}")
    # As production runs it: workers recycled after GUNICORN_MAX_REQUESTS.
    with gunicorn(cluster.url, port=args.port, workers=args.workers, log=log, recycle_workers=True):
        for path in paths:  # every page answers before the fault
            warm(args.port, path)
        stop = threading.Event()
        results: list[Response] = []
        runner = threading.Thread(
            target=lambda: results.extend(load(args.port, paths, args.clients, stop))
        )
        runner.start()
        time.sleep(args.before)
        down_at = time.monotonic()
        cluster.stop("fast")
        stopped_at = time.monotonic()
        time.sleep(args.outage)
        start_at = time.monotonic()
        cluster.start()
        up_at = time.monotonic()
        time.sleep(args.after)
        stop.set()
        runner.join()
    logged = log.read_text().count("Database unavailable")
    return [
        *describe_outage(results, down_at, stopped_at, start_at, up_at),
        f"outage errors logged by the app (with their tracebacks, for operators): {logged}",
    ]


def describe_outage(
    results: list[Response], down_at: float, stopped_at: float, start_at: float, up_at: float
) -> list[str]:
    def phase(response: Response) -> str:
        if response.finished < down_at:
            return "before"
        if response.started > stopped_at and response.finished < start_at:
            return "down"
        if response.started > up_at:
            return "after"
        return "transition"

    by_phase: dict[str, Counter] = {name: Counter() for name in ("before", "down", "after")}
    by_phase["transition"] = Counter()
    for response in results:
        by_phase[phase(response)][response.status] += 1
    probes = {
        path: Counter(r.status for r in results if r.path == path and phase(r) == "down")
        for path in ("/healthz", "/readyz")
    }
    # /readyz answers its own plain-text 503; every page must answer the friendly one.
    unfriendly_503 = sum(
        1 for r in results if r.status == 503 and not r.friendly and r.path != "/readyz"
    )
    served_while_down = sorted(
        {r.path for r in results if phase(r) == "down" and r.status == 200} - set(probes)
    )
    leaks = sum(1 for r in results if r.leaked)
    errors_after_up = [r for r in results if r.started >= start_at and r.status != 200]
    first_ok = min((r.finished for r in results if r.started >= start_at and r.status == 200),
                   default=None)  # fmt: skip
    last_error = max((r.finished for r in errors_after_up), default=None)
    down_latency = [
        (r.finished - r.started) * 1000
        for r in results
        if phase(r) == "down" and r.path not in probes
    ]
    lines = [
        f"stop -m fast took {stopped_at - down_at:.1f} s; down {start_at - stopped_at:.1f} s; "
        f"start took {up_at - start_at:.1f} s",
        *(
            f"{name:<11} {sum(counts.values()):6,} responses  {dict(sorted(counts.items()))}"
            for name, counts in by_phase.items()
        ),
        f"while down: /healthz {dict(probes['/healthz'])}, /readyz {dict(probes['/readyz'])}; "
        f"page p50 {percentile(down_latency, 0.5):.0f} ms, "
        f"p99 {percentile(down_latency, 0.99):.0f} ms",
        f"pages that still answered 200 while down (no query, or cached): {served_while_down}",
        f"503 responses that were not the friendly page: {unfriendly_503}",
        f"responses showing a stack trace or driver error: {leaks}",
    ]
    if first_ok is not None:
        lines.append(f"first 200 after PostgreSQL was back: {first_ok - up_at:+.2f} s")
    lines.append(
        "last error after PostgreSQL was back: "
        + (f"{last_error - up_at:+.2f} s" if last_error else "none")
        + f" ({len(errors_after_up)} non-200 responses started after the start command)"
    )
    return lines


# --- 3. An import when the database goes away ---------------------------------------------


def write_import_file(path: Path, rows: int, bodies: list[str]) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["body", "number", "holder_name", "holder_country", "scheme", "issued_on",
             "expires_on", "status"]
        )  # fmt: skip
        for n in range(rows):
            writer.writerow(
                [bodies[n % len(bodies)], f"FAULT-{n:08d}", f"Holder {rng.randrange(10**6)} Ltd",
                 "DE", "iso-9001", "2025-03-01", "2028-02-28", "valid"]
            )  # fmt: skip


def import_interrupted(cluster: PrivateCluster, args: argparse.Namespace) -> list[str]:
    setup_django(cluster.url)
    from django.db import connection

    from bodies.models import Body

    bodies = list(Body.objects.order_by("pk").values_list("slug", flat=True)[:200])
    connection.close()
    before = cluster.count("SELECT count(*) FROM bodies_certificate")
    history_before = cluster.count("SELECT count(*) FROM bodies_historicalcertificate")
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "fault-import.csv"
        write_import_file(path, args.import_rows, bodies)
        environment = production_environment(cluster.url, port=args.port)
        started = time.monotonic()
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_certificates", str(path)],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        time.sleep(args.import_stop_after)
        if importer.poll() is not None:
            sys.exit(
                f"The import finished in under {args.import_stop_after} s: use more "
                f"--import-rows. {importer.stdout.read()[-500:]}"
            )
        # What the import was doing when the database went away (its phase's SQL).
        doing = cluster.text(
            "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_activity "
            "WHERE datname = 'certdir_fault' AND pid <> pg_backend_pid() AND state <> 'idle'"
        )
        cluster.stop("immediate")
        killed_at = time.monotonic() - started
        output, _ = importer.communicate(timeout=120)
        cluster.start()
    after = cluster.count("SELECT count(*) FROM bodies_certificate")
    partial = cluster.count("SELECT count(*) FROM bodies_certificate WHERE number LIKE 'FAULT-%'")
    history_after = cluster.count("SELECT count(*) FROM bodies_historicalcertificate")
    last_line = (output.strip().splitlines() or ["(no output)"])[-1]
    verdict = "all or nothing: OK" if (after, partial) == (before, 0) else "PARTIAL DATA"
    return [
        f"import of {args.import_rows:,} rows; PostgreSQL killed {killed_at:.1f} s into it",
        f"the import's statement at that moment: {doing or '(between statements)'}",
        f"import exit status {importer.returncode}: {last_line[:160]}",
        f"certificates before {before:,}, after {after:,}; rows of the file present: {partial}",
        f"certificate history rows before {history_before:,}, after {history_after:,}",
        verdict,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--pg-port", type=int, default=55432)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--bodies", type=int, default=300)
    parser.add_argument("--certificates", type=int, default=50_000)
    parser.add_argument("--before", type=float, default=10)
    parser.add_argument("--outage", type=float, default=10)
    parser.add_argument("--after", type=float, default=20)
    parser.add_argument("--import-rows", type=int, default=150_000)
    parser.add_argument("--import-stop-after", type=float, default=6)
    args = parser.parse_args()
    with private_cluster(args.pg_port) as cluster:
        seed(cluster.url, args.bodies, args.certificates, quiet=True)  # creates certdir_fault
        print(f"Private cluster on port {args.pg_port} seeded; load with {args.clients} clients")
        outage = outage_under_load(cluster, args)
        print("\n".join(["", "== PostgreSQL stopped under load", *outage]))
        interrupted = import_interrupted(cluster, args)
        print("\n".join(["", "== PostgreSQL killed during an import", *interrupted]))


if __name__ == "__main__":
    main()
