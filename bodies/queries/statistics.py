"""Reads for /statistics/: the ISO Survey figures and the directory's counts, cached.

Everything the page shows comes from `statistics_data()`: a fixed handful of queries
whatever the data size (the figures, their sources, and grouped counts of accreditations
in force), kept in the cache for `settings.CERTDIR_CACHE_SECONDS` because the grouped
counts scan every accreditation. The result holds plain values only (codes, not names),
so one cached copy serves every language.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from accreditation.models import Source, SurveyFigure
from bodies.models import Accreditation

# Bump when StatisticsData changes shape, so a deploy never reads an old cached copy.
STATISTICS_CACHE_KEY = "certdir:statistics:v1"


@dataclass(frozen=True)
class Figure:
    """One ISO Survey figure (see accreditation.SurveyFigure), as plain values."""

    year: int
    label: str
    standard_code: str | None
    breakdown: str
    country: str
    sector_code: int | None
    sector_name: str
    certificates: int
    sites: int | None
    source_keys: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class SourceRef:
    key: str
    citation: str
    url: str
    dated: str


@dataclass(frozen=True)
class Counts:
    """Bodies with an accreditation in force, and the accreditation bodies behind them."""

    bodies: int = 0
    accreditation_bodies: int = 0


@dataclass
class StatisticsData:
    figures: list[Figure]
    sources: dict[str, SourceRef]
    # Directory counts, keyed by head-office country code and / or scheme code.
    total: Counts
    demo_bodies: int
    by_country: dict[str, Counts]
    by_scheme: dict[str, Counts]
    by_country_scheme: dict[tuple[str, str], Counts]
    # Bodies accredited for `sector_scheme` whose accreditation covers each IAF sector.
    sector_scheme: str | None
    bodies_by_sector: dict[int, int] = field(default_factory=dict)
    scheme_slugs: dict[str, str] = field(default_factory=dict)
    day: datetime.date | None = None


def statistics_data() -> StatisticsData:
    """The page's data, from the cache when a fresh copy is there."""
    data = cache.get(STATISTICS_CACHE_KEY)
    if data is None:
        data = read_statistics_data()
        cache.set(STATISTICS_CACHE_KEY, data, settings.CERTDIR_CACHE_SECONDS)
    return data


def read_statistics_data(on: datetime.date | None = None) -> StatisticsData:
    """Seven queries, whatever the number of figures, bodies and accreditations."""
    day = on or timezone.localdate()
    figures = survey_figures()
    keys = {key for figure in figures for key in figure.source_keys}
    sources = {
        source.key: SourceRef(source.key, source.citation, source.url, source.dated)
        for source in Source.objects.filter(key__in=keys)
    }
    in_force = Accreditation.objects.in_force(on=day)
    counts = {
        "bodies": Count("body", distinct=True),
        "accreditation_bodies": Count("accreditation_body", distinct=True),
    }
    total = in_force.aggregate(
        **counts, demo=Count("body", filter=Q(body__is_demo=True), distinct=True)
    )
    by_country = in_force.values("body__country").annotate(**counts).order_by()
    with_scheme = in_force.filter(schemes__isnull=False)
    by_scheme = with_scheme.values("schemes__code", "schemes__slug").annotate(**counts).order_by()
    by_country_scheme = (
        with_scheme.values("body__country", "schemes__code").annotate(**counts).order_by()
    )
    sector_scheme = _sector_scheme(figures)
    bodies_by_sector = {}
    if sector_scheme:
        bodies_by_sector = {
            row["sectors__code"]: row["bodies"]
            for row in in_force.filter(schemes__code=sector_scheme, sectors__isnull=False)
            .values("sectors__code")
            .annotate(bodies=Count("body", distinct=True))
            .order_by()
        }
    scheme_rows = list(by_scheme)
    return StatisticsData(
        figures=figures,
        sources=sources,
        total=Counts(total["bodies"], total["accreditation_bodies"]),
        demo_bodies=total["demo"],
        by_country=_counts(by_country, "body__country"),
        by_scheme=_counts(scheme_rows, "schemes__code"),
        by_country_scheme=_counts(by_country_scheme, "body__country", "schemes__code"),
        sector_scheme=sector_scheme,
        bodies_by_sector=bodies_by_sector,
        scheme_slugs={row["schemes__code"]: row["schemes__slug"] for row in scheme_rows},
        day=day,
    )


def survey_figures() -> list[Figure]:
    rows = SurveyFigure.objects.select_related("standard", "sector").order_by(
        "year", "standard_label", "breakdown", "country", "sector__code"
    )
    return [
        Figure(
            year=row.year,
            label=row.standard_label,
            standard_code=row.standard.code if row.standard else None,
            breakdown=row.breakdown,
            country=str(row.country or ""),
            sector_code=row.sector.code if row.sector else None,
            sector_name=row.sector.name if row.sector else "",
            certificates=row.certificates,
            sites=row.sites,
            source_keys=tuple(row.source_keys),
            note=row.note,
        )
        for row in rows
    ]


def _sector_scheme(figures: list[Figure]) -> str | None:
    """The scheme of the figures by sector (ISO 9001 in the shipped file), if any."""
    codes = {f.standard_code for f in figures if f.sector_code is not None}
    return min(codes, default=None, key=str)


def _counts(rows: Iterable[dict], *key_fields: str) -> dict:
    result = {}
    for row in rows:
        values = tuple(row[name] for name in key_fields)
        key = values[0] if len(values) == 1 else values
        result[key] = Counts(row["bodies"], row["accreditation_bodies"])
    return result
