"""Shared fixtures: factories that build real rows in the real test database.

Factories are plain functions behind fixtures (`make_body(...)`), with defaults that make a
valid, accredited, recognised management-system CB unless a test says otherwise.
"""

import datetime
import itertools
import os

import pytest
from django.contrib.auth.models import Group
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
    Source,
    Standard,
    StandardKind,
)
from accreditation.services import change_status
from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Body,
    Certificate,
    CertificateStatus,
    Office,
)
from bodies.staff_groups import CURATOR, VIEWER
from complaints.models import Report, ReportKind

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


@pytest.fixture
def make_source(db):
    def make(key: str | None = None, **fields) -> Source:
        key = key or f"S-TEST-{next(_sequence)}"
        defaults = {"citation": f"{key}: a public document", "url": "https://example.org/doc"}
        return Source.objects.create(key=key, **{**defaults, **fields})

    return make


@pytest.fixture
def make_report(db):
    def make(*, kind=ReportKind.FAKE_CERTIFICATE, **fields) -> Report:
        defaults = {
            "description": "The certificate number does not match the body's register.",
            "email": "reporter@example.org",
        }
        return Report.objects.create(kind=kind, **{**defaults, **fields})

    return make


@pytest.fixture
def record_status_change(db):
    """A status change through the service, as the admin and imports make them."""

    def record(subject, new_status: str, **fields):
        defaults = {"effective_on": TODAY, "source": "https://ab.example/notice"}
        return change_status(subject=subject, new_status=new_status, **{**defaults, **fields})

    return record


@pytest.fixture
def make_staff(db, django_user_model):
    """A staff user (not superuser) in one of the groups the staff_groups migration creates."""

    def make(group_name: str, username: str | None = None):
        # No password: hashing one costs more than the rest of a test (clients force_login).
        user = django_user_model.objects.create_user(username or group_name.lower(), is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


def _logged_in(client, user):
    # force_login would pick django-axes' backend, which loads no users.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def curator(make_staff):
    return make_staff(CURATOR)


@pytest.fixture
def viewer(make_staff):
    return make_staff(VIEWER)


@pytest.fixture
def curator_client(client, curator):
    return _logged_in(client, curator)


@pytest.fixture
def viewer_client(client, viewer):
    return _logged_in(client, viewer)
