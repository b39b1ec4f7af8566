"""Reads for the directory (/bodies/): one page of rows, facet counts, the CSV rows.

A page costs a fixed number of queries whatever the data size: count, rows (with the
"accredited only by an unrecognised AB" flag), the matching accreditations, their schemes,
and, when not cached, one query for all facet counts and one for the cached choice lists.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import QueryDict
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from accreditation.models import AccreditationBody
from bodies.filters import BodyFilterSet
from bodies.models import Accreditation, AccreditationStatus, Body, Office
from bodies.queries import paging
from bodies.queries.choices import directory_choices
from bodies.queries.paging import PageRequest
from bodies.queries.verify import with_flag

PER_PAGE = 25
FACETS_CACHE_PREFIX = "certdir:directory-facets:v1:"
# Facet counts move only when curators edit data; a minute of staleness is invisible.
FACETS_CACHE_SECONDS = min(60, settings.CERTDIR_CACHE_SECONDS)

COUNTRY, SCHEME, CASCO = "country", "standard", "casco"


# --- Rows ----------------------------------------------------------------------------------


def _accreditations_shown(filterset: BodyFilterSet) -> QuerySet[Accreditation]:
    """The accreditations a row shows: those matching the filters, each with its AB, CASCO
    standard, schemes and whether the AB is recognised for its scope (`is_recognised`)."""
    return (
        filterset.matching_accreditations()
        .select_related("accreditation_body", "standard")
        .prefetch_related("schemes")
        .annotate(is_recognised=filterset.recognised_condition())
        .order_by("accreditation_body__acronym", "standard__code", "pk")
    )


def _matching(filterset: BodyFilterSet) -> Prefetch:
    """Each body's `matching` accreditations (what its row shows)."""
    return Prefetch("accreditations", queryset=_accreditations_shown(filterset), to_attr="matching")


def rows(filterset: BodyFilterSet) -> QuerySet[Body]:
    """The filtered, sorted bodies with `only_flagged_accreditation`."""
    return with_flag(filterset.qs)


def page_of(queryset: QuerySet[Body], raw_number: str | None) -> PageRequest:
    """A directory page of PER_PAGE rows (see bodies.queries.paging)."""
    return paging.page_of(queryset, raw_number, per_page=PER_PAGE)


class _PageAccreditations:
    """The matching accreditations of one page's bodies, loaded in one batch (two queries,
    with their schemes) the first time a row asks. A row whose HTML comes from the cache
    never asks, so a page of cached rows costs one query."""

    def __init__(self, filterset: BodyFilterSet, body_ids: list[int]) -> None:
        self.filterset = filterset
        self.body_ids = body_ids
        self.by_body: dict[int, list[Accreditation]] | None = None

    def of(self, body_id: int) -> list[Accreditation]:
        if self.by_body is None:
            self.by_body = {pk: [] for pk in self.body_ids}
            shown = _accreditations_shown(self.filterset).filter(body_id__in=self.body_ids)
            for accreditation in shown:
                self.by_body[accreditation.body_id].append(accreditation)
        return self.by_body[body_id]


def directory_page(filterset: BodyFilterSet, raw_number: str | None) -> PageRequest:
    """A page of rows, each with `matching` (its matching accreditations), loaded lazily:
    only if a row is rendered rather than taken from the cache, and never for an empty page."""
    found = page_of(rows(filterset), raw_number)
    bodies = list(found.page.object_list)
    accreditations = _PageAccreditations(filterset, [body.pk for body in bodies])
    for body in bodies:
        body.matching = SimpleLazyObject(partial(accreditations.of, body.pk))
    return found


def csv_records(
    filterset: BodyFilterSet, absolute_url: Callable[[str], str] = str
) -> Iterator[list[object]]:
    """One CSV row per body: the directory's current list, every page, streamed.
    `absolute_url` turns a path into a full address (`request.build_absolute_uri`)."""
    for body in rows(filterset).prefetch_related(_matching(filterset)).iterator(chunk_size=500):
        accreditations = "; ".join(
            " ".join(
                part
                for part in (
                    accreditation.accreditation_body.acronym,
                    accreditation.standard.code,
                    ", ".join(scheme.code for scheme in accreditation.schemes.all()),
                    f"({accreditation.get_status_display()}"
                    + (
                        f", {_('recognised')})"
                        if accreditation.is_recognised
                        else f", {_('not recognised')})"
                    ),
                )
                if part
            )
            for accreditation in body.matching
        )
        yield [
            body.name,
            body.acronym,
            body.get_kind_display(),
            body.country.code,
            body.city,
            body.website,
            accreditations,
            _("yes") if body.only_flagged_accreditation else "",
            absolute_url(body.get_absolute_url()),
        ]


