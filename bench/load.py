"""Load test: wrk against gunicorn + PostgreSQL over the public pages; target 0 errors.

    .venv/bin/python bench/load.py \\
        [--database-url postgres://postgres@127.0.0.1:5432/certdir_load] \\
        [--bodies 1000 --certificates 200000] [--skip-seed] [--duration 60] [--connections 32]

1. Creates the database if it is missing and seeds it with bench/seed.py (reference data and
   a fictional population; `--skip-seed` reuses what is there).
2. Lists the public pages with real slugs and numbers (bench/harness.py public_paths) and
   checks each answers 200 once.
3. Starts gunicorn from gunicorn.conf.py (sync workers, production settings, port 8103) and
   runs wrk for `--duration` seconds at `--connections` connections, cycling through the
   pages (bench/cycle.lua counts responses by status).
4. Prints requests/s, p50 / p99 latency, non-2xx responses and socket errors, then the
   requests/s of `--baseline` seconds on /healthz (a view that does nothing) with the same
   server, to tell how much of the machine the run had.

Needs wrk (`apt-get install -y wrk`). The machine is shared: quote the median of runs.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import ROOT, fetch, gunicorn, public_paths, setup_django  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certdir_load_harden"


def ensure_database(database_url: str) -> None:
    import dj_database_url

    config = dj_database_url.parse(database_url)
    exists = subprocess.run(
        ["psql", "-h", config["HOST"], "-p", str(config["PORT"] or 5432), "-U", config["USER"],
         "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{config['NAME']}'", "postgres"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not exists:
        subprocess.run(
            ["createdb", "-h", config["HOST"], "-p", str(config["PORT"] or 5432),
             "-U", config["USER"], config["NAME"]],
            check=True,
        )  # fmt: skip


def seed(database_url: str, bodies: int, certificates: int) -> None:
    """bench/seed.py in its own process (Django reads DATABASE_URL once per process)."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "seed.py"), "--database-url", database_url,
         "--bodies", str(bodies), "--certificates", str(certificates), "--seed", "1"],
        check=True,
    )  # fmt: skip


def run_wrk(port: int, paths: list[str], *, duration: int, connections: int, threads: int) -> dict:
    """One wrk run cycling through `paths`; the JSON line bench/cycle.lua prints, as a dict."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        result = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
             "-s", str(ROOT / "bench" / "cycle.lua"), f"http://127.0.0.1:{port}", "--",
             listing.name],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK_JSON "))
    return json.loads(line.removeprefix("WRK_JSON "))


def summarise(result: dict) -> list[str]:
    seconds = result["duration_us"] / 1e6
    statuses = {int(status): count for status, count in result["statuses"].items()}
    non_2xx = sum(count for status, count in statuses.items() if not 200 <= status < 300)
    socket_errors = sum(v for k, v in result["errors"].items() if k != "status")
    latency = result["latency_us"]
    return [
        f"requests          {result['requests']:,} in {seconds:.1f} s",
        f"requests/s        {result['requests'] / seconds:,.1f}",
        f"latency p50       {latency['p50'] / 1000:.1f} ms",
        f"latency p99       {latency['p99'] / 1000:.1f} ms   (max {latency['max'] / 1000:.0f} ms)",
        f"statuses          {dict(sorted(statuses.items()))}",
        f"non-2xx           {non_2xx}",
        f"socket errors     {socket_errors}   {result['errors']}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--bodies", type=int, default=1000)
    parser.add_argument("--certificates", type=int, default=200_000)
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--workers", type=int, help="default: gunicorn.conf.py's (2 x cores + 1)")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--baseline", type=int, default=10, help="seconds of wrk on /healthz after (0: none)"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    ensure_database(args.database_url)
    if not args.skip_seed:
        seed(args.database_url, args.bodies, args.certificates)
    setup_django(args.database_url)
    paths = public_paths()
    print(f"{len(paths)} public pages in the cycle")
    load_before = os.getloadavg()[0]
    with gunicorn(args.database_url, port=args.port, workers=args.workers):
        for path in paths:  # every page answers, and each worker warms its caches
            status, body = fetch(args.port, path)
            if status != 200:
                sys.exit(f"{path} answered {status}: {body[:300]!r}")
        result = run_wrk(
            args.port,
            paths,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
        )
        # The same server on a view that does nothing: what the machine allows right now.
        baseline = (
            run_wrk(
                args.port,
                ["/healthz"],
                duration=args.baseline,
                connections=args.connections,
                threads=args.threads,
            )
            if args.baseline
            else None
        )
    print("\n".join(summarise(result)))
    if baseline:
        rate = baseline["requests"] / (baseline["duration_us"] / 1e6)
        print(f"baseline /healthz {rate:,.1f} requests/s over {args.baseline} s")
    # The machine may be shared: the load average says how much of it the run had.
    print(f"load average      {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (1 min)")


if __name__ == "__main__":
    main()
