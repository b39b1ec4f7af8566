"""Loading the reference world from `settings.REFERENCE_DATA_DIR` (SOURCES.md and the CSVs).

Two phases, so a bad file never leaves half a load behind:
- `read_reference(data_dir)` reads and validates every file without touching the
  database; problems are collected as LoadErrors (file, line, column, reason);
- `write_reference(data, report=...)` upserts by natural key inside the caller's
  transaction, saving a row only when a value differs, and raises LoadErrors if a row
  fails `full_clean()` (the caller's transaction then rolls back).

`bodies.reference.load_reference` runs both phases for this app and for `bodies` in one
transaction; call that (or `manage.py load_reference`), not these, to load data.
"""

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Model

from accreditation.models import (
    AccreditationBody,
    Cooperation,
    Recognition,
    RecognitionStatusChange,
    Sector,
    Source,
    Standard,
    StandardKind,
)
from accreditation.reference.accreditation_bodies import read_accreditation_bodies
from accreditation.reference.catalogue import (
    read_cooperations,
    read_sectors,
    read_standards,
    standard_slug,
)
from accreditation.reference.files import LoadError, LoadErrors
from accreditation.reference.scopes import IAF, ILAC
from accreditation.reference.sources import read_sources
from accreditation.reference.upsert import LoadReport, Planned, Upserter

__all__ = [
    "LoadError",
    "LoadErrors",
    "LoadReport",
    "ReferenceData",
    "read_reference",
    "standard_slug",
    "write_reference",
]


@dataclass
class ReferenceData:
    """Everything read from the files, ready to write; `errors` empty if all is well."""

    errors: list[LoadError] = field(default_factory=list)
    sources: list[Planned] = field(default_factory=list)
    standards: list[Planned] = field(default_factory=list)
    sectors: list[Planned] = field(default_factory=list)
    cooperations: list[Planned] = field(default_factory=list)
    accreditation_bodies: list[Planned] = field(default_factory=list)
    recognitions: list[Planned] = field(default_factory=list)
    status_changes: list[Planned] = field(default_factory=list)

    @property
    def standard_kinds(self) -> dict[str, str]:
        """Code -> StandardKind of every standard in the files (for the bodies' files)."""
        return {item.key: item.values["kind"] for item in self.standards}

    @property
    def accreditation_body_acronyms(self) -> set[str]:
        return {item.key for item in self.accreditation_bodies}


def read_reference(data_dir: Path) -> ReferenceData:
    data = ReferenceData()
    errors = data.errors
    for row in read_sources(data_dir, errors):
        values = {
            "key": row.key,
            "citation": row.citation,
            "url": row.url,
            "dated": row.dated,
            "section": row.section,
        }
        data.sources.append(Planned(row.origin, row.key, values))
    data.standards = read_standards(data_dir, errors)
    data.sectors = read_sectors(data_dir, errors)
    data.cooperations = read_cooperations(data_dir, errors)
    levels = {item.key: item.values["level"] for item in data.cooperations}
    for arrangement in (IAF, ILAC):
        if arrangement not in levels:
            errors.append(
                LoadError("regional_groups.csv", 0, "acronym", f"{arrangement} is missing")
            )
    data.accreditation_bodies, data.recognitions, data.status_changes = read_accreditation_bodies(
        data_dir, errors, cooperation_levels=levels, standard_kinds=data.standard_kinds
    )
    _check_source_keys(data)
    return data


def _check_source_keys(data: ReferenceData) -> None:
    """Every `source_refs` item is a key of SOURCES.md or an address."""
    keys = {item.key for item in data.sources}
    if not keys:
        return
    checked = data.standards + data.sectors + data.cooperations + data.accreditation_bodies
    for item in checked:
        for ref in str(item.values.get("source_refs", "")).split(";"):
            ref = ref.strip()
            if ref and ref not in keys and not ref.startswith(("http://", "https://")):
                data.errors.append(
                    item.origin.error("source_refs", f"{ref!r} is not a key of SOURCES.md")
                )


def _raise_if(errors: list[LoadError]) -> None:
    if errors:
        raise LoadErrors(errors)


