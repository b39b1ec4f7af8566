"""`manage.py seed_demo`: a deterministic, clearly fictional population, and its removal.

Runs on SQLite (executemany) and on PostgreSQL (COPY) alike: the same tests cover both paths.
"""

import datetime
import hashlib
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F

from accreditation.models import BodyKind, Standard, StandardKind, Standing
from bodies.demo import clear_demo, seed_demo, vocabulary
from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Body,
    Certificate,
    CertificateStatus,
    Office,
    StatusChange,
)
from complaints.models import Report, ReportKind
from tests.conftest import TODAY

SMALL = {"bodies": 40, "certificates": 1500, "seed": 7, "as_of": TODAY}
MIX = {"bodies": 160, "certificates": 6000, "seed": 3, "as_of": TODAY}


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


ACCREDITATION_KEY = ["accreditation__accreditation_body__acronym", "accreditation__number"]


def demo_digest() -> str:
    """Every demo row by natural keys (ids and creation times differ between runs)."""
    digest = hashlib.sha256()
    querysets = [
        Body.objects.demo()
        .order_by("slug")
        .values_list(
            "slug", "name", "acronym", "kind", "country", "city", "website", "email",
            "address", "founded_year", "description", "certificates_updated_at", "basis",
        ),
        Office.objects.filter(body__is_demo=True)
        .order_by("body__slug", "-is_head_office", "country")
        .values_list(
            "body__slug", "country", "city", "address", "is_head_office",
            "is_accredited_location",
        ),
        Accreditation.objects.filter(body__is_demo=True)
        .order_by("accreditation_body__acronym", "number")
        .values_list(
            "body__slug", "accreditation_body__acronym", "number", "standard__code", "status",
            "granted_on", "expires_on", "last_checked_on", "as_of",
        ),
        Accreditation.schemes.through.objects.filter(accreditation__body__is_demo=True)
        .order_by(*ACCREDITATION_KEY, "standard__code")
        .values_list(*ACCREDITATION_KEY, "standard__code"),
        Accreditation.sectors.through.objects.filter(accreditation__body__is_demo=True)
        .order_by(*ACCREDITATION_KEY, "sector__code")
        .values_list(*ACCREDITATION_KEY, "sector__code"),
        Certificate.objects.filter(issuing_body__is_demo=True)
        .order_by("issuing_body__slug", "number")
        .values_list(
            "issuing_body__slug", "number", "number_normalised", "holder_name",
            "holder_country", "accreditation__accreditation_body__acronym",
            "accreditation__number", "scheme__code", "scope", "issued_on", "expires_on",
            "status", "created_at", "updated_at",
        ),
        Certificate.sectors.through.objects.filter(certificate__issuing_body__is_demo=True)
        .order_by("certificate__issuing_body__slug", "certificate__number", "sector__code")
        .values_list("certificate__issuing_body__slug", "certificate__number", "sector__code"),
        StatusChange.objects.filter(body__is_demo=True)
        .order_by(
            "body__slug", "accreditation__number", "certificate__number", "effective_on",
            "new_status",
        )
        .values_list(
            "body__slug", "accreditation__accreditation_body__acronym", "accreditation__number",
            "certificate__number", "accreditation_body__acronym", "old_status", "new_status",
            "effective_on", "source", "note", "recorded_at",
        ),
    ]  # fmt: skip
    for queryset in querysets:
        # Sorted in Python: databases order NULLs differently.
        for row in sorted(tuple(map(_comparable, row)) for row in queryset):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _comparable(value: object) -> object:
    """Datetimes as UTC ISO text: each database driver attaches its own tzinfo object."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return "" if value is None else value


def demo_row_counts() -> dict[str, int]:
    return {
        "bodies": Body.objects.demo().count(),
        "offices": Office.objects.filter(body__is_demo=True).count(),
        "accreditations": Accreditation.objects.filter(body__is_demo=True).count(),
        "certificates": Certificate.objects.filter(issuing_body__is_demo=True).count(),
        "status changes": StatusChange.objects.filter(body__is_demo=True).count(),
    }


# --- Determinism ------------------------------------------------------------------------------


def test_same_seed_and_day_reproduce_identical_rows_after_a_clear(demo_reference):
    seed(**SMALL)
    first = demo_digest()
    seed(clear=True)
    assert demo_row_counts()["bodies"] == 0

    seed(**SMALL)

    assert demo_digest() == first


def test_another_seed_or_day_gives_another_population(demo_reference):
    seed(**SMALL)
    first = demo_digest()

    seed(**{**SMALL, "seed": 8}, replace=True)
    other_seed = demo_digest()
    seed(**{**SMALL, "as_of": TODAY - datetime.timedelta(days=1)}, replace=True)

    assert len({first, other_seed, demo_digest()}) == 3


def test_certificate_ids_follow_existing_rows_and_later_inserts_do_not_collide(
    demo_reference, make_body, make_certificate
):
    real_body = make_body("Real Certification Ltd")
    iso_9001 = Standard.objects.get(code="ISO 9001")
    before = make_certificate(real_body, scheme=iso_9001)

    seed(**SMALL)
    after = make_certificate(real_body, scheme=iso_9001)

    demo_ids = Certificate.objects.filter(issuing_body__is_demo=True).values_list("id", flat=True)
    assert min(demo_ids) > before.pk
    assert after.pk > max(demo_ids)


# --- What is written --------------------------------------------------------------------------


def test_seeding_writes_the_requested_rows_all_marked_demo(demo_reference):
    output = seed(**SMALL)

    counts = demo_row_counts()
    assert counts["bodies"] == Body.objects.count() == 40
    assert counts["certificates"] == Certificate.objects.count() == 1500
    assert counts["offices"] == Office.objects.count() >= 40
    assert counts["accreditations"] == Accreditation.objects.count() > 0
    assert counts["status changes"] == StatusChange.objects.count() > 0
    assert all(body.name.endswith("(demo)") for body in Body.objects.all())
    assert all(body.slug.startswith("demo-") for body in Body.objects.all())
    assert not Body.objects.exclude(website__endswith=".example").exists()
    assert not Certificate.objects.exclude(holder_name__startswith="Demo Holder ").exists()
    assert "bodies_certificate: wrote 1,500 rows" in output
    assert "rows/s" in output


def test_every_kind_of_body_is_seeded_with_a_head_office_and_some_offices_abroad(
    demo_reference,
):
    seed(**MIX)

    assert set(Body.objects.values_list("kind", flat=True)) == set(BodyKind.values)
    heads = Office.objects.filter(is_head_office=True)
    assert heads.count() == 160
    assert not heads.exclude(country=F("body__country")).exists()
    abroad = Office.objects.filter(is_head_office=False)
    assert abroad.exists()
    assert not abroad.filter(country=F("body__country")).exists()
    assert abroad.filter(is_accredited_location=True).exists()


def test_accreditation_statuses_mix_with_dates_and_timelines_that_agree(demo_reference):
    seed(**MIX)

    accreditations = Accreditation.objects.all()
    statuses = Counter(accreditations.values_list("status", flat=True))
    assert set(statuses) == {
        AccreditationStatus.ACTIVE,
        AccreditationStatus.SUSPENDED,
        AccreditationStatus.WITHDRAWN,
        AccreditationStatus.EXPIRED,
    }
    assert statuses[AccreditationStatus.ACTIVE] / sum(statuses.values()) > 0.7
    assert not accreditations.filter(status="expired", expires_on__gte=TODAY).exists()
    assert not accreditations.filter(status="active", expires_on__lt=TODAY).exists()
    assert accreditations.filter(
        status="active", expires_on__lte=TODAY + datetime.timedelta(days=90)
    ).exists()
    assert not accreditations.filter(expires_on__lt=F("granted_on")).exists()
    assert accreditations.filter(last_checked_on__lt=TODAY - datetime.timedelta(days=365)).exists()
    assert not accreditations.filter(last_checked_on__lt=TODAY - datetime.timedelta(days=731))
    for accreditation in accreditations.exclude(status="active").prefetch_related("status_changes"):
        latest = accreditation.status_changes.all()[0]  # newest first
        assert latest.new_status == accreditation.status
        assert latest.source == "demo data"
        assert latest.effective_on <= TODAY
        assert latest.accreditation_body_id == accreditation.accreditation_body_id


def test_accreditations_come_mostly_from_an_ab_in_the_bodys_country(demo_reference):
    seed(**MIX)

    listed = Accreditation.objects.filter(accreditation_body__standing=Standing.LISTED)
    home = listed.filter(body__country__in=["GB", "DE", "FR", "IT", "ES", "US", "CN", "AU", "IN"])
    same_country = home.filter(accreditation_body__country=F("body__country")).count()
    assert same_country / home.count() > 0.5
    numbers = listed.values("accreditation_body", "number").annotate(n=Count("id"))
    assert not numbers.filter(n__gt=1).exists()
    # Management-system CBs are accredited to 17021-1 with schemes and IAF sectors.
    ms = Accreditation.objects.filter(body__kind=BodyKind.MANAGEMENT_SYSTEM_CB)
    assert set(ms.values_list("standard__code", flat=True)) == {"ISO/IEC 17021-1"}
    assert not ms.annotate(n=Count("schemes")).filter(n=0).exists()
    assert not ms.annotate(n=Count("schemes")).filter(n__gt=6).exists()
    assert not ms.annotate(n=Count("sectors")).filter(n__lt=3).exists()


def test_a_few_bodies_are_unaccredited_or_accredited_only_by_a_flagged_ab(demo_reference):
    seed(**MIX)

    unaccredited = Body.objects.annotate(n=Count("accreditations")).filter(n=0)
    flagged_only = Body.objects.filter(
        accreditations__accreditation_body__standing=Standing.NOT_RECOGNISED
    ).exclude(accreditations__accreditation_body__standing=Standing.LISTED)
    assert 0 < unaccredited.count() < 16
    assert 0 < flagged_only.count() < 16
    assert not Office.objects.filter(body__in=unaccredited, is_accredited_location=True).exists()


def test_certificates_stay_in_their_accreditation_scope_except_a_small_deliberate_share(
    demo_reference,
):
    seed(**MIX)

    accredited = Certificate.objects.filter(accreditation__isnull=False)
    total = Certificate.objects.count()
    scope = {
        a.pk: ({s.pk for s in a.schemes.all()}, {s.pk for s in a.sectors.all()})
        for a in Accreditation.objects.prefetch_related("schemes", "sectors")
    }
    scheme_misses = sector_misses = 0
    for certificate in accredited.prefetch_related("sectors"):
        schemes, sectors = scope[certificate.accreditation_id]
        scheme_misses += certificate.scheme_id not in schemes
        sector_misses += any(s.pk not in sectors for s in certificate.sectors.all())
    assert 0 < scheme_misses < total * 0.04
    assert 0 < sector_misses < total * 0.06
    unaccredited = Certificate.objects.filter(accreditation__isnull=True).count()
    assert 0 < unaccredited < total * 0.1
    assert not accredited.exclude(issuing_body=F("accreditation__body")).exists()


def test_certificates_run_in_three_year_cycles_with_a_realistic_status_mix(demo_reference):
    seed(**MIX)

    certificates = Certificate.objects.all()
    for certificate in certificates[:200]:
        issued = certificate.issued_on
        assert certificate.expires_on == issued.replace(year=issued.year + 3) - datetime.timedelta(
            days=1
        )
    statuses = Counter(certificates.values_list("status", flat=True))
    assert set(statuses) == set(CertificateStatus.values)
    assert statuses[CertificateStatus.VALID] / certificates.count() > 0.8
    assert certificates.filter(status="valid", expires_on__lt=TODAY).exists()  # expired by date
    assert not certificates.filter(status="expired", expires_on__gte=TODAY).exists()
    assert not certificates.filter(issued_on__gt=TODAY).exists()
    timelines = StatusChange.objects.filter(certificate__isnull=False)
    assert timelines.exists()
    assert not timelines.exclude(new_status=F("certificate__status")).exists()
    assert not timelines.exclude(body=F("certificate__issuing_body")).exists()
    kinds = set(certificates.values_list("issuing_body__kind", flat=True))
    assert kinds <= {BodyKind.MANAGEMENT_SYSTEM_CB, BodyKind.PRODUCT_CB, BodyKind.PERSONS_CB}
    # Holders are mostly in the countries where the body has offices.
    at_home = certificates.filter(holder_country=F("issuing_body__country")).count()
    assert at_home / certificates.count() > 0.4


def test_certificate_numbers_are_unique_per_body_ignoring_case_spaces_and_dashes(
    demo_reference,
):
    seed(**MIX)

    duplicates = (
        Certificate.objects.values("issuing_body", "number_normalised")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not duplicates.exists()
    assert Certificate.objects.filter(number__contains=" ").exists()
    assert Certificate.objects.filter(number__contains="-").exists()


def test_only_bodies_that_share_data_have_certificates(demo_reference):
    seed(**MIX)

    certifiers = Body.objects.filter(kind__in=vocabulary.CERTIFYING_KINDS)
    sharing = certifiers.filter(certificates_updated_at__isnull=False)
    silent = certifiers.filter(certificates_updated_at__isnull=True)
    assert 0.5 < sharing.count() / certifiers.count() < 0.9
    assert silent.exists()
    assert not Certificate.objects.filter(issuing_body__in=silent).exists()
    assert not Body.objects.exclude(kind__in=vocabulary.CERTIFYING_KINDS).filter(
        certificates_updated_at__isnull=False
    )
    assert not sharing.filter(
        certificates_updated_at__gt=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
    )


# --- Clearing ---------------------------------------------------------------------------------


def test_clear_removes_every_demo_row_and_leaves_real_rows_alone(
    demo_reference, make_body, make_accreditation, make_certificate, make_sector
):
    real = make_body("Real Certification Ltd", country="GB")
    iso_9001 = Standard.objects.get(code="ISO 9001")
    real_accreditation = make_accreditation(real, schemes=[iso_9001], sectors=[make_sector(17)])
    real_certificate = make_certificate(
        real, scheme=iso_9001, accreditation=real_accreditation, sectors=[make_sector(17)]
    )
    StatusChange.objects.create(
        certificate=real_certificate, body=real, old_status="valid", new_status="suspended",
        effective_on=TODAY,
    )  # fmt: skip
    seed(**SMALL)
    demo_certificate = Certificate.objects.filter(issuing_body__is_demo=True).first()
    demo_body = demo_certificate.issuing_body
    # A staff edit of a demo body leaves history; a complaint names demo rows; a real
    # certificate was (wrongly) linked to a demo accreditation.
    demo_body.notes = "checked by staff"
    demo_body.save()
    report = Report.objects.create(
        kind=ReportKind.FAKE_CERTIFICATE, body=demo_body, certificate=demo_certificate,
        description="Looks forged",
    )  # fmt: skip
    stray = make_certificate(
        real, scheme=iso_9001, accreditation=Accreditation.objects.filter(body=demo_body).first()
    )

    output = seed(clear=True)

    assert demo_row_counts() == dict.fromkeys(demo_row_counts(), 0)
    assert not Body.history.filter(id=demo_body.pk).exists()
    assert list(Body.objects.all()) == [real]
    assert list(Accreditation.objects.all()) == [real_accreditation]
    assert set(Certificate.objects.all()) == {real_certificate, stray}
    assert [s.code for s in Certificate.objects.get(pk=real_certificate.pk).sectors.all()] == [17]
    assert StatusChange.objects.filter(certificate=real_certificate).count() == 1
    assert Office.objects.filter(body=real).count() == 1
    report.refresh_from_db()
    assert (report.body, report.certificate, report.description) == (None, None, "Looks forged")
    stray.refresh_from_db()
    assert stray.accreditation is None
    assert "bodies_certificate: deleted 1,500 rows" in output


def test_seeding_again_is_refused_while_demo_rows_exist_and_replace_swaps_them(demo_reference):
    seed(**SMALL)
    first = demo_digest()

    with pytest.raises(CommandError, match="--clear"):
        seed(**{**SMALL, "seed": 9})
    assert demo_digest() == first

    seed(**{**SMALL, "bodies": 30, "seed": 9}, replace=True)
    assert demo_row_counts()["bodies"] == 30


def test_dry_run_reports_what_it_would_write_and_writes_nothing(demo_reference):
    output = seed(**SMALL, dry_run=True)

    assert "bodies_body: wrote 40 rows" in output
    assert "rolled back" in output
    assert demo_row_counts()["bodies"] == 0


def test_the_site_banner_shows_while_demo_rows_exist(demo_reference, client):
    assert "Demo data" not in client.get("/").content.decode()
    seed(**SMALL)
    assert "Demo data" in client.get("/").content.decode()
    seed(clear=True)
    assert "Demo data" not in client.get("/").content.decode()


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ({"bodies": -5}, "--bodies must be between 1"),
        ({"bodies": 0}, "--bodies must be between 1"),
        ({"certificates": -1}, "--certificates must be between 0"),
        ({"seed": -3}, "--seed must be zero or positive"),
        ({"as_of": datetime.date(1990, 1, 1)}, "--as-of must be between"),
        ({"clear": True, "bodies": 10}, "--clear takes no generation options"),
    ],
)
def test_bad_arguments_stop_with_a_clear_reason_and_write_nothing(demo_reference, options, reason):
    with pytest.raises(CommandError, match=reason):
        seed(**options)
    assert Body.objects.count() == 0


def test_a_malformed_date_is_refused():
    with pytest.raises(CommandError, match="not a date like"):
        call_command("seed_demo", "--as-of", "29/11/2026", stdout=io.StringIO())


def test_missing_reference_data_asks_for_load_reference_and_writes_nothing(db):
    with pytest.raises(CommandError, match="run `manage.py load_reference` first"):
        seed(**SMALL)
    assert Body.objects.count() == 0


def test_certificates_without_a_scheme_to_certify_to_are_refused(demo_reference):
    Standard.objects.filter(kind=StandardKind.SCHEME).delete()

    with pytest.raises(CommandError, match="--certificates needs certification bodies"):
        seed(**SMALL)
    assert Body.objects.count() == 0

    seed(**{**SMALL, "certificates": 0})
    assert Body.objects.count() == 40


def test_a_failure_half_way_leaves_nothing_behind(demo_reference, monkeypatch):
    from bodies.demo import service

    def broken_chunks(*args, **kwargs):
        yield from ()
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "certificate_chunks", broken_chunks)
    with pytest.raises(RuntimeError, match="disk full"):
        seed_demo(bodies=20, certificates=100, seed=1, as_of=TODAY)
    assert Body.objects.count() == 0
    assert clear_demo().rows("bodies_body") == 0


def test_word_lists_hold_nothing_copy_would_have_to_escape():
    words = [
        *vocabulary.NAME_HEADS, *vocabulary.NAME_TAILS, *vocabulary.STREET_KINDS,
        *vocabulary.SCOPE_ACTIVITIES, *vocabulary.PRODUCT_SCOPES, *vocabulary.PERSONS_SCOPES,
        *vocabulary.HOLDER_SUFFIXES.values(), *vocabulary.STATUS_CHANGE_NOTES.values(),
        *(city for cities in vocabulary.CITIES.values() for city in cities),
        *(phrase for phrases in vocabulary.KIND_PHRASES.values() for phrase in phrases),
    ]  # fmt: skip
    assert not [word for word in words if {"\t", "\n", "\\"} & set(word)]


# --- bench/seed.py ----------------------------------------------------------------------------


def test_bench_seed_script_refuses_a_database_that_is_not_postgresql():
    from bench.seed import seed as bench_seed

    with pytest.raises(SystemExit, match="needs a PostgreSQL URL"):
        bench_seed("sqlite:///db.sqlite3", 10, 100, 1)


def test_bench_seed_script_fills_the_postgresql_database_it_is_given(demo_reference, capsys):
    from django.db import connection

    from bench.seed import seed as bench_seed

    if connection.vendor != "postgresql":
        pytest.skip("bench/seed.py runs against PostgreSQL only")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    timings = bench_seed(url, 30, 1000, 5, as_of=TODAY)

    assert demo_row_counts()["certificates"] == 1000
    assert timings["bodies_certificate"] > 0
    assert "rows/s" in capsys.readouterr().out
