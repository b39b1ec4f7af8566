"""Blocks of ISO Survey figures: per year, top countries, by IAF sector, and every figure.

The country and sector blocks join the survey to the directory: next to a country's
certificates, the bodies based there with an accreditation in force for the standard.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from accreditation.models import SurveyBreakdown
from bodies.charts import Item, bar_chart, column_chart
from bodies.queries.statistics import Counts, Figure, StatisticsData
from bodies.statistics.caveats import COVERAGE_CHANGES
from bodies.statistics.tables import Block, Column, Table, count_text, country_name

TOP_COUNTRIES = 10


def certificates_by_year(data: StatisticsData) -> Block:
    """World certificates per standard and year: small multiples and one table."""
    world = [f for f in data.figures if f.breakdown == SurveyBreakdown.WORLD and f.standard_code]
    years = list(range(min(f.year for f in world), max(f.year for f in world) + 1)) if world else []
    by_standard: dict[str, dict[int, int]] = defaultdict(dict)
    for figure in world:
        by_standard[figure.standard_code][figure.year] = figure.certificates
    standards = sorted(by_standard, key=lambda code: (-max(by_standard[code].values()), code))
    table = Table(
        name="certificates-by-year",
        caption=_("Certificates worldwide per standard and year, as reported"),
        columns=[Column(_("Standard")), *(Column(str(year), numeric=True) for year in years)],
        rows=[[code, *(by_standard[code].get(year) for year in years)] for code in standards],
    )
    charts = []
    for index, code in enumerate(standards):
        values = by_standard[code]
        if len(values) < 2:
            continue  # one year is not a trend: the table has it
        present = sorted(values)
        charts.append(
            column_chart(
                chart_id=f"chart-years-{index}",
                title=_("%(standard)s: certificates worldwide") % {"standard": code},
                description=_(
                    "Columns per year; years without a column have no figure. From "
                    "%(first_count)s in %(first)d to %(last_count)s in %(last)d. The table "
                    "below gives every figure."
                )
                % {
                    "first_count": count_text(values[present[0]]),
                    "first": present[0],
                    "last_count": count_text(values[present[-1]]),
                    "last": present[-1],
                },
                items=[
                    Item(
                        label=str(year),
                        value=values.get(year),
                        hint=f"{year}: {count_text(values[year])}" if year in values else "",
                        marked=year in COVERAGE_CHANGES,
                    )
                    for year in years
                ],
            )
        )
    return Block(table, charts)


def totals(data: StatisticsData) -> Block:
    rows = [
        [f.year, f.label, f.certificates, f.note]
        for f in data.figures
        if f.breakdown == SurveyBreakdown.WORLD and not f.standard_code
    ]
    return Block(
        Table(
            name="totals",
            caption=_("Totals over all standards, as reported (not comparable between years)"),
            columns=[
                Column(_("Year")),
                Column(_("What is counted")),
                Column(_("Certificates"), numeric=True),
                Column(_("Note")),
            ],
            rows=rows,
        )
    )


def latest_country_year(data: StatisticsData) -> int | None:
    years = [f.year for f in data.figures if f.breakdown == SurveyBreakdown.COUNTRY]
    return max(years, default=None)


def top_countries(data: StatisticsData) -> Block:
    """The latest year with country figures, per standard, joined to the directory."""
    year = latest_country_year(data)
    by_standard: dict[str, list[Figure]] = defaultdict(list)
    for figure in data.figures:
        if figure.breakdown == SurveyBreakdown.COUNTRY and figure.year == year:
            by_standard[figure.standard_code].append(figure)
    rows, charts = [], []
    for index, code in enumerate(sorted(by_standard)):
        top = sorted(by_standard[code], key=lambda f: (-f.certificates, f.country))[:TOP_COUNTRIES]
        for figure in top:
            counts = data.by_country_scheme.get((figure.country, code), Counts())
            rows.append(
                [
                    country_name(figure.country),
                    code,
                    figure.certificates,
                    counts.bodies,
                    counts.accreditation_bodies,
                ]
            )
        charts.append(
            bar_chart(
                chart_id=f"chart-countries-{index}",
                title=_("%(standard)s certificates by country, %(year)d")
                % {"standard": code, "year": year},
                description=_(
                    "Bars for the %(count)d countries with the most certificates that the "
                    "sources report; the largest is %(country)s with %(certificates)s."
                )
                % {
                    "count": len(top),
                    "country": country_name(top[0].country),
                    "certificates": count_text(top[0].certificates),
                },
                items=[
                    Item(country_name(f.country), f.certificates, count_text(f.certificates))
                    for f in top
                ],
            )
        )
    table = Table(
        name="top-countries",
        caption=_(
            "Top countries, %(year)s: certificates reported, and this directory's bodies based "
            "there with an accreditation in force for the standard"
        )
        % {"year": year or "—"},
        columns=[
            Column(_("Country")),
            Column(_("Standard")),
            Column(_("Certificates"), numeric=True),
            Column(_("Bodies in this directory"), numeric=True),
            Column(_("Their accreditation bodies"), numeric=True),
        ],
        rows=rows,
    )
    return Block(table, charts)


def sector_year(data: StatisticsData) -> int | None:
    """The year with the fullest breakdown by sector (2020 in the shipped file)."""
    per_year: dict[int, int] = defaultdict(int)
    for figure in data.figures:
        if (
            figure.breakdown == SurveyBreakdown.SECTOR
            and figure.standard_code == data.sector_scheme
        ):
            per_year[figure.year] += 1
    return max(per_year, key=lambda year: (per_year[year], year), default=None)


def sectors(data: StatisticsData) -> Block:
    year, scheme = sector_year(data), data.sector_scheme
    figures = [
        f
        for f in data.figures
        if f.year == year
        and f.standard_code == scheme
        and f.breakdown in (SurveyBreakdown.SECTOR, SurveyBreakdown.SECTOR_UNKNOWN)
    ]
    figures.sort(key=lambda f: (f.sector_code is None, -f.certificates, f.sector_code or 0))
    rows = [
        [
            f.sector_code,
            f.sector_name if f.sector_code else _("Sector not known"),
            f.certificates,
            data.bodies_by_sector.get(f.sector_code, 0) if f.sector_code else None,
        ]
        for f in figures
    ]
    known = [f for f in figures if f.sector_code is not None]
    charts = []
    if known:
        charts.append(
            bar_chart(
                chart_id="chart-sectors",
                title=_("%(standard)s certificates by IAF sector, %(year)d")
                % {"standard": scheme, "year": year},
                description=_(
                    "One bar per IAF sector, largest first; the largest is %(sector)s with "
                    "%(certificates)s. Certificates whose sector is not known are in the "
                    "table only."
                )
                % {
                    "sector": known[0].sector_name,
                    "certificates": count_text(known[0].certificates),
                },
                items=[
                    Item(
                        f"{f.sector_code}. {f.sector_name}",
                        f.certificates,
                        f"{f.sector_code}. {f.sector_name}: {count_text(f.certificates)}",
                    )
                    for f in known
                ],
            )
        )
    table = Table(
        name="sectors",
        caption=_(
            "%(standard)s certificates by IAF sector, %(year)s, and this directory's bodies "
            "accredited for %(standard)s in the sector"
        )
        % {"standard": scheme or "—", "year": year or "—"},
        columns=[
            Column(_("IAF code")),
            Column(_("Sector")),
            Column(_("Certificates"), numeric=True),
            Column(_("Bodies in this directory"), numeric=True),
        ],
        rows=rows,
    )
    return Block(table, charts)


def figures(data: StatisticsData) -> Block:
    """Every survey figure as loaded, with its sources: the data behind the charts."""

    def where(figure: Figure) -> str:
        if figure.breakdown == SurveyBreakdown.COUNTRY:
            return country_name(figure.country)
        if figure.breakdown == SurveyBreakdown.SECTOR:
            return _("IAF sector %(code)d: %(name)s") % {
                "code": figure.sector_code,
                "name": figure.sector_name,
            }
        if figure.breakdown == SurveyBreakdown.SECTOR_UNKNOWN:
            return _("Sector not known")
        return _("World")

    return Block(
        Table(
            name="figures",
            caption=_("Every ISO Survey figure shown on this page, with its sources"),
            columns=[
                Column(_("Year")),
                Column(_("Standard")),
                Column(_("Where")),
                Column(_("Certificates"), numeric=True),
                Column(_("Sites"), numeric=True),
                Column(_("Sources")),
                Column(_("Note")),
            ],
            rows=[
                [
                    f.year,
                    f.label,
                    where(f),
                    f.certificates,
                    f.sites,
                    "; ".join(f.source_keys),
                    f.note,
                ]
                for f in data.figures
            ],
        )
    )
