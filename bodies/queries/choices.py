"""The directory's choice lists: schemes, CASCO standards, accreditation bodies, IAF sectors.

Every directory request validates its filters against these lists and renders them as
options, so they are read once and cached for CERTDIR_CACHE_SECONDS (they change only when
reference data is edited). Each option carries the row id, so filtering needs no join on the
slug: the FilterSet maps a validated slug to its id here.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

from accreditation.models import AccreditationBody, Sector, Standard, StandardKind

CHOICES_CACHE_KEY = "certdir:directory-choices:v1"
_ACCREDITORS, _SECTORS = "accreditors", "sectors"


@dataclass(frozen=True)
class Option:
    """One option of a filter: the value in the URL, the label shown, and the row's id."""

    value: str
    label: str
    id: int


@dataclass(frozen=True)
class DirectoryChoices:
    schemes: dict[str, Option]
    cascos: dict[str, Option]
    accreditors: dict[str, Option]
    sectors: dict[str, Option]

    @staticmethod
    def pairs(options: dict[str, Option]) -> list[tuple[str, str]]:
        """(value, label) pairs for a form field, in display order."""
        return [(option.value, option.label) for option in options.values()]


def _load() -> DirectoryChoices:
    """Every option in one query: a UNION of (list, id, value, label) over the three tables."""
    text = CharField()
    standards = (
        Standard.objects.filter(kind__in=[StandardKind.SCHEME, StandardKind.CASCO])
        .order_by()
        .values_list("kind", "pk", "slug", "code")
    )
    accreditors = (
        AccreditationBody.objects.order_by()
        .annotate(list=Value(_ACCREDITORS, output_field=text))
        .values_list("list", "pk", "slug", "acronym")
    )
    sectors = (
        Sector.objects.order_by()
        .annotate(
            list=Value(_SECTORS, output_field=text),
            value=Cast("code", output_field=text),
            label=Concat(Cast("code", output_field=text), Value(". "), "name", output_field=text),
        )
        .values_list("list", "pk", "value", "label")
    )
    lists: dict[str, list[Option]] = {
        StandardKind.SCHEME: [],
        StandardKind.CASCO: [],
        _ACCREDITORS: [],
        _SECTORS: [],
    }
    for name, pk, value, label in standards.union(accreditors, sectors, all=True):
        lists[name].append(Option(value, label, pk))

    def ordered(options: list[Option], key=lambda option: option.label) -> dict[str, Option]:
        return {option.value: option for option in sorted(options, key=key)}

    return DirectoryChoices(
        schemes=ordered(lists[StandardKind.SCHEME]),
        cascos=ordered(lists[StandardKind.CASCO]),
        accreditors=ordered(lists[_ACCREDITORS]),
        sectors=ordered(lists[_SECTORS], key=lambda option: int(option.value)),
    )


def directory_choices() -> DirectoryChoices:
    """All schemes, CASCO standards, accreditation bodies (listed or flagged: a body may be
    accredited by a flagged one, and that is worth finding) and IAF sectors. Cached."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        choices = _load()
        cache.set(CHOICES_CACHE_KEY, choices, settings.CERTDIR_CACHE_SECONDS)
    return choices
