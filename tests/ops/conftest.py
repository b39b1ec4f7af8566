"""A populated site shared by the tests of one module that sweep every public page."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.ops.public_site import Population, populate, public_patterns, resolve_addresses


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[tuple[Population, dict[str, str]]]:
    """(population, addresses): the data loaded once per module in a transaction that is
    rolled back afterwards (each test still runs in its own savepoint), and the path of
    every public page with its parameters filled from that data.

    Rate limits are off: a sweep requests the same page far more often than a person does.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(RATELIMIT_ENABLE=False),
        transaction.atomic(),
    ):
        population = populate()
        addresses = resolve_addresses(Client(), public_patterns())
        yield population, addresses
        transaction.set_rollback(True)
