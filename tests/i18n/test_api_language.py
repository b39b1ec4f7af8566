"""The JSON API's messages follow the client's Accept-Language; English by default."""

import pytest


@pytest.mark.parametrize(
    ("headers", "language", "detail"),
    [
        ({}, "en", "There is no API endpoint at this address."),
        (
            {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"},
            "ru",
            "По этому адресу нет конечной точки API.",
        ),
        ({"Accept-Language": "de-DE,de;q=0.9"}, "en", "There is no API endpoint at this address."),
    ],
)
def test_api_errors_speak_the_language_the_client_asks_for(client, db, headers, language, detail):
    response = client.get("/api/v1/no-such-endpoint/", headers=headers)

    assert response.status_code == 404
    assert response.json() == {"detail": detail}
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_api_validation_errors_are_translated_too(client, db):
    response = client.get("/api/v1/bodies/?country=XX", headers={"Accept-Language": "ru"})

    assert response.status_code == 400
    assert "XX" in response.json()["country"][0]
    assert "Select a valid choice" not in response.json()["country"][0]


def test_pages_keep_the_language_of_their_address(client, db):
    # Accept-Language does not turn an English address Russian: /ru/ is the Russian site.
    response = client.get("/verify/", headers={"Accept-Language": "ru"})

    assert '<html lang="en">' in response.content.decode()
