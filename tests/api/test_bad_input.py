"""Bad input to the API: a 400 whose JSON names the parameter, a 404 in JSON for anything
unknown, never a 500 (schemathesis explores the rest, test_schemathesis.py)."""

import pytest


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/certificates/", {"country": "XX"}, "country"),
        ("/api/v1/certificates/", {"sector": "40"}, "sector"),
        ("/api/v1/certificates/", {"sector": "abc"}, "sector"),
        ("/api/v1/certificates/", {"sector": "99999999999999999999999"}, "sector"),
        ("/api/v1/certificates/", {"status": "bogus"}, "status"),
        ("/api/v1/certificates/", {"body": "no-such-body"}, "body"),
        ("/api/v1/certificates/", {"standard": "iso-iec-17021-1"}, "standard"),  # not a scheme
        ("/api/v1/certificates/", {"number": "N" * 81}, "number"),
        ("/api/v1/certificates/", {"q": "Holder\x00"}, "q"),
        ("/api/v1/accreditations/", {"recognised": "perhaps"}, "recognised"),
        ("/api/v1/accreditations/", {"accreditor": "nobody"}, "accreditor"),
        ("/api/v1/accreditations/", {"casco": "iso-9001"}, "casco"),  # a scheme, not CASCO
        ("/api/v1/accreditation-bodies/", {"standing": "great"}, "standing"),
        ("/api/v1/accreditation-bodies/", {"region": "atlantis"}, "region"),
        ("/api/v1/standards/", {"kind": "novel"}, "kind"),
        ("/api/v1/verify/", {"holder": "ab"}, "holder"),
        ("/api/v1/verify/", {"number": "CERT\x00X"}, "number"),
        ("/api/v1/verify/", {"body": "B" * 201, "number": "1"}, "body"),
        ("/api/v1/verify/", {}, "non_field_errors"),
    ],
)
def test_an_invalid_value_is_a_400_naming_the_parameter(
    api_get, certified, frozen_now, path, params, field
):
    status, data = api_get(path, **params)
    assert status == 400
    assert list(data) == [field]
    assert all(isinstance(message, str) and message for message in data[field])


def test_the_400_says_what_is_wrong_in_words(api_get, db):
    _, data = api_get("/api/v1/verify/", holder="ab")
    assert data == {"holder": ["Type at least 3 characters of the holder's name."]}
    _, data = api_get("/api/v1/certificates/", sector="40")
    assert "40" in data["sector"][0]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/bodies/no-such-body/",
        "/api/v1/accreditation-bodies/no-such-ab/",
        "/api/v1/standards/iso-0/",
        "/api/v1/sectors/40/",
        "/api/v1/sectors/123/",
        "/api/v1/accreditations/999999/",
        "/api/v1/certificates/999999/",
        "/api/v1/certificates/99999999999999999999999/",
        "/api/v1/certificates/abc/",
        "/api/v1/no-such-resource/",
        "/api/v2/",
        "/api/v1/standards/?page=999",
        "/api/v1/standards/?page=abc",
        "/api/v1/standards/?page=",
        "/api/v1/certificates/?cursor=bogus",
    ],
)
def test_anything_unknown_is_a_json_404(client, certified, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_empty_filter_value_means_no_filter_as_in_the_html_forms(api_get, certified):
    status, data = api_get("/api/v1/certificates/", country="", sector="", number="")
    assert status == 200
    assert [row["id"] for row in data["results"]] == [certified.pk]


def test_writes_are_refused_with_405_json(client, certified):
    for method in (client.post, client.put, client.delete):
        response = method(f"/api/v1/certificates/{certified.pk}/")
        assert response.status_code == 405
        assert response.json()["detail"]
