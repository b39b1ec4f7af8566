"""The OpenAPI schema and the docs page: a valid OpenAPI 3 document describing every endpoint,
and Swagger UI served from vendored static files under the site's CSP."""

import re

import pytest
from drf_spectacular.validation import validate_schema
from playwright.sync_api import expect

ENDPOINTS = [
    "/api/v1/accreditation-bodies/",
    "/api/v1/accreditation-bodies/{slug}/",
    "/api/v1/standards/",
    "/api/v1/standards/{slug}/",
    "/api/v1/sectors/",
    "/api/v1/sectors/{code}/",
    "/api/v1/accreditations/",
    "/api/v1/accreditations/{id}/",
    "/api/v1/certificates/",
    "/api/v1/certificates/{id}/",
    "/api/v1/bodies/{slug}/",
    "/api/v1/verify/",
]


@pytest.fixture
def schema(client, db) -> dict:
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


def test_the_schema_is_valid_openapi_3_and_describes_every_endpoint(schema):
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert set(ENDPOINTS) <= set(schema["paths"])
    assert all(set(operations) == {"get"} for operations in schema["paths"].values())


def test_the_schema_documents_filters_and_the_error_answers(schema):
    certificates = schema["paths"]["/api/v1/certificates/"]["get"]
    names = {parameter["name"] for parameter in certificates["parameters"]}
    assert {"number", "q", "body", "standard", "sector", "status", "country", "cursor"} <= names
    assert {"200", "400", "404", "429"} <= set(certificates["responses"])
    detail = schema["paths"]["/api/v1/certificates/{id}/"]["get"]
    assert {"200", "404", "429"} <= set(detail["responses"])


def test_no_staff_only_field_is_in_the_schema(schema):
    text = str(schema["components"]["schemas"])
    assert "recorded_by" not in text
    assert "recorded_at" not in text
    assert "'email'" not in text


def test_the_docs_page_loads_its_assets_from_static_and_has_no_inline_script(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all('src="' in attributes for attributes in scripts)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assets = [s for s in sources if not s.startswith("/api/docs/")]
    assert assets and all(s.startswith("/static/") for s in assets), sources
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in sources
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    [init] = [s for s in sources if s.startswith("/api/docs/")]
    script = client.get(init.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_swagger_ui_draws_the_api_under_the_csp(live_server, page, console_errors):
    page.goto(live_server.url + "/api/docs/")
    expect(page.get_by_text("certdir API").first).to_be_visible()
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/certificates/")
    expect(operation.first).to_be_visible()
    assert console_errors == [], "\n".join(console_errors)
