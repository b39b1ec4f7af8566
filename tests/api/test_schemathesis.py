"""Property-based testing of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid: no answer may be a 500, and every
answer must match what the schema documents (status code, content type, body). A bounded
number of examples per operation keeps the run short.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

EXAMPLES = 20


# A schema-valid request may still be refused, as documented: an unknown slug (`body=x`) is a
# 400 naming the parameter, an unknown cursor a 404, and /verify/ needs a number or a holder
# (a rule OpenAPI query parameters cannot express). Every other check runs as shipped.
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404"]}}}
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _data(certified, settings):
    settings.CERTDIR_API_RATE = "100000/m"  # the throttle is tested on its own


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """Requests go through the WSGI application, whose request signals would close the
    connection holding the test's transaction (persistent PostgreSQL connections are closed
    when not in autocommit); Django's test client disconnects them the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_and_never_fails(case):
    case.call_and_validate()
