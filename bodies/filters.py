"""The directory's one FilterSet: the HTML page, its CSV download and the API all use it.

No HTML concerns here: fields validate the query string, the FilterSet turns valid values
into SQL. Invalid values become form errors (`filterset.errors`), never exceptions; a caller
that shows results for an invalid filterset should show none (see bodies.queries.directory).

Two levels of filter:
- body filters (`q`, `country`, `kind`) are conditions on the Body row;
- accreditation filters (`standard`, `casco`, `accreditor`, `sector`, `status`,
  `recognised`) must all hold for the SAME accreditation: "accredited by DAkkS for ISO 9001"
  means one accreditation by DAkkS covering ISO 9001, not a DAkkS accreditation for ISO/IEC
  17025 plus someone else's for ISO 9001. They are applied together as one
  EXISTS (SELECT … FROM accreditation WHERE body = outer.id AND …), which also keeps the body
  query free of joins (no DISTINCT needed). `accreditation_conditions()` exposes the same
  conditions so a page can show the matching accreditations of each row.
"""

from collections.abc import Collection, Iterable

import django_filters
from django import forms
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import fields as filter_fields

from accreditation.models import BodyKind
from bodies.models import Accreditation, AccreditationStatus, Body, Office
from bodies.queries.choices import DirectoryChoices, directory_choices
from bodies.queries.recognition import recognised_q

# Multi-select filters take at most this many values: a longer list is a mistake or abuse.
MAX_VALUES = 20
# Longer than any name, acronym or city we hold; a 5,000-character `q` is refused, not run.
MAX_Q_LENGTH = 100

ANY_STATUS = "any"
STATUS_CHOICES = [
    *AccreditationStatus.choices,
    (ANY_STATUS, _("Any status")),
]

RECOGNISED_CHOICES = [
    ("true", _("Recognised for the scope")),
    ("false", _("Not recognised for the scope")),
]


class Sort:
    NAME = "name"
    COUNTRY = "country"
    ACCREDITATIONS = "accreditations"
    CHECKED = "checked"
    CHOICES = [
        (NAME, _("Name")),
        (COUNTRY, _("Country")),
        (ACCREDITATIONS, _("Most accreditations")),
        (CHECKED, _("Recently checked")),
    ]


class FilterDefaults:
    """What an absent `status` or `sort` means."""

    STATUS = AccreditationStatus.ACTIVE.value
    SORT = Sort.NAME
    ITEMS = (("status", STATUS), ("sort", SORT))


BODY_FILTERS = ("q", "country", "kind")
ACCREDITATION_FILTERS = ("standard", "casco", "accreditor", "sector", "status", "recognised")
MULTI_VALUE_FILTERS = ("country", "standard")


class _SharedChoices:
    """Choice lists are read-only, so form instances share them instead of deep-copying them.

    Django deep-copies every field's choices for each form instance; for ~250 countries and
    the reference lists that was most of the cost of building the directory's form.
    """

    def __deepcopy__(self, memo: dict) -> forms.Field:
        result = forms.Field.__deepcopy__(self, memo)  # shallow copy, own widget and messages
        result._choices = self._choices
        return result


class SharedChoiceField(_SharedChoices, filter_fields.ChoiceField):
    pass


class SharedMultipleChoiceField(_SharedChoices, filter_fields.MultipleChoiceField):
    pass


class ChoiceFilter(django_filters.ChoiceFilter):
    field_class = SharedChoiceField


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = SharedMultipleChoiceField


class BodyFilterForm(forms.Form):
    """Cross-field checks on the raw query string that single fields cannot see."""

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in self.fields:
            values = self.data.getlist(name) if hasattr(self.data, "getlist") else []
            if name in MULTI_VALUE_FILTERS:
                if len(set(values)) > MAX_VALUES:
                    self.add_error(
                        name,
                        _("Choose at most %(max)d values for this filter.") % {"max": MAX_VALUES},
                    )
            elif len(set(values)) > 1:
                # ?kind=a&kind=b: taking either silently would show results nobody asked for.
                self.add_error(name, _("Give this filter only once."))
        return cleaned


