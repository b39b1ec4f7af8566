"""Helpers for the API tests: GET a URL and read the JSON answer."""

import pytest


@pytest.fixture
def api_get(client):
    """get(path, **params) -> (status, json): a GET as an anonymous API client."""

    def get(path: str, **params: object) -> tuple[int, object]:
        response = client.get(path, params)
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        return response.status_code, response.json()

    return get
