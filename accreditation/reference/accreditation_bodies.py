"""Accreditation bodies, flagged look-alikes and the recognitions their rows imply."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.text import slugify
from django.utils.translation import gettext as _

from accreditation.models import RecognitionBasis, RecognitionStatus, StandardKind, Standing
from accreditation.reference.files import CsvRow, LoadError, parse_country, read_csv, split_list
from accreditation.reference.scopes import (
    IAF,
    ILAC,
    NOT_CAPTURED_NOTE,
    ScopeEntry,
    ScopeError,
    is_general_knowledge,
    parse_scope_list,
)
from accreditation.reference.upsert import Planned

BODIES_FILE = "accreditation_bodies.csv"
LOOKALIKES_FILE = "lookalike_bodies.csv"

BODY_COLUMNS = [
    "acronym",
    "name",
    "country",
    "country_name",
    "website",
    "region",
    "other_regions",
    "iaf_mla",
    "iaf_mla_scopes",
    "ilac_mra",
    "ilac_mra_scopes",
    "basis",
    "source_refs",
    "notes",
]
LOOKALIKE_COLUMNS = ["name", "acronym", "website", "claims", "why_flagged", "source_refs"]

# `iaf_mla` / `ilac_mra` describe signatory status under the former arrangements; they
# become Recognition rows under the IAF and ILAC cooperations (yes and unverified; no
# gives no row, because the absence of a row is what "not recognised" means).
SIGNATORY_COLUMNS = [("iaf_mla", "iaf_mla_scopes", IAF), ("ilac_mra", "ilac_mra_scopes", ILAC)]
SIGNATORY_VALUES = {"yes", "no", "unverified"}

# lookalike_bodies.csv was checked on the day the reference data was compiled (SOURCES.md).
LOOKALIKES_CHECKED_ON = datetime.date(2026, 11, 29)
LOOKALIKE_STANDING_NOTE = (
    "Not found among members or signatories of IAF, ILAC or Global Accreditation "
    "Cooperation in the sources consulted, as checked on {day}."
)
# What SOURCES.md §6 says the flags rest on, as the rows' basis.
LOOKALIKE_BASIS = (
    "found (the organisation's own pages, compared with the official sources cited); "
    "membership was checked against the partial member material consulted, not against "
    "a complete official register"
)


def _recognition_note(entry: ScopeEntry, value: str, basis: str) -> str:
    parts = []
    if value == "unverified":
        parts.append("Signatory status not confirmed in the sources read.")
    if entry.listed_as and entry.listed_as != entry.activity:
        parts.append(f"Listed as: {entry.listed_as}.")
    if not entry.captured:
        parts.append(NOT_CAPTURED_NOTE.format(scope=entry.scope))
    if entry.status_changed_on:
        parts.append(f"Suspended on {entry.status_changed_on.isoformat()}.")
    parts.append(f"Basis of the accreditation body's row: {basis}")
    return " ".join(parts)


def _recognitions(
    row: CsvRow, standard_kinds: dict[str, str], errors: list[LoadError]
) -> tuple[list[Planned], list[Planned]]:
    """Recognition rows and suspension timeline rows implied by one AB row."""
    recognitions, changes = [], []
    acronym, basis = row["acronym"], row["basis"]
    for value_column, scopes_column, arrangement in SIGNATORY_COLUMNS:
        value = row[value_column]
        if value not in SIGNATORY_VALUES:
            errors.append(
                row.error(
                    value_column,
                    _("%(value)r is not one of: %(allowed)s")
                    % {"value": value, "allowed": ", ".join(sorted(SIGNATORY_VALUES))},
                )
            )
            continue
        if value == "no":
            if row[scopes_column]:
                errors.append(
                    row.error(scopes_column, _("scopes listed but %s is 'no'") % value_column)
                )
            continue
        try:
            entries = parse_scope_list(row[scopes_column], arrangement)
        except ScopeError as error:
            errors.append(row.error(scopes_column, str(error)))
            continue
        for entry in entries:
            wrong = [
                (code, kind)
                for code, kind in (
                    (entry.scope, StandardKind.CASCO),
                    (entry.scheme, StandardKind.SCHEME),
                )
                if code is not None and standard_kinds.get(code) != kind
            ]
            if wrong:
                errors.append(
                    row.error(
                        scopes_column,
                        _("%(word)r maps to %(code)s, which is not a loaded %(kind)s standard")
                        % {
                            "word": entry.activity or entry.listed_as,
                            "code": wrong[0][0],
                            "kind": wrong[0][1],
                        },
                    )
                )
                continue
            found = (
                value == "yes"
                and basis.startswith("found")
                and entry.captured
                and not is_general_knowledge(basis, arrangement, entry.activity)
            )
            key = (acronym, arrangement, entry.scope, entry.scheme, entry.activity)
            values = {
                "activity": entry.activity,
                "status": entry.status,
                "since": entry.since,
                "source_refs": row["source_refs"],
                "basis": RecognitionBasis.FOUND if found else RecognitionBasis.UNVERIFIED,
                "note": _recognition_note(entry, value, basis),
            }
            refs = {
                "accreditation_body": acronym,
                "arrangement": arrangement,
                "scope": entry.scope,
                "scheme": entry.scheme,
            }
            recognitions.append(Planned(row.origin, key, values, refs=refs))
            if entry.status_changed_on:
                change = {
                    "old_status": RecognitionStatus.SIGNATORY,
                    "new_status": entry.status,
                    "effective_on": entry.status_changed_on,
                    "source": row["source_refs"],
                    "note": f"{BODIES_FILE}, {scopes_column}: {entry.listed_as}",
                }
                changes.append(
                    Planned(
                        row.origin,
                        (key, entry.status, entry.status_changed_on),
                        change,
                        refs={"recognition": key, "accreditation_body": acronym},
                    )
                )
    return recognitions, changes


def _check_identity(
    row: CsvRow, acronym: str, slug: str, seen: dict[str, str], errors: list[LoadError]
) -> bool:
    for value, label in ((acronym, "acronym"), (slug, "slug")):
        if not value:
            errors.append(row.error("acronym", _("an acronym is required")))
            return False
        if f"{label}:{value}" in seen:
            errors.append(
                row.error(
                    "acronym",
                    _("%(label)s %(value)r is already used on %(where)s")
                    % {"label": label, "value": value, "where": seen[f"{label}:{value}"]},
                )
            )
            return False
    seen[f"acronym:{acronym}"] = seen[f"slug:{slug}"] = f"{row.origin.file}:{row.origin.line}"
    return True


def read_accreditation_bodies(
    data_dir: Path,
    errors: list[LoadError],
    *,
    cooperation_levels: dict[str, str],
    standard_kinds: dict[str, str],
) -> tuple[list[Planned], list[Planned], list[Planned]]:
    """(accreditation bodies incl. flagged look-alikes, recognitions, status changes)."""
    bodies, recognitions, changes = [], [], []
    seen: dict[str, str] = {}
    for row in read_csv(data_dir / BODIES_FILE, BODY_COLUMNS, errors):
        acronym = row["acronym"]
        if not _check_identity(row, acronym, slugify(acronym), seen, errors):
            continue
        region = row["region"] or None
        # A cooperation whose level could not be read (None) has its own error already.
        if region is not None and cooperation_levels.get(region, "") not in ("regional", None):
            errors.append(
                row.error(
                    "region", _("%r is not a regional cooperation of regional_groups.csv") % region
                )
            )
        for other in split_list(row["other_regions"]):
            if other not in cooperation_levels:
                errors.append(
                    row.error("other_regions", _("%r is not in regional_groups.csv") % other)
                )
        values = {
            "acronym": acronym,
            "name": row["name"],
            "slug": slugify(acronym),
            "country": parse_country(row, "country", errors, required=False),
            "website": row["website"],
            "other_regions": row["other_regions"],
            "notes": row["notes"],
            "standing": Standing.LISTED,
            "standing_note": "",
            "standing_checked_on": None,
            "claims": "",
            "source_refs": row["source_refs"],
            "basis": row["basis"],
        }
        bodies.append(Planned(row.origin, acronym, values, refs={"region": region}))
        row_recognitions, row_changes = _recognitions(row, standard_kinds, errors)
        recognitions += row_recognitions
        changes += row_changes

    for row in read_csv(data_dir / LOOKALIKES_FILE, LOOKALIKE_COLUMNS, errors):
        # Where the organisation states no acronym, its web address identifies it: an
        # invented acronym could read as one the organisation uses.
        host = urlsplit(row["website"]).hostname or ""
        acronym = row["acronym"] or re.sub(r"^www\.", "", host)
        slug = slugify(row["acronym"] or row["name"].split(" (")[0])[:80].strip("-")
        if not _check_identity(row, acronym, slug, seen, errors):
            continue
        why = row["why_flagged"].rstrip(".")
        if not why:
            errors.append(row.error("why_flagged", _("say what the sources show")))
        note = LOOKALIKE_STANDING_NOTE.format(day=LOOKALIKES_CHECKED_ON.isoformat())
        values = {
            "acronym": acronym,
            "name": row["name"],
            "slug": slug,
            "country": "",
            "website": row["website"],
            "other_regions": "",
            "notes": "",
            "standing": Standing.NOT_RECOGNISED,
            "standing_note": f"{note} {why}.",
            "standing_checked_on": LOOKALIKES_CHECKED_ON,
            "claims": row["claims"],
            "source_refs": row["source_refs"],
            "basis": LOOKALIKE_BASIS,
        }
        bodies.append(Planned(row.origin, acronym, values, refs={"region": None}))
    return bodies, recognitions, changes
