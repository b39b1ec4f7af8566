"""Import accreditations from CSV: validate every row, then upsert by (body, AB, standard).

Columns (header row required; names exact, order free; UTF-8):

==================== ======== ==========================================================
column               required meaning
==================== ======== ==========================================================
body                 yes      the accredited body's certdir slug
accreditation_body   yes      the AB's acronym (``UKAS``) or slug
standard             yes      the CASCO standard's code (``ISO/IEC 17021-1``) or slug
status               yes      active, suspended, withdrawn, expired or unknown
number               no       the AB's accreditation number (unique per AB)
granted_on           no       YYYY-MM-DD
expires_on           no       YYYY-MM-DD, not before granted_on
schemes              no       scheme slugs or codes separated by ``;``; each must be
                              certified under the row's CASCO standard
sectors              no       IAF sector codes separated by ``;``
scope_url            no       the scope document (http/https URL)
source_url           no       where these facts were read (http/https URL)
last_checked_on      no       YYYY-MM-DD (default: the import day)
==================== ======== ==========================================================

An existing accreditation of the body by the same AB against the same standard is updated;
a changed status goes through `accreditation.services.change_statuses`, which records it on
the timeline with the file name (or `source`) and the effective date. Accreditation files
are small (hundreds of rows), so both databases use the ORM.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accreditation.models import AccreditationBody, Sector, Standard, StandardKind
from bodies.imports import cells
from bodies.imports.cells import WHAT_AB, WHAT_BODY, WHAT_CASCO, WHAT_SCHEME
from bodies.imports.reading import ImportReport, RowChecker, has_width, open_csv
from bodies.imports.writing import Rollback, record_status_changes
from bodies.models import Accreditation, AccreditationStatus, Body

REQUIRED = ["body", "accreditation_body", "standard", "status"]
OPTIONAL = [
    "number",
    "granted_on",
    "expires_on",
    "schemes",
    "sectors",
    "scope_url",
    "source_url",
    "last_checked_on",
]
_URL = URLValidator(schemes=["http", "https"])


@dataclass
class AccreditationRow:
    line: int
    body_id: int
    accreditation_body_id: int
    standard_id: int
    status: str
    number: str
    granted_on: datetime.date | None
    expires_on: datetime.date | None
    scheme_ids: list[int]
    sector_ids: list[int]
    scope_url: str
    source_url: str
    last_checked_on: datetime.date

    @property
    def key(self) -> tuple[int, int, int]:
        return self.body_id, self.accreditation_body_id, self.standard_id


_FIELDS = [
    "number",
    "granted_on",
    "expires_on",
    "scope_url",
    "source_url",
    "last_checked_on",
]


class _Validator:
    def __init__(self, report: ImportReport, header: list[str], today: datetime.date):
        self.report = report
        self.index = {column: header.index(column) for column in header}
        self.width = len(header)
        self.today = today
        self.bodies = {slug.lower(): pk for slug, pk in Body.objects.values_list("slug", "pk")}
        self.abs = {}
        for pk, acronym, slug in AccreditationBody.objects.values_list("pk", "acronym", "slug"):
            self.abs[slug.lower()] = pk
            self.abs[acronym.lower()] = pk
        self.cascos, self.schemes, self.scheme_casco = {}, {}, {}
        for pk, code, slug, kind, casco_id in Standard.objects.values_list(
            "pk", "code", "slug", "kind", "casco_standard_id"
        ):
            table = self.cascos if kind == StandardKind.CASCO else self.schemes
            if kind in (StandardKind.CASCO, StandardKind.SCHEME):
                table[code.lower()] = table[slug.lower()] = pk
            self.scheme_casco[pk] = casco_id
        self.codes = dict(Standard.objects.values_list("pk", "code"))
        self.sectors = dict(Sector.objects.values_list("code", "pk"))
        self.statuses = {value: str(label) for value, label in AccreditationStatus.choices}

    def validate(self, line: int, row: list[str]) -> AccreditationRow | None:
        if not has_width(self.report, line, row, self.width):
            return None
        cells_ = RowChecker(self.report, line, row, self.index)
        check = cells_.check

        def url(value: str) -> str:
            value = cells.text(value, max_length=500)
            if value:
                try:
                    _URL(value)
                except ValidationError:
                    raise cells.CellError(_("Not an http(s) address.")) from None
            return value

        body_id = check("body", cells.lookup, self.bodies, what=WHAT_BODY)
        ab_id = check("accreditation_body", cells.lookup, self.abs, what=WHAT_AB)
        standard_id = check("standard", cells.lookup, self.cascos, what=WHAT_CASCO)
        status = check("status", cells.choice, self.statuses)
        number = check("number", cells.text, max_length=60)
        granted_on = check("granted_on", cells.date, required=False)
        expires_on = check("expires_on", cells.date, required=False)
        if granted_on and expires_on and expires_on < granted_on:
            cells_.error("expires_on", _("Expires before it was granted."))
        scheme_ids = check("schemes", cells.list_lookup, self.schemes, what=WHAT_SCHEME) or []
        if standard_id is not None:
            for scheme_id in scheme_ids:
                if self.scheme_casco.get(scheme_id) not in (None, standard_id):
                    cells_.error(
                        "schemes",
                        _("%(scheme)s is certified under %(needed)s, not %(standard)s.")
                        % {
                            "scheme": self.codes[scheme_id],
                            "needed": self.codes[self.scheme_casco[scheme_id]],
                            "standard": self.codes[standard_id],
                        },
                    )
        sector_ids = check("sectors", cells.sector_ids, self.sectors)
        scope_url = check("scope_url", url)
        source_url = check("source_url", url)
        last_checked_on = check("last_checked_on", cells.date, required=False)
        if not cells_.ok:
            return None
        return AccreditationRow(
            line=line,
            body_id=body_id,
            accreditation_body_id=ab_id,
            standard_id=standard_id,
            status=status,
            number=number,
            granted_on=granted_on,
            expires_on=expires_on,
            scheme_ids=scheme_ids,
            sector_ids=sector_ids,
            scope_url=scope_url,
            source_url=source_url,
            last_checked_on=last_checked_on or self.today,
        )


def _check_uniqueness(rows: list[AccreditationRow], report: ImportReport) -> list[AccreditationRow]:
    """Refuse a repeated (body, AB, standard) and an AB number used twice, in the file or
    by another accreditation already in certdir (the `accreditation_number_unique_per_ab`
    constraint)."""
    by_key: dict[tuple, int] = {}
    by_number: dict[tuple[int, str], int] = {}
    kept = []
    ambiguous = set(
        Accreditation.objects.filter(body_id__in={row.body_id for row in rows})
        .values_list("body_id", "accreditation_body_id", "standard_id")
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("body_id", "accreditation_body_id", "standard_id")
    )
    taken = {
        (ab_id, number): key
        for ab_id, number, *key in Accreditation.objects.exclude(number="").values_list(
            "accreditation_body_id", "number", "body_id", "accreditation_body_id", "standard_id"
        )
    }
    for row in rows:
        first = by_key.setdefault(row.key, row.line)
        if first != row.line:
            report.add_error(
                row.line,
                "",
                _("The same body, AB and standard as line %(line)d.") % {"line": first},
            )
            continue
        if row.key in ambiguous:
            # Two accreditations for one key already exist: updating one would be a guess.
            report.add_error(
                row.line,
                "",
                _(
                    "certdir holds several accreditations of this body by this AB against "
                    "this standard; edit them in the admin."
                ),
            )
            continue
        if row.number:
            number_key = (row.accreditation_body_id, row.number)
            first = by_number.setdefault(number_key, row.line)
            owner = taken.get(number_key)
            if first != row.line:
                report.add_error(
                    row.line, "number", _("Number already used on line %(line)d.") % {"line": first}
                )
                continue
            if owner is not None and tuple(owner) != row.key:
                report.add_error(
                    row.line,
                    "number",
                    _("This AB already has another accreditation numbered “%(number)s”.")
                    % {"number": row.number},
                )
                continue
        kept.append(row)
    report.valid = len(kept)
    return kept


def import_accreditations(
    *,
    stream: BinaryIO,
    name: str,
    source: str = "",
    skip_invalid: bool = False,
    effective_on: datetime.date | None = None,
    recorded_by: AbstractBaseUser | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Validate the whole file, then create or update accreditations in one transaction."""
    report = ImportReport(file=name)
    csv_file = open_csv(stream, name=name, required=REQUIRED, optional=OPTIONAL)
    today = timezone.localdate()
    validator = _Validator(report, csv_file.header, today)
    rows = []
    for line, cells_ in csv_file.records:
        report.rows += 1
        row = validator.validate(line, cells_)
        if row is not None:
            rows.append(row)
    rows = _check_uniqueness(rows, report)
    if report.error_count and not skip_invalid:
        return report
    try:
        with transaction.atomic():
            _write(
                rows,
                report=report,
                source=source or name,
                effective_on=effective_on or today,
                recorded_by=recorded_by,
            )
            if dry_run:
                raise Rollback
    except Rollback:
        report.written = False
    return report


