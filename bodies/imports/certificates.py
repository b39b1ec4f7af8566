"""Import certificates from CSV: validate every row, then upsert by (issuing body, number).

Columns (header row required; names exact, order free; UTF-8):

==================== ======== ==========================================================
column               required meaning
==================== ======== ==========================================================
body                 yes      the issuing body's certdir slug (e.g. ``quillmoor``)
number               yes      the certificate number as printed (at most 80 characters;
                              letters, digits, spaces and . / _ : # ( ) + -)
holder_name          yes      the certified organisation (at most 200 characters)
holder_country       yes      ISO 3166 alpha-2 code (``DE``)
scheme               yes      the scheme's slug (``iso-9001``) or code (``ISO 9001``)
issued_on            yes      YYYY-MM-DD
expires_on           yes      YYYY-MM-DD, not before issued_on
status               yes      valid, suspended, withdrawn or expired
sectors              no       IAF sector codes separated by ``;`` (``17;28``)
accreditation_number no       the number of the issuing body's accreditation the
                              certificate was issued under (resolved among that body's
                              accreditations only)
scope                no       free text, at most 5,000 characters
==================== ======== ==========================================================

A row is matched to an existing certificate by issuing body and number with case, spaces
and dashes ignored (the `certificate_number_unique_per_body` constraint). A changed status
is recorded on the certificate's status timeline, dated `effective_on` (default: today) and
sourced to the file name or `source`. Nothing is written unless every row is valid, except
with `skip_invalid`, which writes the valid rows and reports the others. Each imported body's
`certificates_updated_at` is set: its certificate data is now current in certdir.

On PostgreSQL the validated rows go through COPY into a temporary staging table and are
written with set-based statements (`bodies.imports.certificates_postgres`); elsewhere in
batches through the ORM.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accreditation.models import Sector, Standard, StandardKind
from bodies.imports import cells
from bodies.imports.cells import WHAT_BODY, WHAT_SCHEME
from bodies.imports.reading import CsvFile, ImportReport, RowChecker, has_width, open_csv
from bodies.imports.writing import Rollback, record_status_changes
from bodies.models import (
    Accreditation,
    Body,
    Certificate,
    CertificateStatus,
    normalise_certificate_number,
)
from bodies.queries.verify import numbers_condition
from bodies.validators import clean_number

REQUIRED = [
    "body",
    "number",
    "holder_name",
    "holder_country",
    "scheme",
    "issued_on",
    "expires_on",
    "status",
]
OPTIONAL = ["sectors", "accreditation_number", "scope"]
COLUMNS = REQUIRED + OPTIONAL
SCOPE_MAX_LENGTH = 5_000
BATCH_SIZE = 1_000


@dataclass(slots=True)
class CertificateRow:
    line: int
    body_id: int
    number: str
    holder_name: str
    holder_country: str
    scheme_id: int
    sector_ids: list[int]
    issued_on: datetime.date
    expires_on: datetime.date
    status: str
    accreditation_id: int | None
    scope: str

    @property
    def key(self) -> tuple[int, str]:
        return self.body_id, normalise_certificate_number(self.number)


class CertificateValidator:
    """Checks rows against certdir's data, loaded once: bodies, schemes, sectors, countries."""

    def __init__(self, report: ImportReport, header: list[str]):
        self.report = report
        self.index = {column: header.index(column) for column in COLUMNS if column in header}
        self.width = len(header)
        self.bodies = {slug.lower(): pk for slug, pk in Body.objects.values_list("slug", "pk")}
        self.schemes = {}
        for pk, slug, code in Standard.objects.filter(kind=StandardKind.SCHEME).values_list(
            "pk", "slug", "code"
        ):
            self.schemes[slug.lower()] = pk
            self.schemes[code.lower()] = pk
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        self.accreditations = {
            (body_id, number.strip().casefold()): pk
            for body_id, number, pk in Accreditation.objects.exclude(number="").values_list(
                "body_id", "number", "pk"
            )
        }
        self.countries = {code for code, _name in countries}
        self.statuses = {value: str(label) for value, label in CertificateStatus.choices}

    def validate(self, line: int, row: list[str]) -> CertificateRow | None:
        """The typed row, or None after recording every problem of the row in the report."""
        if not has_width(self.report, line, row, self.width):
            return None
        cells_ = RowChecker(self.report, line, row, self.index)
        check = cells_.check
        body_id = check("body", cells.lookup, self.bodies, what=WHAT_BODY)
        number = check("number", clean_number)
        holder_name = check("holder_name", cells.text, max_length=200, required=True)
        country = cells_.cell("holder_country").strip().upper()
        if country not in self.countries:
            cells_.error(
                "holder_country",
                _("“%(value)s” is not an ISO 3166 country code such as DE.")
                % {"value": country[:20]},
            )
        scheme_id = check("scheme", cells.lookup, self.schemes, what=WHAT_SCHEME)
        sector_ids = check("sectors", cells.sector_ids, self.sectors)
        issued_on = check("issued_on", cells.date)
        expires_on = check("expires_on", cells.date)
        if issued_on and expires_on and expires_on < issued_on:
            cells_.error("expires_on", _("Expires before it was issued."))
        status = check("status", cells.choice, self.statuses)
        scope = check("scope", cells.text, max_length=SCOPE_MAX_LENGTH, multiline=True)
        accreditation_id = None
        accreditation_number = cells_.cell("accreditation_number").strip()
        if accreditation_number and body_id is not None:
            accreditation_id = self.accreditations.get((body_id, accreditation_number.casefold()))
            if accreditation_id is None:
                cells_.error(
                    "accreditation_number",
                    _("The body has no accreditation numbered “%(number)s” in certdir.")
                    % {"number": accreditation_number[:60]},
                )
        if not cells_.ok:
            return None
        return CertificateRow(
            line=line,
            body_id=body_id,
            number=number,
            holder_name=holder_name,
            holder_country=country,
            scheme_id=scheme_id,
            sector_ids=sector_ids,
            issued_on=issued_on,
            expires_on=expires_on,
            status=status,
            accreditation_id=accreditation_id,
            scope=scope,
        )


