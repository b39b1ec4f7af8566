"""The directory's choice lists: schemes, CASCO standards, accreditation bodies, IAF sectors.

Every directory request validates its filters against these lists and renders them as
options, so they are read once and cached for CERTDIR_CACHE_SECONDS (they change only when
reference data is edited). Each option carries the row id, so filtering needs no join on the
slug: the FilterSet maps a validated slug to its id here.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from accreditation.models import AccreditationBody, Sector, Standard

CHOICES_CACHE_KEY = "certdir:directory-choices:v1"


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


def directory_choices() -> DirectoryChoices:
    """All schemes, CASCO standards, accreditation bodies (listed or flagged: a body may be
    accredited by a flagged one, and that is worth finding) and IAF sectors. Cached."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        choices = DirectoryChoices(
            schemes={
                slug: Option(slug, code, pk)
                for pk, slug, code in Standard.objects.schemes()
                .order_by("code")
                .values_list("pk", "slug", "code")
            },
            cascos={
                slug: Option(slug, code, pk)
                for pk, slug, code in Standard.objects.casco()
                .order_by("code")
                .values_list("pk", "slug", "code")
            },
            accreditors={
                slug: Option(slug, acronym, pk)
                for pk, slug, acronym in AccreditationBody.objects.order_by("acronym").values_list(
                    "pk", "slug", "acronym"
                )
            },
            sectors={
                str(code): Option(str(code), f"{code}. {name}", pk)
                for pk, code, name in Sector.objects.order_by("code").values_list(
                    "pk", "code", "name"
                )
            },
        )
        cache.set(CHOICES_CACHE_KEY, choices, settings.CERTDIR_CACHE_SECONDS)
    return choices
