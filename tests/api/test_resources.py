"""The API's reference and directory resources: what each returns and how its filters narrow it."""

import datetime

import pytest

from accreditation.models import CooperationLevel, RecognitionStatus, Standing
from bodies.models import AccreditationStatus


def slugs(page: dict, key: str = "slug") -> list[str]:
    return [row[key] for row in page["results"]]


# --- Accreditation bodies -------------------------------------------------------------------


def test_accreditation_bodies_list_their_recognitions_and_whether_each_counts_today(
    api_get, make_accreditation_body, make_recognition, gac, casco_17025, frozen_now
):
    ukas = make_accreditation_body("UKAS", name="United Kingdom Accreditation Service")
    make_recognition(ukas, arrangement=gac, scope=casco_17025, since=datetime.date(2026, 1, 1))
    make_recognition(
        ukas, arrangement=gac, scope=casco_17025, activity="Calibration", status="suspended"
    )
    status, data = api_get("/api/v1/accreditation-bodies/ukas/")
    assert status == 200
    assert data["name"] == "United Kingdom Accreditation Service"
    assert data["country"] == "GB"
    assert data["page"] == "http://testserver/accreditation-bodies/ukas/"
    rows = {
        (r["arrangement"]["acronym"], r["scope"]["slug"], r["activity"]): r
        for r in data["recognitions"]
    }
    assert rows[("IAF", "iso-iec-17021-1", "")]["in_force"] is True
    assert rows[("Global Accreditation Cooperation", "iso-iec-17025", "")]["since"] == "2026-01-01"
    assert rows[("Global Accreditation Cooperation", "iso-iec-17025", "")]["in_force"] is True
    suspended = rows[("Global Accreditation Cooperation", "iso-iec-17025", "Calibration")]
    assert (suspended["status"], suspended["in_force"]) == (RecognitionStatus.SUSPENDED, False)
    assert rows[("IAF", "iso-iec-17021-1", "")]["scope"]["url"] == (
        "http://testserver/api/v1/standards/iso-iec-17021-1/"
    )


def test_a_flagged_accreditation_bodys_recognitions_do_not_count(
    api_get, make_accreditation_body, frozen_now
):
    make_accreditation_body("IAC", standing=Standing.NOT_RECOGNISED, standing_note="Not in IAF.")
    _, data = api_get("/api/v1/accreditation-bodies/iac/")
    assert data["standing"] == "not_recognised"
    assert data["standing_note"] == "Not in IAF."
    assert [r["in_force"] for r in data["recognitions"]] == [False]


def test_accreditation_bodies_filter_by_country_standing_and_region(
    api_get, make_accreditation_body, make_cooperation, db
):
    ea = make_cooperation("EA", level=CooperationLevel.REGIONAL, arrangement="MLA")
    make_accreditation_body("UKAS", country="GB", region=ea)
    make_accreditation_body("DAKKS", country="DE", region=ea)
    make_accreditation_body("ANAB", country="US")
    make_accreditation_body("IAC", country="US", standing=Standing.NOT_RECOGNISED)
    assert slugs(api_get("/api/v1/accreditation-bodies/")[1]) == ["anab", "dakks", "iac", "ukas"]
    assert slugs(api_get("/api/v1/accreditation-bodies/", country="US")[1]) == ["anab", "iac"]
    flagged = api_get("/api/v1/accreditation-bodies/", standing="not_recognised")[1]
    assert slugs(flagged) == ["iac"]
    assert slugs(api_get("/api/v1/accreditation-bodies/", region="ea")[1]) == ["dakks", "ukas"]


# --- Standards and sectors ------------------------------------------------------------------


