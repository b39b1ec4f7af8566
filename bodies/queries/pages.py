"""Reads for the detail pages: one body, one accreditation body, one standard, and their lists.

Each function returns everything its page renders, with the joins and prefetches that keep
the page at a fixed number of queries whatever the data size.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from accreditation.models import AccreditationBody, Recognition, Standard
from bodies.models import Accreditation, Body, Office


def body_for_page(slug: str) -> Body:
    """A body with its offices and accreditations (AB, standard, schemes, sectors)."""
    accreditations = Accreditation.objects.select_related(
        "accreditation_body", "standard"
    ).prefetch_related("schemes", "sectors")
    return Body.objects.prefetch_related(
        Prefetch("offices", queryset=Office.objects.order_by("-is_head_office", "country", "city")),
        Prefetch("accreditations", queryset=accreditations),
    ).get(slug=slug)


def accreditation_bodies() -> QuerySet[AccreditationBody]:
    """ABs ordered by region then country, with how many bodies each accredits."""
    return (
        AccreditationBody.objects.select_related("region")
        .annotate(accredited_bodies=Count("accreditations__body", distinct=True))
        .order_by("standing", "region__acronym", "country", "acronym")
    )


def accreditation_body_for_page(slug: str) -> AccreditationBody:
    recognitions = Recognition.objects.select_related("arrangement", "scope", "scheme")
    return (
        AccreditationBody.objects.select_related("region")
        .prefetch_related(Prefetch("recognitions", queryset=recognitions))
        .get(slug=slug)
    )


def bodies_accredited_by(ab: AccreditationBody) -> QuerySet[Body]:
    return Body.objects.filter(accreditations__accreditation_body=ab).distinct().order_by("name")


def standards() -> QuerySet[Standard]:
    return Standard.objects.select_related("casco_standard").annotate(
        accredited_bodies=Count(
            "accreditations__body",
            filter=Q(accreditations__status="active"),
            distinct=True,
        ),
        scheme_bodies=Count(
            "scheme_accreditations__body",
            filter=Q(scheme_accreditations__status="active"),
            distinct=True,
        ),
    )


def standard_for_page(slug: str) -> Standard:
    return (
        Standard.objects.select_related("casco_standard")
        .prefetch_related("requirement_documents", "schemes")
        .get(slug=slug)
    )
