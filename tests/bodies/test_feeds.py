"""Atom feeds of status changes: all, per country, accreditation body, body and scheme."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from accreditation.models import RecognitionStatus
from bodies.models import AccreditationStatus, CertificateStatus
from bodies.queries.changes import FEED_LENGTH

ATOM = "{http://www.w3.org/2005/Atom}"
ACTIVE, SUSPENDED, WITHDRAWN = (
    AccreditationStatus.ACTIVE,
    AccreditationStatus.SUSPENDED,
    AccreditationStatus.WITHDRAWN,
)


def read_feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own output, trusted
    assert feed.tag == f"{ATOM}feed"
    return feed


def titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def world(
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_certificate,
    make_status_change,
    iso_9001,
    iso_14001,
):
    """Two ABs (British, German), two bodies, changes of every kind on different days."""
    ukas = make_accreditation_body("UKAS", name="United Kingdom Accreditation Service")
    dakks = make_accreditation_body("DAkkS", country="DE")
    albion = make_body("Albion Certification", slug="albion", country="GB")
    rhein = make_body("Rhein Zert", slug="rhein-zert", country="DE")
    albion_qms = make_accreditation(albion, ab=ukas, number="UK-0001", schemes=[iso_9001])
    rhein_ems = make_accreditation(rhein, ab=dakks, number="D-ZM-7", schemes=[iso_14001])
    certificate = make_certificate(
        rhein,
        scheme=iso_14001,
        accreditation=rhein_ems,
        number="RZ-14-001",
        holder_name="Acme GmbH",
    )
    staff = User.objects.create_user("curator-jane", is_staff=True)
    changes = {
        "albion": make_status_change(
            albion_qms,
            SUSPENDED,
            datetime.date(2026, 3, 1),
            old_status=ACTIVE,
            source="https://www.ukas.com/notice/1",
            note="Pending <b>surveillance</b>",
            recorded_by=staff,
        ),
        "rhein": make_status_change(
            rhein_ems,
            WITHDRAWN,
            datetime.date(2026, 1, 15),
            old_status=ACTIVE,
            source="DAkkS database",
            recorded_by=staff,
        ),
        "certificate": make_status_change(
            certificate,
            CertificateStatus.WITHDRAWN,
            datetime.date(2026, 2, 1),
            old_status=CertificateStatus.VALID,
            recorded_by=staff,
        ),
        "recognition": make_status_change(
            dakks.recognitions.get(),
            RecognitionStatus.SUSPENDED,
            datetime.date(2026, 4, 2),
            old_status=RecognitionStatus.SIGNATORY,
            source="https://iaf.nu/x",
        ),
    }
    return {"ukas": ukas, "dakks": dakks, "albion": albion, "rhein": rhein, **changes}


def test_the_all_changes_feed_merges_every_kind_newest_first(client, world):
    feed = read_feed(client, reverse("bodies:feed-changes"))
    assert titles(feed) == [
        "DAkkS: IAF MLA recognition for ISO/IEC 17021-1: Signatory → Suspended",
        "Albion Certification: accreditation UK-0001 by UKAS for ISO/IEC 17021-1: "
        "Active → Suspended",
        "Rhein Zert: certificate RZ-14-001 (ISO 14001) held by Acme GmbH: Valid → Withdrawn",
        "Rhein Zert: accreditation D-ZM-7 by DAkkS for ISO/IEC 17021-1: Active → Withdrawn",
    ]
    published = [e.findtext(f"{ATOM}published") for e in feed.iter(f"{ATOM}entry")]
    assert published == [
        "2026-04-02T00:00:00+00:00",
        "2026-03-01T00:00:00+00:00",
        "2026-02-01T00:00:00+00:00",
        "2026-01-15T00:00:00+00:00",
    ]


def test_an_entry_links_to_its_page_and_source_with_a_unique_id(client, world):
    feed = read_feed(client, reverse("bodies:feed-changes"))
    entries = {e.findtext(f"{ATOM}title").split(":")[0]: e for e in feed.iter(f"{ATOM}entry")}
    albion = entries["Albion Certification"]
    links = {link.get("rel"): link.get("href") for link in albion.iter(f"{ATOM}link")}
    page = f"http://testserver/bodies/albion/#status-change-{world['albion'].pk}"
    assert links == {"alternate": page, "via": "https://www.ukas.com/notice/1"}
    recognition_link = entries["DAkkS"].find(f"{ATOM}link").get("href")
    assert recognition_link == (
        f"http://testserver/accreditation-bodies/dakks/#recognition-change-{world['recognition'].pk}"
    )
    ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert len(set(ids)) == 4
    summary = albion.findtext(f"{ATOM}summary")
    assert "Effective 2026-03-01: Active → Suspended" in summary
    assert '<a href="https://www.ukas.com/notice/1">' in summary
    assert "Pending &lt;b&gt;surveillance&lt;/b&gt;" in summary  # a note is text, not markup


def test_staff_only_fields_never_reach_a_feed(client, world):
    for url in (
        reverse("bodies:feed-changes"),
        reverse("bodies:feed-changes-body", args=["albion"]),
        reverse("bodies:feed-changes-accreditation-body", args=["dakks"]),
    ):
        assert "curator-jane" not in client.get(url).content.decode()


def test_a_body_feed_has_its_accreditations_and_certificates_only(client, world):
    feed = read_feed(client, reverse("bodies:feed-changes-body", args=["rhein-zert"]))
    assert feed.findtext(f"{ATOM}title") == "certdir: status changes — Rhein Zert"
    assert [t.split(":")[1].strip() for t in titles(feed)] == [
        "certificate RZ-14-001 (ISO 14001) held by Acme GmbH",
        "accreditation D-ZM-7 by DAkkS for ISO/IEC 17021-1",
    ]


def test_an_accreditation_body_feed_has_its_recognitions_and_what_it_accredits(client, world):
    feed = read_feed(client, reverse("bodies:feed-changes-accreditation-body", args=["dakks"]))
    assert [t.split(":")[0] for t in titles(feed)] == ["DAkkS", "Rhein Zert", "Rhein Zert"]
    ukas = read_feed(client, reverse("bodies:feed-changes-accreditation-body", args=["ukas"]))
    assert [t.split(":")[0] for t in titles(ukas)] == ["Albion Certification"]


def test_a_country_feed_has_bodies_and_accreditation_bodies_based_there(client, world):
    germany = read_feed(client, reverse("bodies:feed-changes-country", args=["DE"]))
    assert [t.split(":")[0] for t in titles(germany)] == ["DAkkS", "Rhein Zert", "Rhein Zert"]
    assert germany.findtext(f"{ATOM}title") == "certdir: status changes in Germany"
    britain = read_feed(client, reverse("bodies:feed-changes-country", args=["gb"]))
    assert [t.split(":")[0] for t in titles(britain)] == ["Albion Certification"]


def test_a_scheme_feed_has_accreditations_certificates_and_recognitions_covering_it(
    client, world, iso_9001
):
    ems = read_feed(client, reverse("bodies:feed-changes-scheme", args=["iso-14001"]))
    # DAkkS's recognition names no scheme under ISO/IEC 17021-1: it covers ISO 14001 too.
    assert [t.split(":")[0] for t in titles(ems)] == ["DAkkS", "Rhein Zert", "Rhein Zert"]
    qms = read_feed(client, reverse("bodies:feed-changes-scheme", args=["iso-9001"]))
    assert [t.split(":")[0] for t in titles(qms)] == ["DAkkS", "Albion Certification"]


def test_a_demo_body_is_named_as_fictional_in_its_entries(
    client, make_body, make_accreditation, make_status_change
):
    accreditation = make_accreditation(make_body("Made-up Cert", is_demo=True))
    make_status_change(accreditation, SUSPENDED, datetime.date(2026, 5, 1), old_status=ACTIVE)
    feed = read_feed(client, reverse("bodies:feed-changes"))
    assert titles(feed)[0].startswith("Made-up Cert (fictional demo body): accreditation")


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/changes/country/XX/",
        "/feeds/changes/country/GBR/",
        "/feeds/changes/accreditation-body/no-such-ab/",
        "/feeds/changes/body/no-such-body/",
        "/feeds/changes/scheme/no-such-scheme/",
        "/feeds/changes/scheme/iso-iec-17021-1/",  # a CASCO standard, not a scheme
    ],
)
def test_an_unknown_scope_is_a_404(client, world, url):
    assert client.get(url).status_code == 404


def test_a_feed_keeps_the_newest_changes_only(
    client, make_body, make_accreditation, make_status_change
):
    accreditation = make_accreditation(make_body("Busy Cert"))
    start = datetime.date(2020, 1, 1)
    for day in range(FEED_LENGTH + 5):
        old, new = (ACTIVE, SUSPENDED) if day % 2 == 0 else (SUSPENDED, ACTIVE)
        make_status_change(accreditation, new, start + datetime.timedelta(days=day), old_status=old)
    feed = read_feed(client, reverse("bodies:feed-changes"))
    published = [e.findtext(f"{ATOM}published")[:10] for e in feed.iter(f"{ATOM}entry")]
    assert len(published) == FEED_LENGTH
    assert published[0] == (start + datetime.timedelta(days=FEED_LENGTH + 4)).isoformat()
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("count", [1, 20])
def test_a_feed_runs_a_fixed_number_of_queries(
    client,
    make_body,
    make_accreditation,
    make_certificate,
    make_status_change,
    iso_9001,
    django_assert_num_queries,
    count,
):
    body = make_body(slug="steady", country="FR")
    for n in range(count):
        accreditation = make_accreditation(body, schemes=[iso_9001])
        certificate = make_certificate(body, scheme=iso_9001, accreditation=accreditation)
        make_status_change(
            accreditation, SUSPENDED, datetime.date(2026, 1, 1 + n % 28), old_status=ACTIVE
        )
        make_status_change(certificate, CertificateStatus.WITHDRAWN, datetime.date(2026, 2, 1))
        make_status_change(
            accreditation.accreditation_body.recognitions.get(),
            RecognitionStatus.SUSPENDED,
            datetime.date(2025, 1, 1),
            old_status=RecognitionStatus.SIGNATORY,
        )
    with django_assert_num_queries(2):
        read_feed(client, reverse("bodies:feed-changes"))
    with django_assert_num_queries(2):
        read_feed(client, reverse("bodies:feed-changes-country", args=["FR"]))
    with django_assert_num_queries(2):
        read_feed(client, reverse("bodies:feed-changes-body", args=["steady"]))
    with django_assert_num_queries(3):
        read_feed(client, reverse("bodies:feed-changes-scheme", args=["iso-9001"]))


def test_the_home_page_announces_the_feed_to_feed_readers(client, db):
    html = client.get(reverse("bodies:home")).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="certdir: status changes" '
        'href="/feeds/changes/">'
    ) in html
