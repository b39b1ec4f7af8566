"""Real bodies and the accreditations public sources document, from the reference files.

certification_bodies.csv and cb_accreditations.csv (SOURCES.md §7) name real bodies; we
hold no certificates for them, so `Body.certificates_updated_at` stays empty and coverage
figures say so. `load_reference` is the one entry point that loads all reference data
(this app's files and accreditation's) in one transaction.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from accreditation.models import AccreditationBody, BodyKind, Standard, StandardKind
from accreditation.reference import (
    LoadError,
    LoadErrors,
    LoadReport,
    ReferenceData,
    read_reference,
    write_reference,
)
from accreditation.reference.files import (
    parse_choice,
    parse_country,
    parse_partial_date,
    read_csv,
    split_list,
)
from accreditation.reference.upsert import Planned, Upserter
from bodies.models import Accreditation, AccreditationStatus, Body, Office

BODIES_FILE = "certification_bodies.csv"
ACCREDITATIONS_FILE = "cb_accreditations.csv"
BODY_COLUMNS = [
    "name",
    "slug",
    "kind",
    "head_office_country",
    "website",
    "group",
    "basis",
    "source_refs",
    "notes",
]
ACCREDITATION_COLUMNS = [
    "body_slug",
    "accreditation_body",
    "casco_standard",
    "accreditation_number",
    "schemes",
    "status",
    "as_of",
    "basis",
    "source_refs",
    "notes",
]

# `kind` as the file writes it -> BodyKind; SOURCES.md §7 calls reference-material
# producers "rmp".
BODY_KINDS = {**{kind: kind for kind in BodyKind.values}, "rmp": BodyKind.RM_PRODUCER.value}

# The CASCO standard assumed where a source does not state one: the one that governs the
# body's kind. Validation/verification bodies have two (ISO/IEC 17029, ISO 14065); ISO
# 14065 is the one GHG validation/verification is accredited against, which is what the
# VVB accreditations in the file are.
INFERRED_CASCO = {
    BodyKind.MANAGEMENT_SYSTEM_CB: "ISO/IEC 17021-1",
    BodyKind.PRODUCT_CB: "ISO/IEC 17065",
    BodyKind.PERSONS_CB: "ISO/IEC 17024",
    BodyKind.INSPECTION_BODY: "ISO/IEC 17020",
    BodyKind.TESTING_LAB: "ISO/IEC 17025",
    BodyKind.CALIBRATION_LAB: "ISO/IEC 17025",
    BodyKind.MEDICAL_LAB: "ISO 15189",
    BodyKind.PT_PROVIDER: "ISO/IEC 17043",
    BodyKind.RM_PRODUCER: "ISO 17034",
    BodyKind.VALIDATION_VERIFICATION_BODY: "ISO 14065",
    BodyKind.BIOBANK: "ISO 20387",
}
INFERRED_NOTE = "CASCO standard not stated in the source; inferred from the kind of body."
INFERRED_BASIS = "mixed: {basis} + inferred (CASCO standard from the kind of body)"

ACCREDITATION_STATUSES = {
    "active": AccreditationStatus.ACTIVE.value,
    "suspended": AccreditationStatus.SUSPENDED.value,
    "withdrawn": AccreditationStatus.WITHDRAWN.value,
    # The source documents the accreditation but not whether it is still in force.
    "unknown": AccreditationStatus.UNKNOWN.value,
}
# `as_of` of an undated page (read 2026-11-29): no check date can be derived from it.
UNDATED = "n/d"

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass
class DirectoryData:
    errors: list[LoadError] = field(default_factory=list)
    bodies: list[Planned] = field(default_factory=list)
    offices: list[Planned] = field(default_factory=list)
    accreditations: list[Planned] = field(default_factory=list)


def read_directory(data_dir: Path, *, reference: ReferenceData) -> DirectoryData:
    """Read and check both files; references are checked against the reference files."""
    data = DirectoryData()
    errors = data.errors
    kinds: dict[str, str] = {}
    for row in read_csv(data_dir / BODIES_FILE, BODY_COLUMNS, errors):
        slug = row["slug"]
        if not _SLUG.fullmatch(slug) or slug in kinds:
            errors.append(row.error("slug", _("%r is not a slug or appears twice") % slug))
            continue
        kind = parse_choice(row, "kind", BODY_KINDS, errors)
        kinds[slug] = kind
        country = parse_country(row, "head_office_country", errors)
        values = {
            "slug": slug,
            "name": row["name"],
            "kind": kind,
            "country": country,
            "website": row["website"],
            "group": row["group"],
            "notes": row["notes"],
            "source_refs": row["source_refs"],
            "basis": row["basis"],
            "is_demo": False,
        }
        data.bodies.append(Planned(row.origin, slug, values))
        office = {"country": country, "is_head_office": True}
        data.offices.append(Planned(row.origin, slug, office, refs={"body": slug}))

    standard_kinds = reference.standard_kinds
    acronyms = reference.accreditation_body_acronyms
    numbers: dict[tuple[str, str], int] = {}
    keys: set[tuple] = set()
    for row in read_csv(data_dir / ACCREDITATIONS_FILE, ACCREDITATION_COLUMNS, errors):
        slug, acronym, number = (
            row["body_slug"],
            row["accreditation_body"],
            row["accreditation_number"],
        )
        problems = len(errors)
        if slug not in kinds:
            errors.append(row.error("body_slug", _("%r is not a slug of %s") % (slug, BODIES_FILE)))
        # Skipped when the AB file could not be read: its own error says why.
        if acronyms and acronym not in acronyms:
            errors.append(
                row.error(
                    "accreditation_body",
                    _("%r is not an acronym of accreditation_bodies.csv") % acronym,
                )
            )
        note, basis = row["notes"], row["basis"]
        standard = row["casco_standard"]
        if not standard and kinds.get(slug):
            standard = INFERRED_CASCO[kinds[slug]]
            note = f"{note} {INFERRED_NOTE}".strip()
            basis = INFERRED_BASIS.format(basis=basis)
        if standard and standard_kinds and standard_kinds.get(standard) != StandardKind.CASCO:
            errors.append(
                row.error(
                    "casco_standard",
                    _("%r is not a CASCO standard of casco_standards.csv") % standard,
                )
            )
        schemes = split_list(row["schemes"])
        for scheme in schemes:
            if standard_kinds and standard_kinds.get(scheme) != StandardKind.SCHEME:
                errors.append(
                    row.error(
                        "schemes", _("%r is not a scheme of management_standards.csv") % scheme
                    )
                )
        status = parse_choice(row, "status", ACCREDITATION_STATUSES, errors)
        checked_on = None
        if row["as_of"] not in ("", UNDATED):
            try:
                checked_on = parse_partial_date(row["as_of"])
            except ValueError:
                errors.append(
                    row.error(
                        "as_of", _("%r is not YYYY, YYYY-MM, YYYY-MM-DD or n/d") % row["as_of"]
                    )
                )
        key = (slug, acronym, standard, number)
        if key in keys:
            errors.append(row.error("", _("the same accreditation appears twice")))
        if number and (acronym, number) in numbers:
            errors.append(
                row.error(
                    "accreditation_number",
                    _("%(ab)s number %(number)r is already on line %(line)d")
                    % {"ab": acronym, "number": number, "line": numbers[acronym, number]},
                )
            )
        if len(errors) > problems:
            continue
        keys.add(key)
        if number:
            numbers[acronym, number] = row.origin.line
        values = {
            "number": number,
            "status": status,
            "as_of": row["as_of"],
            "last_checked_on": checked_on,
            "source_refs": row["source_refs"],
            "basis": basis,
            "note": note,
        }
        refs = {"body": slug, "accreditation_body": acronym, "standard": standard}
        data.accreditations.append(
            Planned(row.origin, key, values, refs=refs, many={"schemes": schemes})
        )
    return data


def write_directory(data: DirectoryData, *, report: LoadReport) -> None:
    errors: list[LoadError] = []
    # Country codes were checked against django-countries while reading.
    bodies = Upserter(Body, lambda b: b.slug, report=report, errors=errors, checked=["country"])
    for item in data.bodies:
        existing = bodies.existing.get(item.key)
        if existing is not None and existing.is_demo:
            errors.append(item.origin.error("slug", _("%r is the slug of a demo body") % item.key))
    if errors:
        raise LoadErrors(errors)
    bodies.save_all(data.bodies, targets={})
    offices = Upserter(
        Office,
        lambda o: o.body.slug,
        report=report,
        errors=errors,
        queryset=Office.objects.filter(is_head_office=True).select_related("body"),
        checked=["country"],
    )
    offices.save_all(data.offices, targets={"body": bodies.existing})
    if errors:
        raise LoadErrors(errors)
    accreditations = Upserter(
        Accreditation,
        lambda a: (a.body.slug, a.accreditation_body.acronym, a.standard.code, a.number),
        report=report,
        errors=errors,
        columns={"number": "accreditation_number", "standard": "casco_standard"},
        queryset=Accreditation.objects.select_related(
            "body", "accreditation_body", "standard"
        ).prefetch_related("schemes"),
    )
    standards = Standard.objects.in_bulk(field_name="code")
    targets = {
        "body": bodies.existing,
        "accreditation_body": AccreditationBody.objects.in_bulk(field_name="acronym"),
        "standard": standards,
        "schemes": standards,
    }
    accreditations.save_all(data.accreditations, targets=targets)
    if errors:
        raise LoadErrors(errors)


def load_reference(*, data_dir: Path, dry_run: bool = False) -> LoadReport:
    """Read every reference file, then write it all in one transaction (or none of it).

    Raises LoadErrors listing every problem; nothing is written then. With `dry_run`
    everything is validated and counted, then rolled back.
    """
    reference = read_reference(data_dir)
    directory = read_directory(data_dir, reference=reference)
    if reference.errors or directory.errors:
        raise LoadErrors(reference.errors + directory.errors)
    report = LoadReport()
    with transaction.atomic():
        write_reference(reference, report=report)
        write_directory(directory, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report
