"""Standards, IAF sectors and cooperations: reading their files into planned rows."""

import datetime
import re
from pathlib import Path

from django.utils.translation import gettext as _

from accreditation.models import (
    ACCREDITATION_BODY_KIND,
    BodyKind,
    CooperationLevel,
    CooperationStatus,
    StandardKind,
)
from accreditation.reference.files import (
    CsvRow,
    LoadError,
    parse_year,
    read_csv,
    split_list,
)
from accreditation.reference.scopes import ScopeError, split_top_level
from accreditation.reference.upsert import Planned

CASCO_FILE = "casco_standards.csv"
SCHEMES_FILE = "management_standards.csv"
SECTORS_FILE = "iaf_sectors.csv"
COOPERATIONS_FILE = "regional_groups.csv"

CASCO_COLUMNS = [
    "code",
    "year",
    "title",
    "applies_to",
    "role",
    "status_note",
    "source_refs",
    "basis",
]
SCHEME_COLUMNS = [
    "code",
    "year",
    "title",
    "topic",
    "casco_standard",
    "sector_specific_requirements",
    "iaf_mla_subscope",
    "status_note",
    "source_refs",
    "basis",
]
SECTOR_COLUMNS = ["code", "name", "nace_rev2_indicative", "source_refs", "basis"]
COOPERATION_COLUMNS = [
    "acronym",
    "name",
    "type",
    "region_description",
    "website",
    "status",
    "iaf_mla_recognised_main_scopes",
    "ilac_mra_recognised_scopes",
    "membership_note",
    "source_refs",
    "basis",
]

# The CASCO standards that govern a kind of body, and which kinds (BodyKind values;
# ISO/IEC 17011 governs accreditation bodies). Any other row of casco_standards.csv is a
# supplementary or sector-specific requirements document (ISO/IEC TS 17021-x, 27006-1,
# ISO 22003-1, 50003, ISO/IEC 42006) or the vocabulary (ISO/IEC 17000): kind `requirements`.
CASCO_BODY_KINDS: dict[str, list[str]] = {
    "ISO/IEC 17011": [ACCREDITATION_BODY_KIND],
    "ISO/IEC 17020": [BodyKind.INSPECTION_BODY.value],
    "ISO/IEC 17021-1": [BodyKind.MANAGEMENT_SYSTEM_CB.value],
    "ISO/IEC 17024": [BodyKind.PERSONS_CB.value],
    "ISO/IEC 17025": [BodyKind.TESTING_LAB.value, BodyKind.CALIBRATION_LAB.value],
    "ISO 15189": [BodyKind.MEDICAL_LAB.value],
    "ISO/IEC 17043": [BodyKind.PT_PROVIDER.value],
    "ISO/IEC 17065": [BodyKind.PRODUCT_CB.value],
    "ISO 17034": [BodyKind.RM_PRODUCER.value],
    "ISO/IEC 17029": [BodyKind.VALIDATION_VERIFICATION_BODY.value],
    "ISO 14065": [BodyKind.VALIDATION_VERIFICATION_BODY.value],
    "ISO 20387": [BodyKind.BIOBANK.value],
}
CASCO_ROLES = {"accreditation", "conformity_assessment"}

