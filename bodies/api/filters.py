"""FilterSets of the API lists that have no HTML list page: accreditation bodies, standards,
accreditations, certificates; and the OpenAPI hints for the directory's BodyFilterSet.

BodyFilterSet itself lives in bodies/filters.py (shared by /bodies/, its CSV and the API).
These use its vocabulary: `country` (ISO alpha-2), `standard` (a scheme's slug), `casco` (a
CASCO standard's slug), `accreditor` (an AB's slug), `sector` (IAF code), `status`,
`recognised`. They were written before bodies/filters.py reached this branch and stay here
because no page but the API uses them; bodies/filters.py is the directory's module (already
~300 lines). Move one there when an HTML list starts using it.

Every value is validated by a form field before it reaches SQL, so a bad value is a 400
naming the parameter (DjangoFilterBackend), never a 500: slugs through ModelChoiceFilter,
sector codes against the IAF range 1..39 without a query, countries against ISO 3166.
"""

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes

from accreditation.models import (
    AccreditationBody,
    Cooperation,
    Standard,
    StandardKind,
    Standing,
)
from bodies.filters import BodyFilterSet
from bodies.models import (
    AccreditationStatus,
    Body,
    CertificateStatus,
)
from bodies.queries.certificates import certificate_search
from bodies.queries.recognition import recognised_q
from bodies.queries.verify import numbers_condition

SECTOR_CODES = [(code, str(code)) for code in range(1, 40)]  # IAF ID 1 codes, as Sector allows


# ISO 3166-1 alpha-2 codes as a list (not a callable), so the OpenAPI schema enumerates them.
COUNTRY_CHOICES = [(code, code) for code, _name in countries]


def _scheme_filter(field_name: str, label: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Standard.objects.schemes(),
        to_field_name="slug",
        label=label,
    )


def _casco_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Standard.objects.casco(),
        to_field_name="slug",
        label=_("CASCO standard (slug, e.g. iso-iec-17021-1)"),
    )


def _accreditor_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=AccreditationBody.objects.all(),
        to_field_name="slug",
        label=_("Accreditation body (slug, e.g. ukas)"),
    )


def _body_filter(field_name: str, label: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=Body.objects.all(), to_field_name="slug", label=label
    )


def _sector_filter(field_name: str) -> django_filters.TypedChoiceFilter:
    return django_filters.TypedChoiceFilter(
        field_name=field_name,
        choices=SECTOR_CODES,
        coerce=int,
        distinct=True,
        label=_("IAF sector code (1–39)"),
    )


def _country_filter(label: str, field_name: str | None = None) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(field_name=field_name, choices=COUNTRY_CHOICES, label=label)


class AccreditationBodyFilterSet(django_filters.FilterSet):
    country = _country_filter(_("Country (ISO 3166-1 alpha-2)"))
    standing = django_filters.ChoiceFilter(choices=Standing.choices)
    region = django_filters.ModelChoiceFilter(
        queryset=Cooperation.objects.all(),
        to_field_name="slug",
        label=_("Regional cooperation (slug, e.g. ea)"),
    )


class StandardFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=StandardKind.choices)
    casco = _casco_filter("casco_standard")


class AccreditationFilterSet(django_filters.FilterSet):
    body = _body_filter("body", _("Accredited body (slug)"))
    accreditor = _accreditor_filter("accreditation_body")
    casco = _casco_filter("standard")
    standard = _scheme_filter("schemes", _("Scheme covered (slug, e.g. iso-9001)"))
    sector = _sector_filter("sectors__code")
    status = django_filters.ChoiceFilter(choices=AccreditationStatus.choices)
    country = _country_filter(
        _("Country of the body's head office (ISO 3166-1 alpha-2)"), "body__country"
    )
    # A choice, not a BooleanFilter: that one reads "perhaps" as "no filter" instead of a 400.
    recognised = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_recognised",
        label=_("Its accreditation body is recognised today for its CASCO standard"),
    )

    def filter_recognised(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        condition = recognised_q(on=timezone.localdate())
        return queryset.filter(condition if value == "true" else ~condition)


class CertificateFilterSet(django_filters.FilterSet):
    number = django_filters.CharFilter(
        method="filter_number",
        max_length=80,
        label=_("Certificate number as printed; case, spaces and dashes do not matter"),
    )
    q = django_filters.CharFilter(
        method="filter_q",
        max_length=200,
        label=_("A certificate number, or part of the holder's name (3 characters or more)"),
    )
    body = _body_filter("issuing_body", _("Issuing body (slug)"))
    standard = _scheme_filter("scheme", _("Scheme (slug, e.g. iso-9001)"))
    sector = _sector_filter("sectors__code")
    status = django_filters.ChoiceFilter(choices=CertificateStatus.choices)
    country = _country_filter(_("Holder's country (ISO 3166-1 alpha-2)"), "holder_country")

    def filter_number(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The normalisation /verify/ uses (bodies.queries.verify.numbers_condition)."""
        return queryset.filter(numbers_condition([value]))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(certificate_search(value))


def _document_body_filters() -> None:
    """Tell the schema what BodyFilterSet's database-backed choices are: slugs and IAF codes.

    Their choices are set per request from the cached choice lists (bodies.queries.choices),
    so drf-spectacular sees empty lists and cannot guess a type. This is what
    `@extend_schema_field` does on a filter, applied to the directory's filters from here so
    the directory's module stays free of API concerns.
    """
    for name in ("standard", "casco", "accreditor", "sector"):
        set_override(BodyFilterSet.base_filters[name], "field", OpenApiTypes.STR)


_document_body_filters()