CSV_HEADER = [
    "name",
    "acronym",
    "kind",
    "head_office_country",
    "city",
    "website",
    "matching_accreditations",
    "accredited_only_by_unrecognised_body",
    "url",
]


# --- Facets ----------------------------------------------------------------------------------


def _facet_pairs_sql(filterset: BodyFilterSet) -> tuple[str, tuple]:
    """SQL of distinct (body, facet, value) triples, each facet under the other filters.

    A body counts for a country when its head office or one of its offices is there; for a
    scheme or CASCO standard when one accreditation matching the other filters covers it.
    UNION (not UNION ALL) removes duplicates, so COUNT(*) per value counts bodies.
    """
    text = CharField()
    by_country = filterset.body_queryset(Body.objects.all(), exclude=[COUNTRY]).order_by()
    head_offices = by_country.annotate(
        facet_body=F("pk"), facet=Value(COUNTRY, output_field=text), value=F("country")
    ).values_list("facet_body", "facet", "value")
    offices = (
        Office.objects.filter(body__in=by_country.values("pk"))
        .order_by()
        .annotate(facet_body=F("body_id"), facet=Value(COUNTRY, output_field=text))
        .values_list("facet_body", "facet", "country")
    )
    body_level = filterset.body_queryset(
        Body.objects.all(), exclude=filterset.ACCREDITATION_FILTER_NAMES
    ).values("pk")
    schemes = (
        Accreditation.schemes.through.objects.filter(
            accreditation__in=filterset.matching_accreditations(exclude=[SCHEME])
            .filter(body__in=body_level)
            .values("pk")
        )
        .order_by()
        .annotate(
            facet_body=F("accreditation__body_id"),
            facet=Value(SCHEME, output_field=text),
            value=Cast("standard_id", output_field=text),
        )
        .values_list("facet_body", "facet", "value")
    )
    cascos = (
        filterset.matching_accreditations(exclude=[CASCO])
        .filter(body__in=body_level)
        .order_by()
        .annotate(
            facet_body=F("body_id"),
            facet=Value(CASCO, output_field=text),
            value=Cast("standard_id", output_field=text),
        )
        .values_list("facet_body", "facet", "value")
    )
    union = head_offices.union(offices, schemes, cascos)
    return union.query.sql_with_params()


def _facet_counts(filterset: BodyFilterSet) -> dict[str, dict[str, int]]:
    sql, params = _facet_pairs_sql(filterset)
    counts: dict[str, dict[str, int]] = {COUNTRY: {}, SCHEME: {}, CASCO: {}}
    # The ORM cannot group over a UNION: wrap its SQL (values stay parameters).
    grouped = f"SELECT facet, value, COUNT(*) FROM ({sql}) AS pairs GROUP BY facet, value"  # noqa: S608 -- sql is the ORM's, values are params
    with connections[Body.objects.db].cursor() as cursor:
        cursor.execute(grouped, params)
        for facet, value, count in cursor.fetchall():
            counts[facet][value] = count
    return counts


def state_key(filterset: BodyFilterSet, *extra: object) -> str:
    """A cache key for the filterset's valid state (and `extra`): equal states, equal keys."""
    state = json.dumps([filterset.canonical_state(), *extra], sort_keys=True, default=str)
    return hashlib.sha256(state.encode()).hexdigest()


def facet_counts(filterset: BodyFilterSet) -> dict[str, dict[str, int]]:
    """Bodies per country code, per scheme id and per CASCO standard id (as strings), each
    under the other valid filters. One query; cached for FACETS_CACHE_SECONDS per filter
    state."""
    key = FACETS_CACHE_PREFIX + state_key(filterset)
    counts = cache.get(key)
    if counts is None:
        counts = _facet_counts(filterset)
        cache.set(key, counts, FACETS_CACHE_SECONDS)
    return counts


UNIVERSE_CACHE_KEY = FACETS_CACHE_PREFIX + "universe"


def _universe_counts() -> dict[str, dict[str, int]]:
    """The counts with status "any" and no other filter: every value some body has."""
    counts = cache.get(UNIVERSE_CACHE_KEY)
    if counts is None:
        counts = _facet_counts(BodyFilterSet(QueryDict("status=any")))
        cache.set(UNIVERSE_CACHE_KEY, counts, FACETS_CACHE_SECONDS)
    return counts


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facets:
    countries: list[FacetOption]
    schemes: list[FacetOption]
    cascos: list[FacetOption]