class BodyFilterSet(django_filters.FilterSet):
    """Bodies by text, country, kind, and by what one of their accreditations covers."""

    q = django_filters.CharFilter(
        label=_("Name, acronym or city"),
        method="filter_q",
        max_length=MAX_Q_LENGTH,
    )
    country = MultipleChoiceFilter(
        label=_("Country (head office or office)"), choices=[], method="filter_country"
    )
    kind = ChoiceFilter(
        label=_("Kind of body"),
        choices=BodyKind.choices,
        field_name="kind",
        empty_label=_("Any kind"),
    )
    standard = MultipleChoiceFilter(label=_("Scheme"), choices=[], method="filter_accreditation")
    casco = ChoiceFilter(
        label=_("CASCO standard"),
        choices=[],
        method="filter_accreditation",
        empty_label=_("Any CASCO standard"),
    )
    accreditor = ChoiceFilter(
        label=_("Accreditation body"),
        choices=[],
        method="filter_accreditation",
        empty_label=_("Any accreditation body"),
    )
    sector = ChoiceFilter(
        label=_("IAF sector"),
        choices=[],
        method="filter_accreditation",
        empty_label=_("Any sector"),
    )
    status = ChoiceFilter(
        label=_("Accreditation status"),
        choices=STATUS_CHOICES,
        method="filter_accreditation",
        empty_label=None,
    )
    recognised = ChoiceFilter(
        label=_("Recognition of the accreditor"),
        choices=RECOGNISED_CHOICES,
        method="filter_accreditation",
        empty_label=_("Any"),
    )
    sort = ChoiceFilter(
        label=_("Sort by"), choices=Sort.CHOICES, method="filter_sort", empty_label=None
    )

    BODY_FILTER_NAMES = BODY_FILTERS
    ACCREDITATION_FILTER_NAMES = ACCREDITATION_FILTERS

    class Meta:
        model = Body
        fields: list[str] = []
        form = BodyFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        # `status` defaults to active and `sort` to name: absent from the URL is not "any".
        if data is not None:
            data = data.copy()
            for name, default in FilterDefaults.ITEMS:
                if not data.get(name):
                    data[name] = default
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = timezone.localdate()
        # Choice lists come from the database (cached), so they are set per instance.
        choices = directory_choices()
        for name, options in (
            ("standard", choices.schemes),
            ("casco", choices.cascos),
            ("accreditor", choices.accreditors),
            ("sector", choices.sectors),
        ):
            self.filters[name].extra["choices"] = DirectoryChoices.pairs(options)
        self.filters["country"].extra["choices"] = list(countries)
        # A form field built before the choices were set (anything that read
        # `base_filters[name].field`, such as the API's OpenAPI generator) is copied along
        # with the filter, empty choices and all: drop it so it is built with these.
        for name in ("standard", "casco", "accreditor", "sector", "country"):
            self.filters[name].__dict__.pop("_field", None)

    # --- Body-level filters ---------------------------------------------------------------

    def filter_q(self, queryset: QuerySet[Body], name: str, value: str) -> QuerySet[Body]:
        """icontains on name, acronym, city: UPPER(col) LIKE, served on PostgreSQL by the
        UPPER() trigram indexes of migration 0002."""
        return queryset.filter(
            Q(name__icontains=value) | Q(acronym__icontains=value) | Q(city__icontains=value)
        )

    def filter_country(
        self, queryset: QuerySet[Body], name: str, value: list[str]
    ) -> QuerySet[Body]:
        """Head office in one of the countries, or any office there."""
        offices = Office.objects.filter(body=OuterRef("pk"), country__in=value)
        return queryset.filter(Q(country__in=value) | Q(Exists(offices)))

    # --- Accreditation-level filters: applied together in filter_queryset -----------------

    def filter_accreditation(self, queryset: QuerySet[Body], name: str, value) -> QuerySet[Body]:
        return queryset

    def filter_sort(self, queryset: QuerySet[Body], name: str, value: str) -> QuerySet[Body]:
        return queryset  # applied last, in filter_queryset, once the conditions are known

    def accreditation_conditions(self, exclude: Collection[str] = ()) -> list[Q] | None:
        """Conditions on one Accreditation row for the valid accreditation filters.

        None when no accreditation filter applies (status "any" and nothing else): then a
        body needs no accreditation at all to be listed. `exclude` drops filters by name
        (facet counts are "under the other filters").
        """
        data = (
            self.form.cleaned_data if self.is_bound and hasattr(self.form, "cleaned_data") else {}
        )
        choices = directory_choices()
        conditions: list[Q] = []
        schemes = [] if "standard" in exclude else data.get("standard") or []
        scheme_ids = [choices.schemes[slug].id for slug in schemes if slug in choices.schemes]
        if scheme_ids:
            covered = Accreditation.schemes.through.objects.filter(
                accreditation=OuterRef("pk"), standard_id__in=scheme_ids
            )
            conditions.append(Q(Exists(covered)))
        casco = None if "casco" in exclude else data.get("casco")
        if casco in choices.cascos:
            conditions.append(Q(standard_id=choices.cascos[casco].id))
        accreditor = None if "accreditor" in exclude else data.get("accreditor")
        if accreditor in choices.accreditors:
            conditions.append(Q(accreditation_body_id=choices.accreditors[accreditor].id))
        sector = None if "sector" in exclude else data.get("sector")
        if sector in choices.sectors:
            sectors = Accreditation.sectors.through.objects.filter(
                accreditation=OuterRef("pk"), sector_id=choices.sectors[sector].id
            )
            conditions.append(Q(Exists(sectors)))
        status = None if "status" in exclude else data.get("status")
        if status and status != ANY_STATUS:
            conditions.append(self._status_condition(status))
        recognised = None if "recognised" in exclude else data.get("recognised")
        if recognised:
            condition = Q(self.recognised_condition(scheme_ids))
            conditions.append(condition if recognised == "true" else ~condition)
        return conditions or None

    def _cleaned(self) -> dict:
        """The valid values (all of them when the form is valid; none before validation)."""
        if not self.is_bound:
            return {}
        self.errors  # noqa: B018 -- validates the form, which sets cleaned_data
        return self.form.cleaned_data

    def _scheme_ids(self) -> list[int]:
        schemes = directory_choices().schemes
        return [
            schemes[slug].id for slug in self._cleaned().get("standard") or [] if slug in schemes
        ]

    def recognised_condition(self, scheme_ids: list[int] | None = None) -> Exists:
        """Whether an accreditation's AB is recognised for its scope today.

        One scheme asked for: a recognition for that scheme (or the whole scope) counts.
        Several or none: one for the whole scope or for a scheme the accreditation covers.
        """
        ids = self._scheme_ids() if scheme_ids is None else scheme_ids
        return recognised_q(on=self.today, scheme=ids[0] if len(ids) == 1 else None)

    def canonical_state(self) -> dict:
        """The valid filter values (sort aside) and the day: equal states, equal results."""
        state = {
            name: sorted(value) if isinstance(value, list) else value
            for name, value in self._cleaned().items()
            if name != "sort" and value not in (None, "", [])
        }
        return {**state, "today": self.today.isoformat()}

    def _status_condition(self, status: str) -> Q:
        """Status as `Accreditation.effective_status` reads it: active past expiry is expired."""
        past_expiry = Q(expires_on__isnull=False, expires_on__lt=self.today)
        if status == AccreditationStatus.ACTIVE:
            return Q(status=AccreditationStatus.ACTIVE) & ~past_expiry
        if status == AccreditationStatus.EXPIRED:
            return Q(status=AccreditationStatus.EXPIRED) | (
                Q(status=AccreditationStatus.ACTIVE) & past_expiry
            )
        return Q(status=status)

    def matching_accreditations(self, exclude: Collection[str] = ()) -> QuerySet[Accreditation]:
        """The accreditations that satisfy the accreditation filters (all, if none applies)."""
        conditions = self.accreditation_conditions(exclude)
        return Accreditation.objects.filter(*(conditions or []))

    def body_queryset(
        self, queryset: QuerySet[Body], exclude: Iterable[str] = ()
    ) -> QuerySet[Body]:
        """`queryset` under every valid filter except those named in `exclude`, unsorted."""
        excluded = set(exclude)
        data = self._cleaned()
        for name in BODY_FILTERS:
            if name not in excluded and name in data:
                queryset = self.filters[name].filter(queryset, data[name])
        conditions = self.accreditation_conditions(excluded)
        if conditions is not None:
            accreditations = Accreditation.objects.filter(*conditions, body=OuterRef("pk"))
            queryset = queryset.filter(Exists(accreditations))
        return queryset

    def filter_queryset(self, queryset: QuerySet[Body]) -> QuerySet[Body]:
        return self.sorted(self.body_queryset(queryset))

    def sorted(self, queryset: QuerySet[Body]) -> QuerySet[Body]:
        """Order by the `sort` choice; name (then pk) breaks ties so pages are stable."""
        sort = self._cleaned().get("sort") or Sort.NAME
        if sort == Sort.COUNTRY:
            return queryset.order_by("country", "name", "pk")
        if sort == Sort.ACCREDITATIONS:
            counted = (
                self.matching_accreditations()
                .filter(body=OuterRef("pk"))
                .order_by()
                .values("body")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return queryset.annotate(
                matching_accreditations=Coalesce(
                    Subquery(counted, output_field=IntegerField()), Value(0)
                )
            ).order_by("-matching_accreditations", "name", "pk")
        if sort == Sort.CHECKED:
            checked = (
                Accreditation.objects.filter(body=OuterRef("pk"))
                .order_by()
                .values("body")
                .annotate(last=Max("last_checked_on"))
                .values("last")
            )
            return queryset.annotate(last_checked_on=Subquery(checked)).order_by(
                F("last_checked_on").desc(nulls_last=True), "name", "pk"
            )
        return queryset.order_by("name", "pk")
