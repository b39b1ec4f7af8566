"""Certificate and accreditation imports: validate everything, write all or nothing, keep history.

On PostgreSQL these tests exercise the COPY + set-based path, elsewhere the ORM path: the
same expectations hold for both.
"""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from bodies.imports.accreditations import import_accreditations
from bodies.imports.certificates import import_certificates
from bodies.imports.certificates_postgres import written_columns
from bodies.imports.reading import ImportFileError
from bodies.models import Accreditation, Body, Certificate, StatusChange

HEADER = (
    "body,number,holder_name,holder_country,scheme,sectors,issued_on,expires_on,status,"
    "accreditation_number,scope\n"
)
GOOD = (
    "quillmoor,QMA-1,Acme Castings GmbH,DE,iso-9001,17,2025-01-01,2028-01-01,valid,D-ZM-1234,"
    "Casting\n"
    "quillmoor,QMA-2,Beta Forge SA,FR,ISO 9001,,2025-02-01,2028-02-01,suspended,,\n"
)


def run(text: str | bytes, *, importer=import_certificates, name="certs.csv", **options):
    data = text.encode() if isinstance(text, str) else text
    return importer(stream=io.BytesIO(data), name=name, **options)


@pytest.fixture
def sectors(make_sector):
    return [make_sector(17), make_sector(28)]


def test_a_valid_file_creates_its_certificates(certified, sectors):
    report = run(HEADER + GOOD)
    assert report.written, report.errors
    assert (report.rows, report.valid, report.created, report.updated) == (2, 2, 2, 0)
    acme = Certificate.objects.get(number="QMA-1")
    assert acme.accreditation == certified.accreditation
    assert acme.holder_country == "DE"
    assert [s.code for s in acme.sectors.all()] == [17]
    assert Certificate.objects.get(number="QMA-2").status == "suspended"
    assert acme.history.get().history_type == "+"
    assert acme.history.get().history_change_reason == "Imported from certs.csv"
    assert Body.objects.get(slug="quillmoor").certificates_updated_at is not None


def test_importing_the_same_file_again_changes_nothing(certified, sectors):
    run(HEADER + GOOD)
    report = run(HEADER + GOOD)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Certificate.objects.get(number="QMA-1").history.count() == 1


def test_rows_upsert_by_body_and_number_whatever_the_case_spaces_and_dashes(certified, sectors):
    run(HEADER + GOOD)
    report = run(
        HEADER
        + "quillmoor,qma 1,Acme Castings AG,DE,iso-9001,17;28,2025-01-01,2028-01-01,valid,,\n"
    )
    assert (report.created, report.updated) == (0, 1)
    acme = Certificate.objects.get(number_normalised="QMA1")
    assert acme.number == "qma 1"
    assert acme.holder_name == "Acme Castings AG"
    assert acme.accreditation is None
    assert sorted(s.code for s in acme.sectors.all()) == [17, 28]


def test_a_sector_only_change_counts_as_an_update(certified, sectors):
    run(HEADER + GOOD)
    report = run(HEADER + GOOD.replace(",17,2025-01-01", ",28,2025-01-01"))
    assert (report.updated, report.unchanged) == (1, 1)
    assert [s.code for s in Certificate.objects.get(number="QMA-1").sectors.all()] == [28]


def test_a_status_change_is_recorded_on_the_timeline_with_its_source(
    client, certified, sectors, frozen_now
):
    run(HEADER + GOOD)
    report = run(
        HEADER + GOOD.replace("2028-01-01,valid", "2028-01-01,withdrawn"),
        source="https://quillmoor.example/withdrawn.csv",
        effective_on=datetime.date(2026, 10, 1),
    )
    assert report.status_changes == 1
    acme = Certificate.objects.get(number="QMA-1")
    assert acme.status == "withdrawn"
    change = StatusChange.objects.get(certificate=acme)
    assert (change.old_status, change.new_status) == ("valid", "withdrawn")
    assert change.effective_on == datetime.date(2026, 10, 1)
    assert change.source == "https://quillmoor.example/withdrawn.csv"
    assert change.body == certified.issuing_body
    assert change.accreditation_body == certified.accreditation.accreditation_body
    assert acme.history.first().history_change_reason.startswith("Status valid → withdrawn")
    html = client.get(acme.get_absolute_url()).content.decode()
    assert "https://quillmoor.example/withdrawn.csv" in html


