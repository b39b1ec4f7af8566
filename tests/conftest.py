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
    Standing,
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


# --- A small but realistic reference world for demo data (`seed_demo`) ----------------------

DEMO_CASCO = {
    "ISO/IEC 17011": ["accreditation_body"],
    "ISO/IEC 17020": [BodyKind.INSPECTION_BODY],
    "ISO/IEC 17021-1": [BodyKind.MANAGEMENT_SYSTEM_CB],
    "ISO/IEC 17024": [BodyKind.PERSONS_CB],
    "ISO/IEC 17025": [BodyKind.TESTING_LAB, BodyKind.CALIBRATION_LAB],
    "ISO/IEC 17029": [BodyKind.VALIDATION_VERIFICATION_BODY],
    "ISO/IEC 17043": [BodyKind.PT_PROVIDER],
    "ISO/IEC 17065": [BodyKind.PRODUCT_CB],
    "ISO 14065": [BodyKind.VALIDATION_VERIFICATION_BODY],
    "ISO 15189": [BodyKind.MEDICAL_LAB],
    "ISO 17034": [BodyKind.RM_PRODUCER],
    "ISO 20387": [BodyKind.BIOBANK],
}
DEMO_SCHEMES = {
    "ISO 9001": "ISO/IEC 17021-1",
    "ISO 14001": "ISO/IEC 17021-1",
    "ISO 45001": "ISO/IEC 17021-1",
    "ISO/IEC 27001": "ISO/IEC 17021-1",
    "ISO 22000": "ISO/IEC 17021-1",
    "ISO 50001": "ISO/IEC 17021-1",
    "ISO 13485": "ISO/IEC 17021-1",
    "ISO 37001": "ISO/IEC 17021-1",
    "GLOBALG.A.P. IFA": "ISO/IEC 17065",
    "ISO 9712": "ISO/IEC 17024",
}
# acronym: (country, region, IAF MLA scopes, ILAC MRA scopes)
_CB_SCOPES = ["ISO/IEC 17021-1", "ISO/IEC 17065", "ISO/IEC 17024"]
_LAB_SCOPES = ["ISO/IEC 17025", "ISO 15189", "ISO/IEC 17020"]
DEMO_ACCREDITATION_BODIES = {
    "UKAS": ("GB", "EA", _CB_SCOPES, [*_LAB_SCOPES, "ISO 17034", "ISO/IEC 17043"]),
    "DAkkS": ("DE", "EA", _CB_SCOPES, [*_LAB_SCOPES, "ISO 17034"]),
    "COFRAC": ("FR", "EA", _CB_SCOPES, _LAB_SCOPES),
    "ACCREDIA": ("IT", "EA", _CB_SCOPES, _LAB_SCOPES),
    "ENAC": ("ES", "EA", _CB_SCOPES[:2], _LAB_SCOPES),
    "ANAB": ("US", "IAAC", _CB_SCOPES, ["ISO/IEC 17025", "ISO/IEC 17020"]),
    "A2LA": ("US", "IAAC", [], [*_LAB_SCOPES, "ISO 17034", "ISO/IEC 17043"]),
    "CNAS": ("CN", "APAC", _CB_SCOPES, _LAB_SCOPES),
    "JAS-ANZ": ("AU", "APAC", _CB_SCOPES, []),
    "NABCB": ("IN", "APAC", _CB_SCOPES[:2], ["ISO/IEC 17020"]),
}


@pytest.fixture
def demo_reference(db, make_standard, make_cooperation):
    """Standards, all 39 IAF sectors, cooperations, ten listed ABs with recognitions and one
    flagged AB: enough for `seed_demo` to build every kind of body."""
    casco = {
        code: make_standard(code, kind=StandardKind.CASCO, body_kinds=kinds)
        for code, kinds in DEMO_CASCO.items()
    }
    for code, casco_code in DEMO_SCHEMES.items():
        make_standard(code, casco=casco[casco_code])
    Sector.objects.bulk_create(
        [Sector(code=code, name=f"Sector {code}") for code in range(1, 40)],
        ignore_conflicts=True,
    )
    gac = make_cooperation("Global Accreditation Cooperation", arrangement="MRA")
    iaf = make_cooperation(
        "IAF",
        arrangement="MLA",
        status=CooperationStatus.FORMER,
        recognitions_valid_until=datetime.date(2026, 12, 31),
    )
    ilac = make_cooperation(
        "ILAC",
        arrangement="MRA",
        status=CooperationStatus.FORMER,
        recognitions_valid_until=datetime.date(2026, 12, 31),
    )
    regions = {
        acronym: make_cooperation(acronym, level=CooperationLevel.REGIONAL, arrangement="MLA")
        for acronym in ("EA", "IAAC", "APAC")
    }
    for acronym, (country, region, iaf_scopes, ilac_scopes) in DEMO_ACCREDITATION_BODIES.items():
        ab = AccreditationBody.objects.create(
            acronym=acronym,
            name=f"{acronym} (accreditation body)",
            slug=acronym.lower(),
            country=country,
            region=regions[region],
        )
        Recognition.objects.bulk_create(
            [
                Recognition(
                    accreditation_body=ab,
                    arrangement=cooperation,
                    scope=casco[scope],
                    basis=RecognitionBasis.FOUND,
                )
                for arrangement, scopes in ((iaf, iaf_scopes), (ilac, ilac_scopes))
                for scope in dict.fromkeys(scopes)
                for cooperation in (arrangement, gac)
            ],
            ignore_conflicts=True,
        )
    AccreditationBody.objects.create(
        acronym="XAB",
        name="Example Accreditation Board (fictional, flagged)",
        slug="xab",
        standing=Standing.NOT_RECOGNISED,
    )
    return casco
