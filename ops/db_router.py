"""Read replicas: reads go to a replica, writes and everything after a write to the primary.

settings.DATABASE_REPLICA_ALIASES lists the replica aliases ("replica_1", ... built from
DATABASE_REPLICA_URLS). With none configured, every method answers None and Django uses
"default" as usual, so the router is always installed.

Rules, in order, for a read:
1. the request has written (any `db_for_write` call in this request) -> primary, so a view
   that saves and then reads sees its own write; a request that arrives with the pin cookie
   (set by ReplicaPinMiddleware after a request that wrote) -> primary, so the page a
   POST redirects to sees the write even when the replica lags;
2. inside `transaction.atomic()` on the primary -> primary (the transaction's snapshot);
3. sessions, axes (login attempts and lockouts) and admin log entries -> primary: they are
   read right after being written, across requests;
4. otherwise a replica chosen at random (spreading load without shared state).

The pin lives in a context variable, so it is per request in a sync worker (reset by the
middleware at the start and end of every request) and per task under ASGI.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model

# Apps whose rows are read right after they were written, possibly by the previous request.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes", "admin"})

_read_from_primary: ContextVar[bool] = ContextVar("certdir_read_from_primary", default=False)
_wrote: ContextVar[bool] = ContextVar("certdir_wrote", default=False)


def replica_aliases() -> list[str]:
    return list(settings.DATABASE_REPLICA_ALIASES)


def pin_to_primary() -> None:
    """Send the rest of this request's reads to the primary."""
    _read_from_primary.set(True)


def request_wrote() -> bool:
    """Whether this request routed a write (so the next request should read the primary)."""
    return _wrote.get()


def start_request(*, pinned: bool) -> tuple[object, object]:
    """Reset the pin for a new request; returns tokens for `end_request`."""
    return _read_from_primary.set(pinned), _wrote.set(False)


def end_request(tokens: tuple[object, object]) -> None:
    read_token, wrote_token = tokens
    _read_from_primary.reset(read_token)  # type: ignore[arg-type]
    _wrote.reset(wrote_token)  # type: ignore[arg-type]


class PrimaryReplicaRouter:
    """See the module docstring. Listed in settings.DATABASE_ROUTERS."""

    def db_for_read(self, model: type[Model], **hints: object) -> str | None:
        replicas = replica_aliases()
        if not replicas:
            return None
        if (
            _read_from_primary.get()
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
            or model._meta.app_label in PRIMARY_ONLY_APPS
        ):
            return DEFAULT_DB_ALIAS
        return random.choice(replicas)

    def db_for_write(self, model: type[Model], **hints: object) -> str:
        _read_from_primary.set(True)
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Model, obj2: Model, **hints: object) -> bool | None:
        """Rows read from a replica may be related to rows of the primary: same database."""
        pool = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        """Only the primary is migrated; replicas receive the schema by replication."""
        return db == DEFAULT_DB_ALIAS