def test_one_bad_row_means_nothing_is_written_and_every_problem_is_reported(certified, sectors):
    bad = (
        "quillmoor,QMA=3,Gamma Ltd,GB,iso-9001,40,2025-13-01,2024-01-01,valid,,\n"
        "nobody,QMA-4,,XX,iso-0000,,2025-01-01,2028-01-01,fine,D-ZM-1234,\n"
    )
    report = run(HEADER + GOOD + bad)
    assert not report.written
    assert not Certificate.objects.filter(number__startswith="QMA-").exclude(pk=certified.pk)
    assert Certificate.objects.count() == 1
    found = {(e.line, e.column) for e in report.errors}
    assert found == {
        (4, "number"),
        (4, "sectors"),
        (4, "issued_on"),
        (5, "body"),
        (5, "holder_name"),
        (5, "holder_country"),
        (5, "scheme"),
        (5, "status"),
    }
    assert str(report.errors[0]).startswith("certs.csv:4: number: ")
    assert "remove '='" in report.errors[0].reason


def test_skip_invalid_writes_the_valid_rows_and_reports_the_others(certified, sectors):
    report = run(
        HEADER + GOOD + "quillmoor,QMA-5,Delta,DE,iso-9001,,2025-01-01,2024-01-01,valid,,\n",
        skip_invalid=True,
    )
    assert report.written
    assert (report.rows, report.valid, report.created) == (3, 2, 2)
    assert [(e.line, e.column) for e in report.errors] == [(4, "expires_on")]
    assert not Certificate.objects.filter(number="QMA-5").exists()


def test_a_number_repeated_in_the_file_is_refused(certified, sectors):
    report = run(HEADER + GOOD + GOOD.splitlines()[0].replace("QMA-1", "qma 1") + "\n")
    assert not report.written
    assert [(e.line, e.column) for e in report.errors] == [(4, "number")]
    assert "as line 2" in report.errors[0].reason


def test_an_accreditation_number_of_another_body_is_not_resolved(
    certified, sectors, make_body, make_accreditation
):
    make_accreditation(make_body(slug="other"), number="OTHER-1")
    report = run(HEADER + GOOD.replace("D-ZM-1234", "OTHER-1"))
    assert [(e.line, e.column) for e in report.errors] == [(2, "accreditation_number")]


def test_long_strings_and_formula_looking_values(certified, sectors):
    long_holder = "x" * 10_000
    report = run(
        HEADER + f"quillmoor,QMA-6,{long_holder},DE,iso-9001,,2025-01-01,2028-01-01,valid,,\n"
        "quillmoor,QMA-7,=HYPERLINK(1),DE,iso-9001,,2025-01-01,2028-01-01,valid,,@SUM(1)\n"
    )
    assert [(e.line, e.column) for e in report.errors] == [(2, "holder_name")]
    assert "At most 200 characters; this value has 10000" in report.errors[0].reason


def test_a_row_with_too_many_or_too_few_cells_is_reported(certified, sectors):
    report = run(HEADER + "quillmoor,QMA-8\n" + GOOD.splitlines()[0] + ",extra\n")
    assert [(e.line, e.reason[:20]) for e in report.errors] == [
        (2, "This row has 2 cells"),
        (3, "This row has 12 cell"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ((HEADER + "quillmoor,QMA-9,Müller,DE").encode("latin-1"), "not UTF-8 text"),
        (HEADER.encode() + b"quillmoor,QMA\x00,x\n", "NUL byte"),
        (b"", "empty"),
        (b"body,number,holder_name\n", "missing column(s): holder_country"),
        ((HEADER.strip() + ",colour\n").encode(), "unknown column(s): colour"),
        ((HEADER + 'quillmoor,"QMA-1\n').encode(), "Not valid CSV"),
    ],
)
def test_files_that_cannot_be_read_are_refused_as_a_whole(db, content, message):
    with pytest.raises(ImportFileError) as error:
        run(content)
    assert message in str(error.value)
    assert Certificate.objects.count() == 0


