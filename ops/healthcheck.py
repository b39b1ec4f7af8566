"""Container health check: `python -m ops.healthcheck` exits 0 when /healthz answers "ok".

Used by the Dockerfile's HEALTHCHECK (the slim image has no curl). It sends a Host header
taken from DJANGO_ALLOWED_HOSTS, because Django answers 400 to a Host it does not serve, and
it does not import Django, so a probe costs one short process.
"""

import os
import sys
import urllib.request


def probe_host(allowed_hosts: str) -> str:
    """A host name Django accepts: the first allowed host, made concrete if it is a pattern."""
    first = allowed_hosts.split(",")[0].strip()
    if first in ("", "*"):
        return "localhost"
    if first.startswith("."):  # ".example.org" allows example.org and its subdomains
        return first[1:]
    return first


def probe_port(bind: str) -> str:
    """The port of GUNICORN_BIND ("0.0.0.0:8000", "[::]:8000"); 8000 when unset."""
    return bind.rsplit(":", 1)[1] if ":" in bind else "8000"


def main() -> int:
    port = probe_port(os.environ.get("GUNICORN_BIND", ""))
    request = urllib.request.Request(  # noqa: S310 (a fixed http URL on localhost)
        f"http://127.0.0.1:{port}/healthz",
        headers={"Host": probe_host(os.environ.get("DJANGO_ALLOWED_HOSTS", ""))},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            healthy = response.status == 200 and response.read().strip() == b"ok"
    except OSError as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