# `type` of regional_groups.csv -> level. IAF, ILAC and Global Accreditation Cooperation
# are "international"; APLAC and PAC are "regional (historical)".
COOPERATION_LEVELS = {
    "international": CooperationLevel.GLOBAL,
    "regional": CooperationLevel.REGIONAL,
    "regional (historical)": CooperationLevel.REGIONAL,
}
# `status` is free text ("active (from 2026-01-01)", "dissolving: roles taken over by ...",
# "merged into APAC on 1 Jan 2019"); its first word decides, the text goes to status_note.
COOPERATION_STATUS_WORDS = {
    "active": CooperationStatus.ACTIVE,
    "dissolving": CooperationStatus.FORMER,
    "merged": CooperationStatus.FORMER,
}
# The name of each cooperation's arrangement, which the CSV does not carry (SOURCES.md and
# the AB notes use these: "IAF MLA", "ILAC MRA", "EA MLA", "APAC MRA", "AFRAC MRA", ...).
ARRANGEMENT_NAMES = {
    "Global Accreditation Cooperation": "MRA",
    "IAF": "MLA",
    "ILAC": "MRA",
    "EA": "MLA",
    "APAC": "MRA",
    "IAAC": "MLA",
    "ARAC": "MLA",
    "AFRAC": "MRA",
    "SADCA": "MRA",
    "APLAC": "MRA",
    "PAC": "MLA",
}
# The last day recognitions under a former cooperation count. IAF MLA and ILAC MRA
# recognitions stay valid through the 2026 transition to Global Accreditation Cooperation
# (S-GACI, S-ACDX-GACI); no source read gives the exact end, so the end of 2026 is used
# and said so. APLAC and PAC merged into APAC on 1 Jan 2019.
TRANSITION_END = datetime.date(2026, 12, 31)
TRANSITION_NOTE = (
    "Recognitions under its arrangement stay valid through the 2026 transition to Global "
    "Accreditation Cooperation; 2026-12-31 is used as the end of that transition, an exact "
    "end date was not confirmed in a source."
)
RECOGNITIONS_VALID_UNTIL = {
    "IAF": (TRANSITION_END, TRANSITION_NOTE),
    "ILAC": (TRANSITION_END, TRANSITION_NOTE),
    "APLAC": (datetime.date(2018, 12, 31), ""),
    "PAC": (datetime.date(2018, 12, 31), ""),
}


def standard_slug(code: str) -> str:
    """The public URL slug of a standard: "ISO/IEC 17021-1" -> "iso-iec-17021-1"."""
    return re.sub(r"[/\s]+", "-", code.strip().lower())


def _matching_codes(text: str, codes: set[str]) -> list[str]:
    """Codes of `codes` named in a ';' list, ignoring ":year" suffixes and notes."""
    try:
        parts = split_top_level(text, ";")
    except ScopeError:
        parts = split_list(text)
    found = []
    for part in parts:
        code = re.sub(r"\s*\(.*\)$", "", part)
        code = re.sub(r":\d{4}$", "", code).strip()
        if code in codes and code not in found:
            found.append(code)
    return found


def read_standards(data_dir: Path, errors: list[LoadError]) -> list[Planned]:
    """CASCO and requirement documents first, then schemes (which point to them)."""
    planned: list[Planned] = []
    slugs: dict[str, str] = {}

    def check_unique(row: CsvRow, code: str) -> bool:
        slug = standard_slug(code)
        if not code:
            errors.append(row.error("code", _("a code is required")))
        elif code in slugs.values() or slug in slugs:
            errors.append(row.error("code", _("%r appears twice (or its slug does)") % code))
        else:
            slugs[slug] = code
            return True
        return False

    casco_rows = read_csv(data_dir / CASCO_FILE, CASCO_COLUMNS, errors)
    for row in casco_rows:
        code = row["code"]
        if not check_unique(row, code):
            continue
        if row["role"] not in CASCO_ROLES:
            errors.append(
                row.error(
                    "role",
                    _("%r is not one of: %s") % (row["role"], ", ".join(sorted(CASCO_ROLES))),
                )
            )
        body_kinds = list(CASCO_BODY_KINDS.get(code, []))
        if (row["role"] == "accreditation") != (body_kinds == [ACCREDITATION_BODY_KIND]):
            errors.append(row.error("role", _("only ISO/IEC 17011 has the role 'accreditation'")))
        values = {
            "code": code,
            "slug": standard_slug(code),
            "title": row["title"],
            "edition_year": parse_year(row, "year", errors),
            "kind": StandardKind.CASCO if body_kinds else StandardKind.REQUIREMENTS,
            "body_kinds": body_kinds,
            "applies_to": row["applies_to"],
            "status_note": row["status_note"],
            "source_refs": row["source_refs"],
            "basis": row["basis"],
        }
        planned.append(Planned(row.origin, code, values, refs={"casco_standard": None}))

    casco_codes = {item.key for item in planned if item.values["kind"] == StandardKind.CASCO}
    document_codes = {item.key for item in planned}
    for row in read_csv(data_dir / SCHEMES_FILE, SCHEME_COLUMNS, errors):
        code = row["code"]
        if not check_unique(row, code):
            continue
        casco_text = row["casco_standard"]
        named = _matching_codes(casco_text.replace(" + ", ";"), casco_codes)
        casco = named[0] if named else None
        if casco is None and re.match(r"(ISO|IEC|EN)\b", casco_text):
            errors.append(
                row.error(
                    "casco_standard",
                    _("%r is not a CASCO standard of %s") % (casco_text, CASCO_FILE),
                )
            )
        notes = [row["sector_specific_requirements"]]
        if casco_text and casco_text != casco:
            notes.append(f"Accreditation requirements as published: {casco_text}")
        values = {
            "code": code,
            "slug": standard_slug(code),
            "title": row["title"],
            "edition_year": parse_year(row, "year", errors),
            "kind": StandardKind.SCHEME,
            "body_kinds": [],
            "topic": row["topic"],
            "iaf_mla_subscope": row["iaf_mla_subscope"],
            "sector_requirements_note": "\n".join(note for note in notes if note),
            "status_note": row["status_note"],
            "source_refs": row["source_refs"],
            "basis": row["basis"],
        }
        documents = _matching_codes(row["sector_specific_requirements"], document_codes)
        planned.append(
            Planned(
                row.origin,
                code,
                values,
                refs={"casco_standard": casco},
                many={"requirement_documents": documents},
            )
        )
    return planned