def _write(
    rows: list[AccreditationRow],
    *,
    report: ImportReport,
    source: str,
    effective_on: datetime.date,
    recorded_by: AbstractBaseUser | None,
) -> None:
    existing: dict[tuple, list[Accreditation]] = defaultdict(list)
    for accreditation in Accreditation.objects.filter(
        body_id__in={row.body_id for row in rows}
    ).prefetch_related("schemes", "sectors"):
        existing[
            (accreditation.body_id, accreditation.accreditation_body_id, accreditation.standard_id)
        ].append(accreditation)
    by_status: dict[str, list[Accreditation]] = defaultdict(list)
    for row in rows:
        matches = existing.get(row.key, [])
        values = {field: getattr(row, field) for field in _FIELDS}
        if not matches:
            accreditation = Accreditation(
                body_id=row.body_id,
                accreditation_body_id=row.accreditation_body_id,
                standard_id=row.standard_id,
                status=row.status,
                **values,
            )
            accreditation.full_clean()
            accreditation.save()
            accreditation.schemes.set(row.scheme_ids)
            accreditation.sectors.set(row.sector_ids)
            report.created += 1
            continue
        accreditation = matches[0]
        changed = [f for f in _FIELDS if getattr(accreditation, f) != values[f]]
        schemes_changed = {s.pk for s in accreditation.schemes.all()} != set(row.scheme_ids)
        sectors_changed = {s.pk for s in accreditation.sectors.all()} != set(row.sector_ids)
        for field in changed:
            setattr(accreditation, field, values[field])
        if accreditation.status != row.status:
            by_status[row.status].append(accreditation)
        elif changed:
            accreditation.full_clean()
            accreditation.save()
        if schemes_changed:
            accreditation.schemes.set(row.scheme_ids)
        if sectors_changed:
            accreditation.sectors.set(row.sector_ids)
        if changed or schemes_changed or sectors_changed or accreditation.status != row.status:
            report.updated += 1
        else:
            report.unchanged += 1
    record_status_changes(
        by_status,
        report=report,
        source=source,
        effective_on=effective_on,
        recorded_by=recorded_by,
    )
    report.written = True
