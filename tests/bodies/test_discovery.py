"""For search engines: the sitemap (every page in every language), robots.txt, JSON-LD."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from bodies.models import AccreditationStatus
from bodies.sitemaps import BodySitemap, LanguagePairs

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def read_xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 - our own output, trusted


def locations(urlset: ET.Element) -> list[str]:
    return [url.findtext(f"{SITEMAP}loc") for url in urlset.iter(f"{SITEMAP}url")]


# --- Sitemap --------------------------------------------------------------------------------


def test_the_sitemap_index_lists_one_sitemap_per_section(client, db):
    index = read_xml(client, "/sitemap.xml")
    assert [s.findtext(f"{SITEMAP}loc") for s in index.iter(f"{SITEMAP}sitemap")] == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-bodies.xml",
        "http://testserver/sitemap-accreditation-bodies.xml",
        "http://testserver/sitemap-standards.xml",
    ]


def test_every_body_is_listed_in_english_and_russian_with_alternates(
    client, make_body, make_accreditation
):
    make_accreditation(make_body("Albion Certification", slug="albion"))
    make_body("Made-up Cert", slug="made-up", is_demo=True)
    urlset = read_xml(client, "/sitemap-bodies.xml")
    assert locations(urlset) == [
        "http://testserver/bodies/albion/",
        "http://testserver/ru/bodies/albion/",
        "http://testserver/bodies/made-up/",
        "http://testserver/ru/bodies/made-up/",
    ]
    first = next(urlset.iter(f"{SITEMAP}url"))
    alternates = {link.get("hreflang"): link.get("href") for link in first.iter(f"{XHTML}link")}
    assert alternates == {
        "en": "http://testserver/bodies/albion/",
        "ru": "http://testserver/ru/bodies/albion/",
        "x-default": "http://testserver/bodies/albion/",
    }
    assert first.findtext(f"{SITEMAP}lastmod") == datetime.date.today().isoformat()


def test_accreditation_bodies_standards_and_pages_have_their_sitemaps(
    client, make_accreditation_body, iso_9001
):
    make_accreditation_body("UKAS")
    assert "http://testserver/accreditation-bodies/ukas/" in locations(
        read_xml(client, "/sitemap-accreditation-bodies.xml")
    )
    assert "http://testserver/ru/standards/iso-9001/" in locations(
        read_xml(client, "/sitemap-standards.xml")
    )
    pages = locations(read_xml(client, "/sitemap-pages.xml"))
    assert "http://testserver/" in pages
    assert "http://testserver/statistics/" in pages
    assert "http://testserver/ru/standards/" in pages


def test_a_large_section_is_paginated_and_each_page_reads_only_its_rows(
    client, make_body, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(BodySitemap, "limit", 4)  # addresses per page: two bodies x two languages
    for slug in ("a-body", "b-body", "c-body", "d-body", "e-body"):
        make_body(slug=slug)
    index = read_xml(client, "/sitemap.xml")
    body_pages = [
        s.findtext(f"{SITEMAP}loc")
        for s in index.iter(f"{SITEMAP}sitemap")
        if "/sitemap-bodies.xml" in s.findtext(f"{SITEMAP}loc")
    ]
    assert body_pages == [
        "http://testserver/sitemap-bodies.xml",
        "http://testserver/sitemap-bodies.xml?p=2",
        "http://testserver/sitemap-bodies.xml?p=3",
    ]
    with django_assert_num_queries(2):  # the count, then this page's rows
        page = read_xml(client, "/sitemap-bodies.xml?p=2")
    assert locations(page) == [
        "http://testserver/bodies/c-body/",
        "http://testserver/ru/bodies/c-body/",
        "http://testserver/bodies/d-body/",
        "http://testserver/ru/bodies/d-body/",
    ]
    assert client.get("/sitemap-bodies.xml?p=4").status_code == 404


def test_language_pairs_slice_across_rows_like_a_list(make_body):
    for slug in ("a", "b", "c"):
        make_body(slug=slug)
    from bodies.models import Body

    pairs = LanguagePairs(Body.objects.order_by("slug"), ["en", "ru"])
    expected = [(slug, language) for slug in "abc" for language in ("en", "ru")]
    assert len(pairs) == 6
    for start, stop in [(0, 6), (1, 4), (3, 5), (5, 6), (2, 2), (4, 10)]:
        assert [(body.slug, lang) for body, lang in pairs[start:stop]] == expected[start:stop]
    body, language = pairs[3]
    assert (body.slug, language) == ("b", "ru")


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /i18n/setlang/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


# --- JSON-LD --------------------------------------------------------------------------------


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_a_body_page_describes_the_body_as_a_schema_org_organization(
    client, make_body, make_accreditation, make_accreditation_body
):
    body = make_body(
        "Albion Certification",
        slug="albion",
        country="GB",
        city="Leeds",
        acronym="ALB",
        website="https://albion.example",
        founded_year=1994,
    )
    ukas = make_accreditation_body("UKAS", name="United Kingdom Accreditation Service")
    make_accreditation(body, ab=ukas, number="0001", expires_on=datetime.date(2099, 1, 1))
    make_accreditation(body, ab=ukas, number="0002", status=AccreditationStatus.WITHDRAWN)
    [data] = json_ld(client.get(body.get_absolute_url()).content.decode())
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": "http://testserver/bodies/albion/#organization",
        "mainEntityOfPage": "http://testserver/bodies/albion/",
        "name": "Albion Certification",
        "alternateName": "ALB",
        "url": "https://albion.example",
        "address": {"@type": "PostalAddress", "addressCountry": "GB", "addressLocality": "Leeds"},
        "foundingDate": "1994",
        "hasCredential": [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": "accreditation",
                "name": "ISO/IEC 17021-1 accreditation",
                "identifier": "0001",
                "expires": "2099-01-01",
                "recognizedBy": {
                    "@type": "Organization",
                    "@id": "http://testserver/accreditation-bodies/ukas/#organization",
                    "name": "United Kingdom Accreditation Service",
                },
            }
        ],
    }


def test_json_ld_cannot_close_its_script_element(client, make_body):
    name = '</script><script>alert("x")</script> & <!-- Co'
    body = make_body(name, slug="sneaky")
    html = client.get(body.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["name"] == name


def test_a_demo_body_gets_no_structured_data(client, make_body):
    body = make_body("Made-up Cert", is_demo=True)
    assert json_ld(client.get(body.get_absolute_url()).content.decode()) == []


def test_an_accreditation_body_page_describes_the_ab(
    client, make_accreditation_body, make_cooperation
):
    ea = make_cooperation("EA", level="regional", name="European co-operation for Accreditation")
    ukas = make_accreditation_body(
        "UKAS",
        name="United Kingdom Accreditation Service",
        website="https://www.ukas.com",
        region=ea,
    )
    [data] = json_ld(client.get(ukas.get_absolute_url()).content.decode())
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": "http://testserver/accreditation-bodies/ukas/#organization",
        "mainEntityOfPage": "http://testserver/accreditation-bodies/ukas/",
        "name": "United Kingdom Accreditation Service",
        "alternateName": "UKAS",
        "url": "https://www.ukas.com",
        "address": {"@type": "PostalAddress", "addressCountry": "GB"},
        "memberOf": {"@type": "Organization", "name": "European co-operation for Accreditation"},
    }


@pytest.mark.parametrize("count", [1, 8])
def test_structured_data_adds_no_query_to_a_body_page(
    client, make_body, make_accreditation, django_assert_max_num_queries, count
):
    body = make_body(slug="steady")
    for _ in range(count):
        make_accreditation(body)
    # The page, its accreditations and their checks; 1 more for the status timeline and 1 for
    # the certificate counts by scheme.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("bodies:body-detail", args=["steady"]))
    assert len(json_ld(response.content.decode())[0]["hasCredential"]) == count


def test_the_footer_links_to_the_feed_and_the_sitemap(client, db):
    html = client.get(reverse("bodies:home")).content.decode()
    assert '<a href="/feeds/changes/" type="application/atom+xml">' in html
    assert '<a href="/sitemap.xml">Sitemap</a>' in html
