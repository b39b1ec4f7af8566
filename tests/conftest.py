"""Shared fixtures: factories that build real rows in the real test database.

Factories are plain functions behind fixtures (`make_body(...)`), with defaults that make a
valid, accredited, recognised management-system CB unless a test says otherwise.
"""

import datetime
import itertools
import os
from pathlib import Path

import pytest
from django.core.cache import cache

from accreditation.models import (
    AccreditationBody,
    BodyKind,
    Cooperation,
    CooperationLevel,
    CooperationStatus,
    Recognition,
    RecognitionBasis,
    RecognitionStatus,
    Sector,
    Standard,
    StandardKind,
)
from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Body,
    Certificate,
    CertificateStatus,
    Office,
)

# Django ORM calls from Playwright's sync API run inside an event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_sequence = itertools.count(1)

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (cached choice lists, facets, demo flag)."""
    cache.clear()
    yield
    cache.clear()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests skip on a machine without Chromium, unless REQUIRE_BROWSER is set (CI)."""
    if Path(CHROMIUM_PATH).exists() or os.environ.get("REQUIRE_BROWSER"):
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM_PATH}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, without the background traffic that fails offline (STACK-NOTES)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def make_standard(db):
    def make(code: str, *, kind: str = StandardKind.SCHEME, casco=None, **fields) -> Standard:
        slug = fields.pop("slug", None) or code.lower().replace("/", "-").replace(" ", "-")
        defaults = {"title": f"{code} title", "kind": kind, "casco_standard": casco, **fields}
        standard, _ = Standard.objects.update_or_create(code=code, slug=slug, defaults=defaults)
        return standard

    return make


@pytest.fixture
def casco_17021(make_standard) -> Standard:
    return make_standard(
        "ISO/IEC 17021-1",
        kind=StandardKind.CASCO,
        body_kinds=[BodyKind.MANAGEMENT_SYSTEM_CB],
        edition_year=2015,
    )


@pytest.fixture
def casco_17025(make_standard) -> Standard:
    return make_standard(
        "ISO/IEC 17025",
        kind=StandardKind.CASCO,
        body_kinds=[BodyKind.TESTING_LAB, BodyKind.CALIBRATION_LAB],
    )


@pytest.fixture
def casco_17065(make_standard) -> Standard:
    return make_standard("ISO/IEC 17065", kind=StandardKind.CASCO, body_kinds=[BodyKind.PRODUCT_CB])


@pytest.fixture
def iso_9001(make_standard, casco_17021) -> Standard:
    return make_standard("ISO 9001", casco=casco_17021, edition_year=2015)


@pytest.fixture
def iso_14001(make_standard, casco_17021) -> Standard:
    return make_standard("ISO 14001", casco=casco_17021, edition_year=2026)


@pytest.fixture
def make_sector(db):
    def make(code: int, name: str | None = None) -> Sector:
        sector, _ = Sector.objects.get_or_create(
            code=code, defaults={"name": name or f"Sector {code}"}
        )
        return sector

    return make


@pytest.fixture
def make_cooperation(db):
    def make(acronym: str, *, level=CooperationLevel.GLOBAL, **fields) -> Cooperation:
        defaults = {
            "name": fields.pop("name", acronym),
            "slug": acronym.lower().replace(" ", "-"),
            "level": level,
            "status": fields.pop("status", CooperationStatus.ACTIVE),
            **fields,
        }
        cooperation, _ = Cooperation.objects.get_or_create(acronym=acronym, defaults=defaults)
        return cooperation

    return make