def read_sectors(data_dir: Path, errors: list[LoadError]) -> list[Planned]:
    planned, seen = [], set()
    for row in read_csv(data_dir / SECTORS_FILE, SECTOR_COLUMNS, errors):
        if not re.fullmatch(r"\d{1,2}", row["code"]):
            errors.append(row.error("code", _("%r is not an IAF sector number") % row["code"]))
            continue
        code = int(row["code"])
        if code in seen:
            errors.append(row.error("code", _("sector %d appears twice") % code))
            continue
        seen.add(code)
        values = {
            "code": code,
            "name": row["name"],
            "nace_hint": row["nace_rev2_indicative"],
            "source_refs": row["source_refs"],
            "basis": row["basis"],
        }
        planned.append(Planned(row.origin, code, values))
    return planned


def read_cooperations(data_dir: Path, errors: list[LoadError]) -> list[Planned]:
    planned, seen = [], set()
    for row in read_csv(data_dir / COOPERATIONS_FILE, COOPERATION_COLUMNS, errors):
        acronym = row["acronym"]
        if not acronym or acronym in seen:
            errors.append(row.error("acronym", _("%r is empty or appears twice") % acronym))
            continue
        seen.add(acronym)
        level = COOPERATION_LEVELS.get(row["type"])
        if level is None:
            errors.append(
                row.error(
                    "type",
                    _("%(value)r is not one of: %(choices)s")
                    % {"value": row["type"], "choices": ", ".join(COOPERATION_LEVELS)},
                )
            )
        status_word = re.split(r"[\s:(]", row["status"], maxsplit=1)[0]
        status = COOPERATION_STATUS_WORDS.get(status_word)
        if status is None:
            errors.append(
                row.error(
                    "status",
                    _("%(value)r should start with one of: %(choices)s")
                    % {"value": row["status"], "choices": ", ".join(COOPERATION_STATUS_WORDS)},
                )
            )
        valid_until, transition_note = RECOGNITIONS_VALID_UNTIL.get(acronym, (None, ""))
        # The status text when it says more than its first word ("merged into APAC on ...").
        notes = [row["status"] + "." if row["status"] != status_word else "", transition_note]
        for column, label in (
            ("iaf_mla_recognised_main_scopes", "IAF MLA main scopes recognised"),
            ("ilac_mra_recognised_scopes", "ILAC MRA scopes recognised"),
        ):
            if row[column] and row[column] != "n/a":
                notes.append(f"{label}: {row[column]}.")
        values = {
            "acronym": acronym,
            "slug": re.sub(r"[^a-z0-9]+", "-", acronym.lower()).strip("-"),
            "name": row["name"],
            "arrangement": ARRANGEMENT_NAMES.get(acronym, ""),
            "level": level,
            "status": status,
            "recognitions_valid_until": valid_until,
            "region_description": row["region_description"],
            "website": row["website"],
            "status_note": " ".join(note for note in notes if note),
            "membership_note": row["membership_note"],
            "source_refs": row["source_refs"],
            "basis": row["basis"],
        }
        planned.append(Planned(row.origin, acronym, values))
    return planned