def facets(filterset: BodyFilterSet) -> Facets:
    """The options beside the country, scheme and CASCO filters, with their counts.

    Listed: every value some body has (the counts with status "any" and no other filter,
    cached like the rest), plus whatever is selected; so the list does not jump as filters
    change, and an htmx refresh only needs to update the numbers.
    """
    current = facet_counts(filterset)
    universe = _universe_counts()
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    choices = directory_choices()

    def options(facet: str, labelled: dict[str, tuple[str, str]], selected: list[str]) -> list:
        values = set(universe[facet]) | {
            key for key, (value, _) in labelled.items() if value in selected
        }
        result = [
            FacetOption(
                value=labelled[key][0],
                label=labelled[key][1],
                count=current[facet].get(key, 0),
                selected=labelled[key][0] in selected,
            )
            for key in values
            if key in labelled
        ]
        # Selected first (visible without scrolling), then the most bodies, then by name.
        return sorted(result, key=lambda o: (not o.selected, -o.count, o.label))

    by_id = {
        SCHEME: {str(o.id): (o.value, o.label) for o in choices.schemes.values()},
        CASCO: {str(o.id): (o.value, o.label) for o in choices.cascos.values()},
    }
    country_labels = {
        code: (code, countries.name(code))
        for code in set(universe[COUNTRY]) | set(data.get(COUNTRY) or [])
    }
    casco = data.get(CASCO)
    return Facets(
        countries=options(COUNTRY, country_labels, list(data.get(COUNTRY) or [])),
        schemes=options(SCHEME, by_id[SCHEME], list(data.get(SCHEME) or [])),
        cascos=options(CASCO, by_id[CASCO], [casco] if casco else []),
    )


# --- Home page -------------------------------------------------------------------------------

HOME_CACHE_KEY = "certdir:home-summary:v1"
HOME_SHORTCUTS = 8


@dataclass(frozen=True)
class HomeSummary:
    """The home page's headline figures and shortcuts into the directory."""

    accredited_bodies: int
    countries: list[FacetOption]
    schemes: list[FacetOption]
    accreditation_bodies: int


def home_summary() -> HomeSummary:
    """Bodies with an active accreditation, the countries and schemes with the most of them,
    and how many accreditation bodies we list. Cached like the facets, per language (the
    country names are translated)."""
    key = f"{HOME_CACHE_KEY}:{get_language()}"
    summary = cache.get(key)
    if summary is None:
        default = BodyFilterSet(QueryDict(), queryset=Body.objects.all())
        options = facets(default)
        summary = HomeSummary(
            accredited_bodies=default.qs.count(),
            countries=[o for o in options.countries if o.count][:HOME_SHORTCUTS],
            schemes=[o for o in options.schemes if o.count][:HOME_SHORTCUTS],
            accreditation_bodies=AccreditationBody.objects.listed().count(),
        )
        cache.set(key, summary, FACETS_CACHE_SECONDS)
    return summary


# --- Lists on detail pages (an AB's bodies, a standard's bodies) ------------------------------

AB_PAGE_FILTERS = ("casco", "standard", "status")


def filterset_within(params: QueryDict, **fixed: str) -> BodyFilterSet:
    """The directory's FilterSet restricted to `AB_PAGE_FILTERS` from `params`, plus fixed
    values (e.g. accreditor=<the page's AB>): a detail page's list filters like /bodies/."""
    data = QueryDict(mutable=True)
    for key in AB_PAGE_FILTERS:
        if key in params and key not in fixed:
            data.setlist(key, params.getlist(key))
    for key, value in fixed.items():
        data[key] = value
    return BodyFilterSet(data, queryset=Body.objects.all())


def compact_rows(filterset: BodyFilterSet) -> QuerySet[Body]:
    """The filtered bodies, each with its first matching accreditation's CASCO standard and
    effective status, and how many match: annotations, so no query per row or prefetch."""
    today = filterset.today
    matching = (
        filterset.matching_accreditations()
        .filter(body=OuterRef("pk"))
        .annotate(
            effective=Case(
                When(
                    status=AccreditationStatus.ACTIVE,
                    expires_on__lt=today,
                    then=Value(AccreditationStatus.EXPIRED.value),
                ),
                default=F("status"),
                output_field=CharField(),
            )
        )
        .order_by("standard__code", "pk")
    )
    counted = matching.order_by().values("body").annotate(n=Count("pk")).values("n")
    return with_flag(filterset.qs).annotate(
        first_casco=Subquery(matching.values("standard__code")[:1]),
        first_status=Subquery(matching.values("effective")[:1]),
        matching_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
    )


def label_statuses(bodies: Iterable[Body]) -> None:
    """`first_status_label` beside `first_status` (a badge shows the status in words)."""
    for body in bodies:
        status = getattr(body, "first_status", None)
        body.first_status_label = AccreditationStatus(status).label if status else ""


def country_counts(filterset: BodyFilterSet) -> list[FacetOption]:
    """Countries with at least one matching body (head office or office), most first."""
    counts = facet_counts(filterset)[COUNTRY]
    options = [
        FacetOption(value=code, label=countries.name(code), count=count, selected=False)
        for code, count in counts.items()
        if count
    ]
    return sorted(options, key=lambda option: (-option.count, option.label))
