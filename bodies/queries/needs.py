"""The needs a buyer can state (cached choice lists of the evaluation steps) and the Need
built from validated answers, with the rows `evaluate` reads from it."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from accreditation.models import AccreditationBody, BodyKind, Sector, Standard
from bodies.evaluation import Need

CHOICES_CACHE_KEY = "certdir:evaluation-choices:v1"


# --- Choice lists of the evaluation steps (cached) -----------------------------------------


@dataclass(frozen=True)
class SchemeChoice:
    slug: str
    code: str
    title: str
    topic: str


@dataclass(frozen=True)
class SectorChoice:
    code: int
    name: str
    nace_hint: str


@dataclass(frozen=True)
class AccreditorChoice:
    slug: str
    acronym: str
    name: str


@dataclass(frozen=True)
class NeedChoices:
    schemes: tuple[SchemeChoice, ...]
    kinds: tuple[str, ...]
    sectors: tuple[SectorChoice, ...]
    accreditors: tuple[AccreditorChoice, ...]


def need_choices() -> NeedChoices:
    """The options of the evaluation steps: schemes with a known CASCO standard, kinds of body
    that some CASCO standard governs (non-scheme needs), IAF sectors, listed ABs. Cached:
    they change only when reference data is reloaded."""
    choices = cache.get(CHOICES_CACHE_KEY)
    if choices is None:
        governed = {
            kind
            for kinds in Standard.objects.casco().values_list("body_kinds", flat=True)
            for kind in kinds
        }
        choices = NeedChoices(
            schemes=tuple(
                SchemeChoice(slug, code, title, topic)
                for slug, code, title, topic in Standard.objects.schemes()
                .filter(casco_standard__isnull=False)
                .order_by("code")
                .values_list("slug", "code", "title", "topic")
            ),
            kinds=tuple(
                kind
                for kind in BodyKind.values
                if kind in governed and kind != BodyKind.MANAGEMENT_SYSTEM_CB
            ),
            sectors=tuple(
                SectorChoice(*row)
                for row in Sector.objects.order_by("code").values_list("code", "name", "nace_hint")
            ),
            accreditors=tuple(
                AccreditorChoice(*row)
                for row in AccreditationBody.objects.listed()
                .order_by("acronym")
                .values_list("slug", "acronym", "name")
            ),
        )
        cache.set(CHOICES_CACHE_KEY, choices, settings.CERTDIR_CACHE_SECONDS)
    return choices


# --- Building a Need from validated answers ------------------------------------------------


class NeedNotFound(LookupError):
    """A validated answer no longer matches a row (reference data changed meanwhile)."""


def load_need(
    *,
    what: str,
    countries: Sequence[str] = (),
    sector_code: int | None = None,
    accreditor_slug: str = "",
    office_required: bool = False,
) -> Need:
    """The Need for the answers of the evaluation steps: one query per answer given.

    `what` is a scheme slug or a BodyKind value (a need without a scheme: product, persons,
    lab, inspection, PT...), mapped to the CASCO standards governing that kind of body.
    """
    scheme: Standard | None = None
    if what in BodyKind.values:
        cascos = tuple(
            standard
            for standard in Standard.objects.casco().order_by("code")
            if standard.governs(what)
        )
        kinds = frozenset({what})
    else:
        scheme = (
            Standard.objects.schemes()
            .select_related("casco_standard")
            .filter(slug=what, casco_standard__isnull=False)
            .first()
        )
        if scheme is None:
            raise NeedNotFound(what)
        cascos = (scheme.casco_standard,)
        kinds = frozenset(scheme.casco_standard.body_kinds)
    if not cascos:
        raise NeedNotFound(what)
    sector = None
    if sector_code is not None:
        sector = Sector.objects.filter(code=sector_code).first()
        if sector is None:
            raise NeedNotFound(str(sector_code))
    accreditation_body = None
    if accreditor_slug:
        accreditation_body = AccreditationBody.objects.filter(slug=accreditor_slug).first()
        if accreditation_body is None:
            raise NeedNotFound(accreditor_slug)
    return Need(
        cascos=cascos,
        kinds=kinds,
        scheme=scheme,
        countries=tuple(countries),
        sector=sector,
        accreditation_body=accreditation_body,
        office_required=office_required and bool(countries),
    )
