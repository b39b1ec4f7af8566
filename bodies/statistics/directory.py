"""Blocks of the directory's own counts: bodies with an accreditation in force, and their ABs.

Counted from Accreditation rows in force (active, not past expiry), by the body's head
office country and by the schemes the accreditation covers.
"""

from django.utils.translation import gettext as _

from accreditation.models import SurveyBreakdown
from bodies.charts import Item, bar_chart
from bodies.queries.statistics import Counts, Figure, StatisticsData
from bodies.statistics.tables import Block, Column, Table, count_text, country_name

TOP_DIRECTORY_COUNTRIES = 15


def directory_countries(data: StatisticsData) -> Block:
    ordered = sorted(
        data.by_country.items(), key=lambda item: (-item[1].bodies, country_name(item[0]))
    )
    rows = [
        [country_name(code), counts.bodies, counts.accreditation_bodies] for code, counts in ordered
    ]
    charts = []
    if ordered:
        top = ordered[:TOP_DIRECTORY_COUNTRIES]
        charts.append(
            bar_chart(
                chart_id="chart-directory-countries",
                title=_("Bodies with an accreditation in force, by country of head office"),
                description=_(
                    "Bars for the %(count)d countries with the most bodies in this directory; "
                    "the most is %(country)s with %(bodies)s."
                )
                % {
                    "count": len(top),
                    "country": country_name(top[0][0]),
                    "bodies": count_text(top[0][1].bodies),
                },
                items=[
                    Item(country_name(code), counts.bodies, count_text(counts.bodies))
                    for code, counts in top
                ],
            )
        )
    table = Table(
        name="directory-countries",
        caption=_(
            "This directory by country of head office: bodies with an accreditation in force "
            "and the accreditation bodies that accredit them"
        ),
        columns=[
            Column(_("Country")),
            Column(_("Bodies"), numeric=True),
            Column(_("Accreditation bodies"), numeric=True),
        ],
        rows=rows,
    )
    return Block(table, charts)


def directory_schemes(data: StatisticsData) -> Block:
    """Per scheme: the directory's counts next to the latest world figure of the survey."""
    latest: dict[str, Figure] = {}
    for figure in data.figures:
        if figure.breakdown == SurveyBreakdown.WORLD and figure.standard_code:
            latest[figure.standard_code] = figure  # figures come in year order
    codes = set(data.by_scheme) | set(latest)
    ordered = sorted(codes, key=lambda code: (-data.by_scheme.get(code, Counts()).bodies, code))
    rows = []
    for code in ordered:
        counts, figure = data.by_scheme.get(code, Counts()), latest.get(code)
        rows.append(
            [
                code,
                counts.bodies,
                counts.accreditation_bodies,
                figure.certificates if figure else None,
                figure.year if figure else None,
            ]
        )
    with_bodies = [code for code in ordered if data.by_scheme.get(code, Counts()).bodies]
    charts = []
    if with_bodies:
        charts.append(
            bar_chart(
                chart_id="chart-directory-schemes",
                title=_("Bodies with an accreditation in force, by scheme"),
                description=_(
                    "One bar per scheme with at least one body; the most is %(scheme)s with "
                    "%(bodies)s."
                )
                % {
                    "scheme": with_bodies[0],
                    "bodies": count_text(data.by_scheme[with_bodies[0]].bodies),
                },
                items=[
                    Item(code, data.by_scheme[code].bodies, count_text(data.by_scheme[code].bodies))
                    for code in with_bodies
                ],
            )
        )
    table = Table(
        name="directory-schemes",
        caption=_("This directory by scheme, next to the latest certificates reported worldwide"),
        columns=[
            Column(_("Scheme")),
            Column(_("Bodies"), numeric=True),
            Column(_("Accreditation bodies"), numeric=True),
            Column(_("Certificates worldwide"), numeric=True),
            Column(_("Survey year")),
        ],
        rows=rows,
    )
    return Block(table, charts)


def directory_country_schemes(data: StatisticsData) -> Block:
    rows = sorted(
        (
            [country_name(country), scheme, counts.bodies, counts.accreditation_bodies]
            for (country, scheme), counts in data.by_country_scheme.items()
        ),
        key=lambda row: (row[0], row[1]),
    )
    return Block(
        Table(
            name="directory-country-schemes",
            caption=_(
                "This directory by country of head office and scheme: bodies with an "
                "accreditation in force and their accreditation bodies"
            ),
            columns=[
                Column(_("Country")),
                Column(_("Scheme")),
                Column(_("Bodies"), numeric=True),
                Column(_("Accreditation bodies"), numeric=True),
            ],
            rows=rows,
        )
    )
