"""Read replicas: reads go to a replica; writes, and reads after a write, to the primary.

"replica_1" (tests/conftest.py) is a second connection to the test database, as a real
replica is a second server with the same data. Tests that let reads reach it commit their
rows (transactional_db): a replica only ever sees committed data.
"""

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.test.utils import CaptureQueriesContext

from accreditation.models import AccreditationBody, Sector
from bodies.models import Accreditation, Body
from ops import db_router
from ops.middleware import PIN_COOKIE
from tests.conftest import REPLICA_ALIAS

# Routing decisions alone need no database; tests that query use both connections.
both_databases = pytest.mark.django_db(
    transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA_ALIAS]
)


@pytest.fixture
def replica(settings):
    """Route reads to REPLICA_ALIAS, starting from a fresh (unpinned) request context."""
    settings.DATABASE_REPLICA_ALIASES = [REPLICA_ALIAS]
    tokens = db_router.start_request(pinned=False)
    yield REPLICA_ALIAS
    db_router.end_request(tokens)


def sector_queries(context: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in context.captured_queries if "sector" in query["sql"]]


def test_without_replicas_the_router_leaves_everything_on_default(settings):
    settings.DATABASE_REPLICA_ALIASES = []
    assert router.db_for_read(Body) == DEFAULT_DB_ALIAS
    assert Body.objects.all().db == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica(replica):
    assert router.db_for_read(Body) == replica
    assert Body.objects.all().db == replica


def test_writes_go_to_the_primary(replica):
    assert router.db_for_write(Body) == DEFAULT_DB_ALIAS
    assert Body.objects.all()._clone().select_for_update().db == DEFAULT_DB_ALIAS


@both_databases
def test_a_read_after_a_write_goes_to_the_primary(replica):
    assert Sector.objects.all().db == replica
    sector = Sector.objects.create(code=7, name="Paper and paper products")
    assert sector._state.db == DEFAULT_DB_ALIAS
    assert Sector.objects.all().db == DEFAULT_DB_ALIAS


@both_databases
def test_the_replica_connection_really_serves_the_read(replica):
    Sector.objects.using(DEFAULT_DB_ALIAS).create(code=3, name="Food products")
    db_router.start_request(pinned=False)  # a new request, after the row was committed
    with CaptureQueriesContext(connections[replica]) as on_replica:
        sector = Sector.objects.get(code=3)
    assert sector.name == "Food products"
    assert sector._state.db == replica
    assert len(sector_queries(on_replica)) == 1


@both_databases
def test_reads_inside_a_transaction_on_the_primary_stay_there(replica):
    with transaction.atomic():
        assert Body.objects.all().db == DEFAULT_DB_ALIAS
    assert Body.objects.all().db == replica


def test_sessions_are_always_read_from_the_primary(replica):
    assert Session.objects.all().db == DEFAULT_DB_ALIAS


def test_only_the_primary_is_migrated(replica):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "bodies") is True
    assert router.allow_migrate(replica, "bodies") is False


@both_databases
def test_rows_from_replica_and_primary_may_be_related(
    replica, make_accreditation_body, make_body, casco_17021
):
    ab = make_accreditation_body("UKAS")
    body = make_body("Related Body")
    db_router.start_request(pinned=False)
    from_replica = AccreditationBody.objects.get(pk=ab.pk)
    assert from_replica._state.db == replica
    assert router.allow_relation(body, from_replica) is True
    # Without allow_relation, assigning a replica row to a primary row raises ValueError.
    accreditation = Accreditation(body=body, accreditation_body=from_replica, standard=casco_17021)
    accreditation.save()
    assert Accreditation.objects.using(DEFAULT_DB_ALIAS).get().accreditation_body == ab


@both_databases
@pytest.mark.urls("tests.ops.urls")
def test_a_request_reads_the_replica_then_the_primary_after_its_write(client, replica):
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
        CaptureQueriesContext(connections[replica]) as on_replica,
    ):
        response = client.get("/ops-test/read-write-read/")
    assert response.content == b"0 1"
    replica_sql = sector_queries(on_replica)
    primary_sql = sector_queries(on_primary)
    assert len(replica_sql) == 1 and replica_sql[0].startswith("SELECT COUNT")
    assert [sql.split()[0] for sql in primary_sql] == ["INSERT", "INSERT", "SELECT"]
    assert "historicalsector" in primary_sql[1]
    # The pin ends with the request: the next one reads from the replica again ...
    client.cookies.pop(PIN_COOKIE)
    with CaptureQueriesContext(connections[replica]) as next_on_replica:
        assert client.get("/ops-test/count-sectors/").content == b"1"
    assert len(sector_queries(next_on_replica)) == 1


@both_databases
@pytest.mark.urls("tests.ops.urls")
def test_the_request_after_a_write_reads_the_primary_while_the_replica_catches_up(
    client, replica, settings
):
    settings.DATABASE_REPLICA_PIN_SECONDS = 10
    response = client.get("/ops-test/read-write-read/")
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == 10 and pin["httponly"]
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as on_primary,
        CaptureQueriesContext(connections[replica]) as on_replica,
    ):
        assert client.get("/ops-test/count-sectors/").content == b"1"
    assert len(sector_queries(on_primary)) == 1
    assert sector_queries(on_replica) == []


@both_databases
@pytest.mark.urls("tests.ops.urls")
def test_a_request_that_only_reads_sets_no_pin(client, replica):
    response = client.get("/ops-test/count-sectors/")
    assert PIN_COOKIE not in response.cookies
