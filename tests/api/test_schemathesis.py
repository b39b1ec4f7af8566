"""Property-based testing of the whole API against its own OpenAPI schema (schemathesis).

Every operation gets generated requests, valid and invalid: no answer may be a 500, and every
answer must match what the schema documents (status code, content type, body). A bounded
number of examples per operation keeps the run short.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

EXAMPLES = 25


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


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_and_never_fails(case):
    case.call_and_validate()
