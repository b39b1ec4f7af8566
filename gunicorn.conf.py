"""gunicorn configuration: `gunicorn -c gunicorn.conf.py certdir.wsgi`.

Every value comes from the environment through certdir/env.py's strict readers, so a typo
such as WEB_CONCURRENCY=four stops start-up with a message naming the variable.

Reloading: `kill -HUP <master pid>` re-reads this file and replaces the workers gracefully
(new workers start with the new code and settings, old ones finish their requests within
GUNICORN_GRACEFUL_TIMEOUT). That is gunicorn's default behaviour and it relies on
preload_app staying off, as it is here. TERM stops gracefully; INT/QUIT stop at once.
"""

import os
import sys
from pathlib import Path

# gunicorn executes this file before it imports the application; make the project importable.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from certdir.env import env_int, env_parsed, env_str  # noqa: E402

MAX_DEFAULT_WORKERS = 12
LOG_LEVELS = ("debug", "info", "warning", "error", "critical")


def bind_address(value: str) -> str:
    """HOST:PORT ("0.0.0.0:8000", "[::]:8000") or unix:PATH."""
    value = value.strip()
    if value.startswith("unix:") and len(value) > len("unix:"):
        return value
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("expected HOST:PORT or unix:PATH")
    return value


def log_level(value: str) -> str:
    if value.lower() not in LOG_LEVELS:
        raise ValueError("unknown log level")
    return value.lower()


def available_cores() -> int:
    """CPUs this process may run on (respects container CPU sets, unlike os.cpu_count())."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(cores: int) -> int:
    """gunicorn's rule of thumb for sync workers, 2 x cores + 1, capped to bound memory."""
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


bind = [env_parsed("GUNICORN_BIND", "0.0.0.0:8000", bind_address, "HOST:PORT or unix:PATH")]  # noqa: S104
workers = env_int("WEB_CONCURRENCY", default_workers(available_cores()), minimum=1)
# Sync workers: the views are short and CPU-bound, and the database connection of a worker
# is reused between requests (CONN_MAX_AGE). Slow clients belong behind a buffering proxy.
worker_class = "sync"
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
# Ignored by sync workers (one request per connection); applies if worker_class changes.
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=1)
# Recycle workers now and then so that slow leaks cannot grow; the jitter keeps them from all
# restarting at once.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100, minimum=0)

# Logs: access log to stdout, errors to stderr (the container runtime collects both).
accesslog = "-"  # stdout
errorlog = "-"  # stderr
loglevel = env_parsed("GUNICORN_LOG_LEVEL", "info", log_level, f"one of {', '.join(LOG_LEVELS)}")
# Combined log format plus the request time in milliseconds (%(M)s) and the client address
# the load balancer saw (X-Forwarded-For).
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" '
    '%(M)sms xff="%({x-forwarded-for}i)s"'
)

# gunicorn's control socket (for `gunicornc`) defaults to ~/.gunicorn/gunicorn.ctl, one path
# shared by every instance of the same user; off unless a path is given. Signals (HUP, TERM,
# TTIN/TTOU) do the same jobs.
control_socket = env_str("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

# The worker heartbeat file on a RAM disk: a container's overlay disk can stall it.
if Path("/dev/shm").is_dir():  # noqa: S108
    worker_tmp_dir = "/dev/shm"  # noqa: S108
