"""Shared fixtures: factories that build real rows in the real test database.

Factories are plain functions behind fixtures (`make_body(...)`), with defaults that make a
valid, accredited, recognised management-system CB unless a test says otherwise.
"""

import contextlib
import copy
import csv
import datetime
import io
import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import translation

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
    Standing,
    SurveyBreakdown,
    SurveyFigure,
)
from accreditation.reference import standard_slug
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

# A read-replica alias present in every test run (see django_db_modify_db_settings). It is a
# test mirror of "default", like the aliases DATABASE_REPLICA_URLS configures, and is only
# used for reads when a test lists it in settings.DATABASE_REPLICA_ALIASES.
REPLICA_ALIAS = "replica_1"

# --- Browser tests (Playwright + the Debian chromium package) -------------------------------
# `@pytest.mark.browser` tests skip when Chromium is missing, unless REQUIRE_BROWSER=1 (CI),
# where a missing browser is an error: CI must not go green by skipping them.
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None or Path(CHROMIUM_PATH).exists():
        return
    message = f"Chromium not found at {CHROMIUM_PATH} (set CHROMIUM_PATH)"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message}, and REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """The system Chromium, offline: without the background-networking flags it tries to
    reach the internet and stalls (STACK-NOTES.md)."""
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
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions of the page (CSP violations are errors)."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Add REPLICA_ALIAS as a test mirror of "default" before the test databases are made.

    Mirrors share the default test database, so ops.db_router can be tested for real (two
    connections, reads on one, writes on the other) on one server, SQLite or PostgreSQL.
    """
    if REPLICA_ALIAS not in settings.DATABASES:
        replica = copy.deepcopy(settings.DATABASES["default"])
        replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
        settings.DATABASES[REPLICA_ALIAS] = replica


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (cached choice lists, facets, demo flag)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language. A request to a /ru/ page leaves
    Russian active in the thread (LocaleMiddleware activates it, nothing deactivates it), and
    a later test would get Russian messages from code it calls outside a request."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """Login tests hash passwords many times; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def default_database_down() -> Callable[[], contextlib.AbstractContextManager[None]]:
    """`with default_database_down():` the default database is unreachable, for real.

    The "default" connection is swapped for one whose settings point nowhere (a missing
    directory for SQLite, a closed port for PostgreSQL), so every query fails to connect the
    way it does in an outage; the real connection (and the test's transaction) is put back
    on exit.
    """

    @contextlib.contextmanager
    def down() -> Iterator[None]:
        real = connections[DEFAULT_DB_ALIAS]
        unreachable = copy.deepcopy(real.settings_dict)
        if real.vendor == "sqlite":
            unreachable["NAME"] = "/nonexistent-directory/certdir.sqlite3"
        else:
            unreachable.update(HOST="127.0.0.1", PORT="1")
        broken = real.__class__(unreachable, alias=DEFAULT_DB_ALIAS)
        connections[DEFAULT_DB_ALIAS] = broken
        try:
            yield
        finally:
            broken.close()
            connections[DEFAULT_DB_ALIAS] = real

    return down


@pytest.fixture
def make_standard(db):
    def make(code: str, *, kind: str = StandardKind.SCHEME, casco=None, **fields) -> Standard:
        slug = fields.pop("slug", None) or standard_slug(code)
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


@pytest.fixture
def make_survey_figure(db):
    """figure(year, certificates, standard=None, country="", sector=None, **fields): one ISO
    Survey figure; its breakdown follows from country / sector (a world figure by default)."""

    def make(
        year: int,
        certificates: int,
        *,
        standard: Standard | None = None,
        country: str = "",
        sector: Sector | None = None,
        **fields,
    ) -> SurveyFigure:
        breakdown = SurveyBreakdown.WORLD
        if country:
            breakdown = SurveyBreakdown.COUNTRY
        elif sector is not None:
            breakdown = SurveyBreakdown.SECTOR
        label = fields.pop("standard_label", standard.code if standard else "ALL")
        return SurveyFigure.objects.create(
            year=year,
            certificates=certificates,
            standard=standard,
            standard_label=label,
            breakdown=fields.pop("breakdown", breakdown),
            country=country,
            sector=sector,
            **fields,
        )

    return make


@pytest.fixture
def make_status_change(db):
    """change(subject, new_status, effective_on, **fields): a saved timeline row.

    `subject` is an Accreditation, a Certificate or a Recognition; the row copies its
    owners (body, accreditation body) as `build_status_change` does.
    """

    def make(subject, new_status: str, effective_on: datetime.date, **fields):
        change = subject.build_status_change(
            new_status=new_status, effective_on=effective_on, **fields
        )
        change.save()
        return change

    return make


def run_load_reference(*args: str) -> str:
    """`manage.py load_reference` with these arguments; returns what it printed."""
    out = io.StringIO()
    call_command("load_reference", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def load_reference(db):
    """load(*args) -> output: run `manage.py load_reference` (e.g. with --data-dir)."""
    return run_load_reference


@pytest.fixture
def load_reference_fails(load_reference):
    """fails(data_dir, *expected) -> message: the load stops naming each expected problem,
    and the database holds no reference row at all (one transaction, nothing written)."""

    def fails(data_dir: Path, *expected: str) -> str:
        with pytest.raises(CommandError) as error:
            load_reference("--data-dir", str(data_dir))
        message = str(error.value)
        assert "nothing was written" in message
        for text in expected:
            assert text in message
        reference_models = (
            Source,
            Standard,
            Sector,
            Cooperation,
            AccreditationBody,
            Recognition,
            SurveyFigure,
        )
        for model in reference_models:
            assert not model.objects.exists(), model.__name__
        for model in (Body, Office, Accreditation):
            assert not model.objects.exists(), model.__name__
        return message

    return fails


@pytest.fixture
def reference_csv():
    """rows(file) -> the rows of one shipped reference CSV, as dicts."""

    def rows(name: str) -> list[dict[str, str]]:
        with (settings.REFERENCE_DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    return rows


@pytest.fixture
def reference_data(db) -> None:
    """The real reference data of accreditation/data, loaded by `manage.py load_reference`.

    Standards, IAF sectors, cooperations, 118 accreditation bodies (10 flagged look-alikes),
    their IAF MLA / ILAC MRA recognitions, sources, and 83 real bodies with 44
    accreditations. About 0.3 s on SQLite; use it only where a test needs the real data.
    """
    run_load_reference()


@pytest.fixture
def reference_dir(tmp_path) -> Path:
    """A writable copy of the reference files, for tests that edit or break them."""
    return Path(shutil.copytree(settings.REFERENCE_DATA_DIR, tmp_path / "reference"))


@pytest.fixture
def edit_reference_csv(reference_dir):
    """edit(file, key_column, key_value, **cells): change cells of one row of a copied CSV."""

    def edit(file: str, key_column: str, key_value: str, **cells: str) -> None:
        path = reference_dir / file
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        matching = [row for row in rows if row[key_column] == key_value]
        assert len(matching) == 1, f"{key_value!r} matches {len(matching)} rows of {file}"
        matching[0].update(cells)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    return edit


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