def test_standards_filter_by_kind_and_casco_standard(
    api_get, iso_9001, iso_14001, casco_17025, casco_17065, make_standard
):
    make_standard("GLOBALG.A.P. IFA", casco=casco_17065)
    casco = api_get("/api/v1/standards/", kind="casco")[1]
    assert slugs(casco) == ["iso-iec-17021-1", "iso-iec-17025", "iso-iec-17065"]
    under_17021 = api_get("/api/v1/standards/", casco="iso-iec-17021-1")[1]
    assert slugs(under_17021) == ["iso-14001", "iso-9001"]
    _, scheme = api_get("/api/v1/standards/iso-9001/")
    assert scheme["kind"] == "scheme"
    assert scheme["casco_standard"]["slug"] == "iso-iec-17021-1"
    assert scheme["page"] == "http://testserver/standards/iso-9001/"


def test_sectors_are_listed_by_iaf_code_and_found_by_code(api_get, make_sector):
    for code in (28, 3, 17):
        make_sector(code, f"Sector number {code}")
    assert [row["code"] for row in api_get("/api/v1/sectors/")[1]["results"]] == [3, 17, 28]
    status, sector = api_get("/api/v1/sectors/17/")
    assert (status, sector["name"]) == (200, "Sector number 17")


# --- Accreditations -------------------------------------------------------------------------


@pytest.fixture
def accreditations(
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_sector,
    iso_9001,
    iso_14001,
    casco_17025,
    frozen_now,
):
    """Four accreditations that differ in one filter each from the first."""
    ukas = make_accreditation_body("UKAS")
    lookalike = make_accreditation_body("IAC", recognised=False, standing=Standing.NOT_RECOGNISED)
    metals, food = make_sector(17), make_sector(3)
    alpha = make_body("Alpha Cert", slug="alpha", country="GB")
    beta = make_body("Beta Cert", slug="beta", country="FR")
    return {
        "alpha-ukas": make_accreditation(
            alpha, ab=ukas, schemes=[iso_9001], sectors=[metals], number="UKAS-1"
        ),
        "alpha-iac": make_accreditation(alpha, ab=lookalike, schemes=[iso_9001], number="IAC-1"),
        "beta-ukas": make_accreditation(
            beta, ab=ukas, schemes=[iso_14001], sectors=[food], status=AccreditationStatus.SUSPENDED
        ),
        "beta-lab": make_accreditation(beta, ab=ukas, standard=casco_17025, number="UKAS-LAB"),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["alpha-iac", "alpha-ukas", "beta-ukas", "beta-lab"]),
        ({"body": "alpha"}, ["alpha-iac", "alpha-ukas"]),
        ({"accreditor": "iac"}, ["alpha-iac"]),
        ({"casco": "iso-iec-17025"}, ["beta-lab"]),
        ({"standard": "iso-14001"}, ["beta-ukas"]),
        ({"sector": "17"}, ["alpha-ukas"]),
        ({"status": "suspended"}, ["beta-ukas"]),
        ({"country": "FR"}, ["beta-ukas", "beta-lab"]),
        ({"recognised": "true"}, ["alpha-ukas", "beta-ukas"]),
        ({"recognised": "false"}, ["alpha-iac", "beta-lab"]),
        ({"accreditor": "ukas", "standard": "iso-9001"}, ["alpha-ukas"]),
    ],
)
def test_accreditations_filter_with_the_directory_vocabulary(
    api_get, accreditations, params, expected
):
    status, data = api_get("/api/v1/accreditations/", **params)
    assert status == 200
    ids = {accreditation.pk: name for name, accreditation in accreditations.items()}
    assert [ids[row["id"]] for row in data["results"]] == expected
    assert data["count"] == len(expected)