def test_a_dry_run_counts_but_writes_nothing(certified, sectors):
    report = run(HEADER + GOOD, dry_run=True)
    assert (report.created, report.written) == (2, False)
    assert Certificate.objects.count() == 1


def test_the_copy_path_writes_every_certificate_column():
    """A field added to Certificate must be added to the PostgreSQL upsert too."""
    columns = {field.column for field in Certificate._meta.concrete_fields}
    assert columns <= written_columns()


def test_the_command_reports_bad_rows_and_fails(certified, sectors, tmp_path):
    path = tmp_path / "certs.csv"
    path.write_text(HEADER + GOOD + "quillmoor,QMA-5,Delta,DE,iso-9001,,2025-01-01,bad,valid,,\n")
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_certificates", str(path), stderr=stderr)
    assert "certs.csv:4: expires_on: “bad” is not a date written YYYY-MM-DD." in stderr.getvalue()
    stdout = io.StringIO()
    call_command("import_certificates", str(path), "--skip-invalid", stdout=stdout, stderr=stderr)
    assert "2 created" in stdout.getvalue()


ACCREDITATION_HEADER = (
    "body,accreditation_body,standard,status,number,granted_on,expires_on,schemes,sectors,"
    "scope_url,source_url,last_checked_on\n"
)


def test_accreditations_are_created_and_their_status_changes_recorded(
    certified, sectors, make_accreditation_body, iso_9001, client
):
    ab = certified.accreditation.accreditation_body
    make_accreditation_body("DAkkS")
    report = run(
        ACCREDITATION_HEADER
        + f"quillmoor,{ab.acronym},ISO/IEC 17021-1,suspended,D-ZM-1234,2024-01-01,2029-01-01,"
        "iso-9001,17;28,,https://ab.example/scope.pdf,2026-11-01\n"
        "quillmoor,dakks,iso-iec-17021-1,active,D-ZM-9,,,ISO 9001,,,,\n",
        importer=import_accreditations,
        name="accreditations.csv",
        effective_on=datetime.date(2026, 11, 2),
    )
    assert report.written, report.errors
    assert (report.created, report.updated, report.status_changes) == (1, 1, 1)
    existing = Accreditation.objects.get(pk=certified.accreditation.pk)
    assert existing.status == "suspended"
    assert sorted(s.code for s in existing.sectors.all()) == [17, 28]
    change = StatusChange.objects.get(accreditation=existing)
    assert (change.new_status, change.source) == ("suspended", "accreditations.csv")
    html = client.get(certified.issuing_body.get_absolute_url()).content.decode()
    assert "accreditations.csv" in html
    assert Accreditation.objects.get(number="D-ZM-9").schemes.get() == iso_9001


def test_an_accreditation_file_with_a_bad_row_writes_nothing(
    certified, sectors, iso_9001, casco_17065
):
    ab = certified.accreditation.accreditation_body.acronym
    report = run(
        ACCREDITATION_HEADER
        + f"quillmoor,{ab},ISO/IEC 17065,active,NEW-1,,,iso-9001,,,,\n"
        + f"quillmoor,{ab},ISO/IEC 17021-1,withdrawn,D-ZM-1234,,,,,,notaurl,\n",
        importer=import_accreditations,
    )
    assert not report.written
    assert {(e.line, e.column) for e in report.errors} == {(2, "schemes"), (3, "source_url")}
    assert "ISO 9001 is certified under ISO/IEC 17021-1, not ISO/IEC 17065" in str(report.errors)
    assert Accreditation.objects.get().status == "active"
