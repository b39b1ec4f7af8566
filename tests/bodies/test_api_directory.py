"""/api/v1/bodies/ takes the directory's filters: the same query string gives the same bodies,
in the same order and pages, as /bodies/ (one FilterSet, bodies.filters.BodyFilterSet)."""

import pytest
from django.urls import reverse

QUERIES = [
    "",
    "country=DE",
    "country=DE&country=FR",
    "standard=iso-9001",
    "standard=iso-9001&standard=iso-14001",
    "casco=iso-iec-17025",
    "accreditor=ukas",
    "accreditor=dakks&standard=iso-9001",
    "sector=28",
    "status=suspended",
    "status=expired",
    "status=any",
    "recognised=true",
    "recognised=false",
    "kind=testing_lab&status=any",
    "q=cert",
    "q=leeds",
    "sort=country",
    "sort=accreditations&status=any",
    "sort=checked",
    "q=&kind=&casco=&accreditor=&sector=&recognised=",  # an empty form as browsers send it
]


def html_bodies(client, query: str) -> list[str]:
    response = client.get(f"{reverse('bodies:body-list')}?{query}")
    assert response.status_code == 200
    return [body.slug for body in response.context["page"].object_list]


def api_bodies(client, query: str) -> list[str]:
    response = client.get(f"/api/v1/bodies/?{query}")
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_the_bodies_of_the_directory_page(client, world, query):
    expected = html_bodies(client, query)
    assert api_bodies(client, query) == expected


def test_the_queries_do_select_different_bodies(client, world):
    """Guard against a vacuous comparison: the filters above really narrow the list."""
    results = {query: tuple(html_bodies(client, query)) for query in QUERIES}
    assert len(set(results.values())) >= 12
    assert all(results[query] for query in ("country=DE", "standard=iso-9001", "q=cert"))


def test_pages_of_the_api_are_the_pages_of_the_directory(client, make_body, make_accreditation):
    for n in range(30):
        make_accreditation(make_body(f"Body {n:02}", country="DE"))
    for page in ("1", "2"):
        query = f"country=DE&page={page}"
        assert api_bodies(client, query) == html_bodies(client, query)
    data = client.get("/api/v1/bodies/?country=DE").json()
    assert data["count"] == 30
    assert data["next"] == "http://testserver/api/v1/bodies/?country=DE&page=2"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"standard": "iso-0"}, "standard"),
        ({"accreditor": "nope"}, "accreditor"),
        ({"sector": "99"}, "sector"),
        ({"kind": ["testing_lab", "product_cb"]}, "kind"),
        ({"q": "x" * 5000}, "q"),
    ],
)
def test_a_filter_the_directory_refuses_is_a_400_naming_it(client, world, params, field):
    response = client.get("/api/v1/bodies/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_body_in_the_list_carries_its_offices_accreditations_and_flag(client, world):
    rows = {row["slug"]: row for row in client.get("/api/v1/bodies/?status=any").json()["results"]}
    gamma = next(row for row in rows.values() if row["name"] == "Gamma Quality")
    assert gamma["accredited_only_by_flagged"] is True
    beta = next(row for row in rows.values() if row["name"] == "Beta Assurance")
    assert [office["country"] for office in beta["offices"]] == ["GB", "DE"]
    assert sorted(a["accreditation_body"]["slug"] for a in beta["accreditations"]) == [
        "dakks",
        "ukas",
    ]


def test_the_body_list_costs_the_same_queries_for_more_bodies(
    client, world, make_body, make_accreditation, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(30) as captured:
            assert client.get("/api/v1/bodies/?status=any").status_code == 200
        return len(captured)

    queries()  # the directory's choice lists are cached from here on
    small = queries()
    for _ in range(15):
        make_accreditation(make_body())
    assert queries() == small


def test_the_directory_still_filters_after_the_api_schema_was_generated(client, world):
    """Generating the schema builds BodyFilterSet's class-level form fields (empty choices);
    a directory request must not inherit them."""
    assert client.get("/api/schema/").status_code == 200
    assert html_bodies(client, "country=DE") == api_bodies(client, "country=DE") != []