def test_an_accreditation_shows_its_scope_status_today_and_public_timeline(
    api_get, accreditations, record_status_change, curator
):
    accreditation = accreditations["alpha-ukas"]
    record_status_change(
        accreditation,
        AccreditationStatus.SUSPENDED,
        effective_on=datetime.date(2026, 6, 1),
        note="Suspended after the annual audit.",
        recorded_by=curator,
    )
    status, data = api_get(f"/api/v1/accreditations/{accreditation.pk}/")
    assert status == 200
    assert data["body"] == {
        "slug": "alpha",
        "name": "Alpha Cert",
        "url": "http://testserver/api/v1/bodies/alpha/",
        "page": "http://testserver/bodies/alpha/",
    }
    assert data["accreditation_body"]["slug"] == "ukas"
    assert [s["slug"] for s in data["schemes"]] == ["iso-9001"]
    assert [s["code"] for s in data["sectors"]] == [17]
    assert (data["status"], data["effective_status"]) == ("suspended", "suspended")
    assert data["granted_on"] == "2024-01-01"
    assert data["status_changes"] == [
        {
            "effective_on": "2026-06-01",
            "old_status": "active",
            "new_status": "suspended",
            "source": "https://ab.example/notice",
            "note": "Suspended after the annual audit.",
        }
    ]


def test_who_recorded_a_change_never_appears(client, accreditations, record_status_change, curator):
    accreditation = accreditations["alpha-ukas"]
    record_status_change(accreditation, AccreditationStatus.WITHDRAWN, recorded_by=curator)
    for path in (
        f"/api/v1/accreditations/{accreditation.pk}/",
        "/api/v1/accreditations/",
        "/api/v1/bodies/alpha/",
    ):
        text = client.get(path).content.decode()
        assert "recorded" not in text
        assert curator.username not in text


def test_an_active_accreditation_past_its_expiry_is_expired_today(api_get, accreditations):
    accreditation = accreditations["beta-lab"]
    accreditation.expires_on = datetime.date(2026, 1, 1)
    accreditation.save()
    _, data = api_get(f"/api/v1/accreditations/{accreditation.pk}/")
    assert (data["status"], data["effective_status"]) == ("active", "expired")
    assert data["expires_on"] == "2026-01-01"


# --- Bodies ---------------------------------------------------------------------------------


def test_a_body_shows_offices_accreditations_and_the_lookalike_flag(
    api_get, accreditations, make_office, make_body, make_accreditation, make_accreditation_body
):
    make_office(accreditations["alpha-ukas"].body, "IE", city="Dublin")
    status, data = api_get("/api/v1/bodies/alpha/")
    assert status == 200
    assert (data["name"], data["country"], data["kind"]) == (
        "Alpha Cert",
        "GB",
        "management_system_cb",
    )
    assert [(o["country"], o["is_head_office"]) for o in data["offices"]] == [
        ("GB", True),
        ("IE", False),
    ]
    assert [(a["accreditation_body"]["slug"], a["number"]) for a in data["accreditations"]] == [
        ("iac", "IAC-1"),
        ("ukas", "UKAS-1"),
    ]
    assert data["accredited_only_by_flagged"] is False
    shady = make_body("Shady Cert", slug="shady")
    make_accreditation(shady, ab=make_accreditation_body("IAC"))
    assert api_get("/api/v1/bodies/shady/")[1]["accredited_only_by_flagged"] is True


def test_a_body_without_an_active_accreditation_has_a_detail_though_the_default_list_omits_it(
    api_get, make_body, make_accreditation
):
    dormant = make_body("Dormant Cert", slug="dormant")
    make_accreditation(dormant, status=AccreditationStatus.WITHDRAWN)

    assert "dormant" not in slugs(api_get("/api/v1/bodies/")[1])
    status, data = api_get("/api/v1/bodies/dormant/")
    assert (status, data["name"]) == (200, "Dormant Cert")


def test_list_queries_do_not_grow_with_the_data(
    client, accreditations, make_accreditation, make_body, django_assert_max_num_queries
):
    def count_queries() -> dict[str, int]:
        counts = {}
        for path in (
            "/api/v1/accreditation-bodies/",
            "/api/v1/accreditations/",
            "/api/v1/standards/",
        ):
            with django_assert_max_num_queries(100) as captured:
                assert client.get(path).status_code == 200
            counts[path] = len(captured)
        return counts

    small = count_queries()
    ab = accreditations["alpha-ukas"].accreditation_body
    for _n in range(20):
        make_accreditation(make_body(), ab=ab, schemes=accreditations["alpha-ukas"].schemes.all())
    assert count_queries() == small
