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
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.harness import (  # noqa: E402
    ensure_database,
    gunicorn,
    public_paths,
    seed,
    setup_django,
    warm,
    wrk_cycle,
)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/certdir_load_harden"


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
    # As production runs it: gunicorn.conf.py's workers, recycled after GUNICORN_MAX_REQUESTS.
    with gunicorn(args.database_url, port=args.port, workers=args.workers, recycle_workers=True):
        for path in paths:  # every page answers, and each worker warms its caches
            warm(args.port, path)
        result = wrk_cycle(
            args.port,
            paths,
            duration=args.duration,
            connections=args.connections,
            threads=args.threads,
        )
        # The same server on a view that does nothing: what the machine allows right now.
        baseline = (
            wrk_cycle(
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
