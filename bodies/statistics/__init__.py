"""/statistics/ as tables and charts: the ISO Survey figures next to the directory's counts.

Pure functions of `bodies.queries.statistics.StatisticsData` (no database): each builder
returns a Block, a table and the charts drawn from the same rows, so the page, its charts
and the CSV download of a table always show the same figures. `TABLES` names every table
a visitor can download (`/statistics/?table=<name>&format=csv`).
"""

from collections.abc import Callable

from bodies.queries.statistics import StatisticsData
from bodies.statistics import directory, survey
from bodies.statistics.caveats import CAVEATS, COVERAGE_CHANGES
from bodies.statistics.tables import Block, Column, Table

__all__ = ["CAVEATS", "COVERAGE_CHANGES", "TABLES", "Block", "Column", "Table"]

# Every downloadable table, by the name used in `?table=`.
TABLES: dict[str, Callable[[StatisticsData], Block]] = {
    "certificates-by-year": survey.certificates_by_year,
    "totals": survey.totals,
    "top-countries": survey.top_countries,
    "sectors": survey.sectors,
    "directory-countries": directory.directory_countries,
    "directory-schemes": directory.directory_schemes,
    "directory-country-schemes": directory.directory_country_schemes,
    "figures": survey.figures,
}
