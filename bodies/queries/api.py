"""Read paths of the JSON API (bodies.api): each list with its joins, prefetches and a stable
order (a unique last key), so a page of 25 costs the same few queries at any data size."""

import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accreditation.models import AccreditationBody, Recognition, Sector, Standard
from bodies.models import Accreditation, Body, Certificate, Office, StatusChange
from bodies.queries.recognition import recognised_q
from bodies.queries.verify import with_flag


def _recognitions() -> QuerySet[Recognition]:
    return Recognition.objects.select_related("arrangement", "scope", "scheme").order_by(
        "arrangement__acronym", "scope__code", "activity", "pk"
    )


def accreditation_bodies() -> QuerySet[AccreditationBody]:
    return (
        AccreditationBody.objects.select_related("region")
        .prefetch_related(Prefetch("recognitions", queryset=_recognitions()))
        .order_by("acronym", "pk")
    )


def standards() -> QuerySet[Standard]:
    return Standard.objects.select_related("casco_standard").order_by("code", "pk")


def sectors() -> QuerySet[Sector]:
    return Sector.objects.order_by("code")


def _status_changes() -> Prefetch:
    # Public timeline columns only: `recorded_by` is staff-only and never loaded here.
    return Prefetch(
        "status_changes",
        queryset=StatusChange.objects.only(
            "pk", "accreditation_id", "old_status", "new_status", "effective_on", "source", "note"
        ).order_by("-effective_on", "-recorded_at", "-pk"),
    )


def accreditations(*, on: datetime.date | None = None) -> QuerySet[Accreditation]:
    """Accreditations with their parties, scope and timeline, and whether each is recognised
    today (the shared SQL definition, `recognised_q`)."""
    day = on or timezone.localdate()
    return (
        Accreditation.objects.select_related("body", "accreditation_body", "standard")
        .prefetch_related("schemes", "sectors", _status_changes())
        .annotate(recognised=recognised_q(on=day))
        .order_by("body__name", "accreditation_body__acronym", "standard__code", "pk")
    )


def certificates() -> QuerySet[Certificate]:
    """Certificates in id order: with cursor pagination a page is one index range scan, with
    no COUNT over millions of rows."""
    return (
        Certificate.objects.select_related(
            "issuing_body", "scheme", "accreditation__accreditation_body"
        )
        .prefetch_related("sectors")
        .order_by("pk")
    )


def bodies() -> QuerySet[Body]:
    """Bodies with their offices and accreditations (AB and standard), and the
    accredited-only-by-flagged-ABs flag the pages show next to a name."""
    accreditations = Accreditation.objects.select_related(
        "accreditation_body", "standard"
    ).order_by("accreditation_body__acronym", "standard__code", "pk")
    offices = Office.objects.order_by("-is_head_office", "country", "city", "pk")
    return with_flag(
        Body.objects.prefetch_related(
            Prefetch("offices", queryset=offices),
            Prefetch("accreditations", queryset=accreditations),
        )
    ).order_by("name", "pk")