@pytest.fixture
def iaf(make_cooperation) -> Cooperation:
    return make_cooperation(
        "IAF",
        arrangement="MLA",
        status=CooperationStatus.FORMER,
        recognitions_valid_until=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def gac(make_cooperation) -> Cooperation:
    """Global Accreditation Cooperation: the one global arrangement since 2026-01-01."""
    return make_cooperation(
        "Global Accreditation Cooperation",
        arrangement="MRA",
        name="Global Accreditation Cooperation Incorporated",
    )


@pytest.fixture
def ilac(make_cooperation) -> Cooperation:
    return make_cooperation(
        "ILAC",
        arrangement="MRA",
        status=CooperationStatus.FORMER,
        recognitions_valid_until=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def make_recognition(db, iaf, casco_17021):
    def make(ab: AccreditationBody, *, arrangement=None, scope=None, **fields) -> Recognition:
        defaults = {"status": RecognitionStatus.SIGNATORY, "basis": RecognitionBasis.FOUND}
        defaults.update(fields)
        return Recognition.objects.create(
            accreditation_body=ab,
            arrangement=arrangement or iaf,
            scope=scope or casco_17021,
            **defaults,
        )

    return make


@pytest.fixture
def make_accreditation_body(db, iaf, casco_17021):
    def make(acronym: str | None = None, *, recognised: bool = True, **fields) -> AccreditationBody:
        n = next(_sequence)
        acronym = acronym or f"AB{n}"
        defaults = {
            "name": f"{acronym} Accreditation Service",
            "slug": acronym.lower(),
            "country": "GB",
        }
        defaults.update(fields)
        ab, _ = AccreditationBody.objects.get_or_create(acronym=acronym, defaults=defaults)
        if recognised:
            Recognition.objects.get_or_create(
                accreditation_body=ab,
                arrangement=iaf,
                scope=casco_17021,
                activity="",
                scheme=None,
                defaults={"status": RecognitionStatus.SIGNATORY, "basis": RecognitionBasis.FOUND},
            )
        return ab

    return make


@pytest.fixture
def make_body(db):
    def make(name: str | None = None, *, kind=BodyKind.MANAGEMENT_SYSTEM_CB, **fields) -> Body:
        n = next(_sequence)
        name = name or f"Test Body {n}"
        defaults = {"slug": fields.pop("slug", f"test-body-{n}"), "kind": kind, "country": "DE"}
        defaults.update(fields)
        body = Body.objects.create(name=name, **defaults)
        Office.objects.create(body=body, country=body.country, city=body.city, is_head_office=True)
        return body

    return make


@pytest.fixture
def make_office(db):
    def make(body: Body, country: str, **fields) -> Office:
        return Office.objects.create(body=body, country=country, **fields)

    return make


@pytest.fixture
def make_accreditation(db, make_accreditation_body, casco_17021):
    def make(
        body: Body, *, ab=None, standard=None, schemes=(), sectors=(), **fields
    ) -> Accreditation:
        n = next(_sequence)
        defaults = {
            "number": f"ACC-{n}",
            "status": AccreditationStatus.ACTIVE,
            "granted_on": datetime.date(2024, 1, 1),
            "expires_on": datetime.date(2029, 1, 1),
            "last_checked_on": TODAY,
        }
        defaults.update(fields)
        accreditation = Accreditation.objects.create(
            body=body,
            accreditation_body=ab or make_accreditation_body(),
            standard=standard or casco_17021,
            **defaults,
        )
        accreditation.schemes.set(schemes)
        accreditation.sectors.set(sectors)
        return accreditation

    return make


@pytest.fixture
def make_certificate(db):
    def make(
        body: Body, *, scheme: Standard, accreditation=None, sectors=(), **fields
    ) -> Certificate:
        n = next(_sequence)
        defaults = {
            "number": f"CERT-{n}",
            "holder_name": f"Holder {n} GmbH",
            "holder_country": "DE",
            "issued_on": datetime.date(2025, 1, 1),
            "expires_on": datetime.date(2028, 1, 1),
            "status": CertificateStatus.VALID,
        }
        defaults.update(fields)
        certificate = Certificate.objects.create(
            issuing_body=body, scheme=scheme, accreditation=accreditation, **defaults
        )
        certificate.sectors.set(sectors)
        return certificate

    return make