def validated_rows(csv_file: CsvFile, report: ImportReport) -> Iterator[CertificateRow]:
    """Every valid row of the file; the invalid ones are recorded in the report.

    The lookups are loaded here, before the first row is read: on PostgreSQL the rows are
    consumed inside a COPY, during which the connection cannot run other queries.
    """
    validator = CertificateValidator(report, csv_file.header)

    def rows() -> Iterator[CertificateRow]:
        for line, row in csv_file.records:
            report.rows += 1
            certificate = validator.validate(line, row)
            if certificate is not None:
                report.valid += 1
                yield certificate

    return rows()


def import_reason(source: str) -> str:
    """The simple-history change reason of an imported row (its field holds 100 characters)."""
    return (_("Imported from %(source)s") % {"source": source})[:100]


def import_certificates(
    *,
    stream: BinaryIO,
    name: str,
    source: str = "",
    skip_invalid: bool = False,
    effective_on: datetime.date | None = None,
    recorded_by: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate the whole file, then create or update its certificates in one transaction.

    Returns the report; with errors and without `skip_invalid`, or with `dry_run`, the
    transaction is rolled back and `report.written` is False. A file that cannot be read at
    all raises `ImportFileError`.
    """
    report = ImportReport(file=name)
    csv_file = open_csv(stream, name=name, required=REQUIRED, optional=OPTIONAL)
    options = {
        "source": source or name,
        "effective_on": effective_on or timezone.localdate(),
        "recorded_by": recorded_by,
    }
    try:
        with transaction.atomic():
            rows = validated_rows(csv_file, report)
            if connection.vendor == "postgresql":
                from bodies.imports.certificates_postgres import write_with_copy

                write_with_copy(rows, report=report, skip_invalid=skip_invalid, **options)
            else:
                _write_with_orm(rows, report=report, skip_invalid=skip_invalid, **options)
            if dry_run or not report.written:
                raise Rollback
    except Rollback:
        if dry_run and report.written:
            report.written = False
    return report


def report_duplicate(report: ImportReport, line: int, first_line: int) -> None:
    """A row repeating the body and number of an earlier row of the file is invalid."""
    report.add_error(
        line, "number", _("The same body and number as line %(line)d.") % {"line": first_line}
    )
    report.valid -= 1


def _without_duplicates(rows: list[CertificateRow], report: ImportReport) -> list[CertificateRow]:
    first_line: dict[tuple[int, str], int] = {}
    unique = []
    for row in rows:
        seen = first_line.setdefault(row.key, row.line)
        if seen != row.line:
            report_duplicate(report, row.line, seen)
        else:
            unique.append(row)
    return unique


_FIELDS = [
    "number",
    "holder_name",
    "holder_country",
    "scheme_id",
    "issued_on",
    "expires_on",
    "accreditation_id",
    "scope",
]


def _write_with_orm(
    rows: Iterator[CertificateRow],
    *,
    report: ImportReport,
    skip_invalid: bool,
    source: str,
    effective_on: datetime.date,
    recorded_by: AbstractBaseUser | None,
) -> None:
    """Batched ORM upsert (SQLite, tests): a fixed number of queries per batch of rows."""
    valid = _without_duplicates(list(rows), report)
    if report.error_count and not skip_invalid:
        return
    now = timezone.now()
    reason = import_reason(source)
    through = Certificate.sectors.through
    for start in range(0, len(valid), BATCH_SIZE):
        batch = valid[start : start + BATCH_SIZE]
        existing = {
            (c.issuing_body_id, normalise_certificate_number(c.number)): c
            for c in Certificate.objects.filter(
                numbers_condition(row.number for row in batch),
                issuing_body_id__in={row.body_id for row in batch},
            )
        }
        linked = defaultdict(set)
        for certificate_id, sector_id in through.objects.filter(
            certificate_id__in=[c.pk for c in existing.values()]
        ).values_list("certificate_id", "sector_id"):
            linked[certificate_id].add(sector_id)
        created, changed, by_status = [], [], defaultdict(list)
        sector_adds, resectored = [], []
        for row in batch:
            certificate = existing.get(row.key)
            if certificate is None:
                certificate = Certificate(
                    issuing_body_id=row.body_id,
                    status=row.status,
                    created_at=now,
                    updated_at=now,
                    **{field: getattr(row, field) for field in _FIELDS},
                )
                created.append((certificate, row.sector_ids))
                continue
            fields_changed = [f for f in _FIELDS if getattr(certificate, f) != getattr(row, f)]
            for field in fields_changed:
                setattr(certificate, field, getattr(row, field))
            wanted, current = set(row.sector_ids), linked[certificate.pk]
            if wanted != current:
                resectored.append(certificate.pk)
                sector_adds += [through(certificate_id=certificate.pk, sector_id=s) for s in wanted]
            if fields_changed or certificate.status != row.status:
                certificate.updated_at = now
            if certificate.status != row.status:
                by_status[row.status].append(certificate)
            elif fields_changed:
                changed.append(certificate)
            if fields_changed or certificate.status != row.status or wanted != current:
                report.updated += 1
            else:
                report.unchanged += 1
        if created:
            bulk_create_with_history(
                [certificate for certificate, _sectors in created],
                Certificate,
                default_user=recorded_by,
                default_change_reason=reason,
                default_date=now,
            )
            sector_adds += [
                through(certificate_id=certificate.pk, sector_id=s)
                for certificate, sectors in created
                for s in sectors
            ]
            report.created += len(created)
        if changed:
            bulk_update_with_history(
                changed,
                Certificate,
                [*_FIELDS, "updated_at"],
                default_user=recorded_by,
                default_change_reason=reason,
                default_date=now,
            )
        record_status_changes(
            by_status,
            report=report,
            source=source,
            effective_on=effective_on,
            recorded_by=recorded_by,
        )
        through.objects.filter(certificate_id__in=resectored).delete()
        through.objects.bulk_create(sector_adds)
    Body.objects.filter(pk__in={row.body_id for row in valid}).update(certificates_updated_at=now)
    report.written = True
