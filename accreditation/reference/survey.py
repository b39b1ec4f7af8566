"""iso_survey.csv: ISO Survey figures as secondary reports quote them (SOURCES.md §5).

Each row is one figure: a world total for a standard, a country's figure, or a world
figure for one IAF sector. The file names standards by code (schemes of
management_standards.csv) except for totals over several standards ("ALL (12 standards
surveyed)"), which keep their label because what they count changes from year to year.
"""

import re
from collections.abc import Hashable
from pathlib import Path

from django.utils.translation import gettext as _

from accreditation.models import StandardKind, SurveyBreakdown
from accreditation.reference.files import (
    CsvRow,
    LoadError,
    parse_country,
    parse_year,
    read_csv,
)
from accreditation.reference.upsert import Planned

SURVEY_FILE = "iso_survey.csv"
SURVEY_COLUMNS = [
    "year",
    "standard",
    "country",
    "country_name",
    "certificates",
    "sites",
    "iaf_sector",
    "source_refs",
    "notes",
]
# `country` of a world figure.
WORLD = "World"
# `standard` of a total over several standards starts with this word.
TOTAL_PREFIX = "ALL"
# `iaf_sector` of certificates whose sector the survey does not know.
UNKNOWN_SECTOR = "unknown"
# Every figure was read in a report of the survey (SOURCES.md §5).
SURVEY_BASIS = "found"


def survey_figure_key(
    year: int, label: str, breakdown: str, country: str, sector: int | None
) -> tuple:
    """The natural key of a figure: what it counts, where, and when."""
    return (year, label, breakdown, country, sector)


def _count(row: CsvRow, column: str, errors: list[LoadError], *, required: bool) -> int | None:
    value = row[column]
    if not value and not required:
        return None
    if not re.fullmatch(r"\d+", value):
        errors.append(
            row.error(column, _("%r is not a whole number (digits only, no separators)") % value)
        )
        return None
    return int(value)


def _sector(
    row: CsvRow, errors: list[LoadError], sector_codes: set[int]
) -> tuple[str | None, int | None]:
    """(breakdown, sector code) of a world figure, from `iaf_sector`."""
    value = row["iaf_sector"]
    if not value:
        return SurveyBreakdown.WORLD, None
    if value == UNKNOWN_SECTOR:
        return SurveyBreakdown.SECTOR_UNKNOWN, None
    # Checked against the sectors file only when it could be read: its own error says why.
    if re.fullmatch(r"\d{1,2}", value) and (not sector_codes or int(value) in sector_codes):
        return SurveyBreakdown.SECTOR, int(value)
    errors.append(
        row.error(
            "iaf_sector",
            _("%r is not an IAF sector code of iaf_sectors.csv or 'unknown'") % value,
        )
    )
    return None, None


def read_survey(
    data_dir: Path,
    errors: list[LoadError],
    *,
    standard_kinds: dict[str, str],
    sector_codes: set[int],
) -> list[Planned]:
    """Planned SurveyFigure rows; standards and sectors are checked against their files."""
    planned: list[Planned] = []
    lines: dict[Hashable, int] = {}
    for row in read_csv(data_dir / SURVEY_FILE, SURVEY_COLUMNS, errors):
        problems = len(errors)
        year = parse_year(row, "year", errors)
        if year is None and not row["year"]:
            errors.append(row.error("year", _("a year is required")))
        label = row["standard"]
        is_total = label.startswith(TOTAL_PREFIX)
        standard = None if is_total else label
        # Checked only when the schemes file could be read: its own error says why not.
        if standard and standard_kinds and standard_kinds.get(standard) != StandardKind.SCHEME:
            errors.append(
                row.error(
                    "standard",
                    _("%r is not a scheme of management_standards.csv (nor an 'ALL …' total)")
                    % label,
                )
            )
        if row["country"] == WORLD:
            country = ""
            breakdown, sector = _sector(row, errors, sector_codes)
        else:
            country = parse_country(row, "country", errors)
            breakdown, sector = SurveyBreakdown.COUNTRY, None
            if row["iaf_sector"]:
                errors.append(
                    row.error("iaf_sector", _("figures by sector are world figures only"))
                )
            if is_total:
                errors.append(row.error("standard", _("totals are world figures only")))
        certificates = _count(row, "certificates", errors, required=True)
        sites = _count(row, "sites", errors, required=False)
        if len(errors) > problems:
            continue
        key = survey_figure_key(year, label, breakdown, country, sector)
        if key in lines:
            errors.append(row.error("", _("the same figure is already on line %d") % lines[key]))
            continue
        lines[key] = row.origin.line
        values = {
            "year": year,
            "standard_label": label,
            "breakdown": breakdown,
            "country": country,
            "certificates": certificates,
            "sites": sites,
            "source_refs": row["source_refs"],
            "basis": SURVEY_BASIS,
            "note": row["notes"],
        }
        refs = {"standard": standard, "sector": sector}
        planned.append(Planned(row.origin, key, values, refs=refs))
    return planned
