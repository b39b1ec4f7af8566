"""Shared fixtures: factories that build real rows in the real test database.

Factories are plain functions behind fixtures (`make_body(...)`), with defaults that make a
valid, accredited, recognised management-system CB unless a test says otherwise.
"""

import datetime
import itertools
import os

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

TODAY = datetime.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (cached choice lists, facets, demo flag)."""
    cache.clear()
    yield
    cache.clear()


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


# The moment "now" is frozen at in tests that verify certificates (the day is TODAY in UTC).
NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    """Freeze `django.utils.timezone.now` so verdicts do not depend on the day the suite runs."""
    from django.utils import timezone

    def set_now(moment: datetime.datetime = NOW) -> datetime.datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    set_now()
    return set_now


@pytest.fixture
def make_status_change(db):
    """A timeline row for an accreditation, certificate or recognition, saved as recorded."""

    def make(subject, *, new_status: str, effective_on: datetime.date, **fields):
        fields.setdefault("old_status", subject.status)
        change = subject.build_status_change(
            new_status=new_status, effective_on=effective_on, **fields
        )
        change.save()
        return change

    return make


@pytest.fixture
def certified(make_body, make_accreditation, make_certificate, make_sector, iso_9001):
    """A valid ISO 9001 certificate issued under an accreditation covering its scheme and sector."""
    body = make_body(
        "Quillmoor Assurance", slug="quillmoor", acronym="QMA", certificates_updated_at=NOW
    )
    sector = make_sector(17, "Basic metals and fabricated metal products")
    accreditation = make_accreditation(
        body, number="D-ZM-1234", schemes=[iso_9001], sectors=[sector]
    )
    return make_certificate(
        body,
        scheme=iso_9001,
        accreditation=accreditation,
        sectors=[sector],
        number="QMA-2025-0042",
        holder_name="Brightwater Foundry GmbH",
        scope="Casting of steel parts",
    )