def _keep_staff_checks(upserter: Upserter, bodies: list[Planned]) -> list[Planned]:
    """Leave an AB's standing alone where staff recorded a later check than the file's.

    Staff correct a flag in the admin with a dated note (`standing_checked_on`); a reload
    must not undo a check that is newer than the one the file records.
    """
    kept = []
    for item in bodies:
        row = upserter.existing.get(item.key)
        file_day = item.values["standing_checked_on"]
        staff_day = row.standing_checked_on if row else None
        if staff_day is not None and (file_day is None or staff_day > file_day):
            values = {
                k: v
                for k, v in item.values.items()
                if k not in ("standing", "standing_note", "standing_checked_on")
            }
            item = Planned(item.origin, item.key, values, item.refs, item.many)
        kept.append(item)
    return kept


def write_reference(data: ReferenceData, *, report: LoadReport) -> None:
    """Upsert everything read, counting into `report`.

    Recognitions under the IAF and ILAC arrangements of the ABs in the file are the
    file's: those it no longer implies are deleted. Other rows (a Global Accreditation
    Cooperation recognition entered by staff, say) are never deleted.
    """
    errors: list[LoadError] = []

    def upserter(
        model: type[Model], key: Callable[[Model], Hashable], **kwargs: object
    ) -> Upserter:
        return Upserter(model, key, report=report, errors=errors, **kwargs)

    upserter(Source, lambda s: s.key).save_all(data.sources, targets={})
    _raise_if(errors)
    standards = upserter(
        Standard,
        lambda s: s.code,
        queryset=Standard.objects.prefetch_related("requirement_documents"),
    )
    # Documents of casco_standards.csv first: schemes point to them.
    documents = [item for item in data.standards if item.values["kind"] != StandardKind.SCHEME]
    schemes = [item for item in data.standards if item.values["kind"] == StandardKind.SCHEME]
    standards.save_all(documents, targets={})
    by_code = {s.code: s for s in standards.existing.values()}
    standards.save_all(
        schemes, targets={"casco_standard": by_code, "requirement_documents": by_code}
    )
    by_code = {s.code: s for s in standards.existing.values()}
    _raise_if(errors)
    upserter(Sector, lambda s: s.code).save_all(data.sectors, targets={})
    cooperations = upserter(Cooperation, lambda c: c.acronym)
    cooperations.save_all(data.cooperations, targets={})
    _raise_if(errors)
    by_acronym = dict(cooperations.existing)
    bodies = upserter(
        AccreditationBody,
        lambda b: b.acronym,
        columns={"slug": "acronym"},
        checked=["country"],  # checked against django-countries while reading
    )
    bodies.save_all(
        _keep_staff_checks(bodies, data.accreditation_bodies), targets={"region": by_acronym}
    )
    _raise_if(errors)
    recognitions = upserter(
        Recognition,
        _recognition_key,
        queryset=Recognition.objects.select_related(
            "accreditation_body", "arrangement", "scope", "scheme"
        ),
    )
    targets = {
        "accreditation_body": dict(bodies.existing),
        "arrangement": by_acronym,
        "scope": by_code,
        "scheme": by_code,
    }
    saved_recognitions = recognitions.save_all(data.recognitions, targets=targets)
    in_file = {item.key for item in data.accreditation_bodies}
    recognitions.delete_unseen(
        owned=lambda r: (
            r.accreditation_body.acronym in in_file and r.arrangement.acronym in (IAF, ILAC)
        )
    )
    _raise_if(errors)
    changes = upserter(
        RecognitionStatusChange,
        lambda c: (_recognition_key(c.recognition), c.new_status, c.effective_on),
        queryset=RecognitionStatusChange.objects.select_related(
            "recognition__accreditation_body",
            "recognition__arrangement",
            "recognition__scope",
            "recognition__scheme",
        ),
    )
    changes.save_all(
        data.status_changes,
        targets={"recognition": saved_recognitions, "accreditation_body": dict(bodies.existing)},
    )
    _raise_if(errors)


def _recognition_key(recognition: Recognition) -> tuple:
    return (
        recognition.accreditation_body.acronym,
        recognition.arrangement.acronym,
        recognition.scope.code,
        recognition.scheme.code if recognition.scheme else None,
        recognition.activity,
    )
