"""Reads for the Atom feeds: the latest status changes, all kinds merged by date.

Accreditation and certificate changes live in `bodies.StatusChange`, recognition changes
in `accreditation.RecognitionStatusChange`. A feed takes the newest `limit` rows of each
(two queries, each served by an index on `-effective_on`), merges them and keeps the
newest `limit`: whatever the data size, a feed is a fixed number of queries.
"""

import heapq
from dataclasses import dataclass

from django.db.models import Q

from accreditation.models import AccreditationBody, RecognitionStatusChange, Standard
from bodies.models import Accreditation, Body, StatusChange

FEED_LENGTH = 50


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes a feed shows: the same scope applied to both timelines.

    `recognitions=None` leaves recognition changes out (a body's feed: recognitions belong
    to accreditation bodies).
    """

    status_changes: Q
    recognitions: Q | None


ALL_CHANGES = ChangeFilter(Q(), Q())


def for_country(code: str) -> ChangeFilter:
    """Changes of bodies with their head office there, and of accreditation bodies there."""
    return ChangeFilter(Q(body__country=code), Q(accreditation_body__country=code))


def for_accreditation_body(ab: AccreditationBody) -> ChangeFilter:
    """Its recognitions, and the accreditations (and certificates issued under them) it gave."""
    return ChangeFilter(Q(accreditation_body=ab), Q(accreditation_body=ab))


def for_body(body: Body) -> ChangeFilter:
    return ChangeFilter(Q(body=body), None)


def for_scheme(scheme: Standard) -> ChangeFilter:
    """Accreditations covering the scheme, certificates to it, and recognitions covering it.

    A recognition covers a scheme when it names it, or names no scheme under the scheme's
    CASCO standard (as in `accreditation.queries.current_recognitions_for`).
    """
    covering = Q(recognition__scheme=scheme)
    if scheme.casco_standard_id:
        covering |= Q(recognition__scheme__isnull=True, recognition__scope=scheme.casco_standard_id)
    return ChangeFilter(
        Q(accreditation__in=Accreditation.objects.filter(schemes=scheme))
        | Q(certificate__scheme=scheme),
        covering,
    )


def latest_changes(
    scope: ChangeFilter, *, limit: int = FEED_LENGTH
) -> list[StatusChange | RecognitionStatusChange]:
    """The newest changes in scope, by effective date then recording time, newest first."""
    changes = list(
        StatusChange.objects.filter(scope.status_changes)
        .select_related(
            "body",
            "accreditation_body",
            "accreditation__standard",
            "accreditation__accreditation_body",
            "certificate__scheme",
        )
        .order_by("-effective_on", "-recorded_at", "-pk")[:limit]
    )
    recognitions = []
    if scope.recognitions is not None:
        recognitions = list(
            RecognitionStatusChange.objects.filter(scope.recognitions)
            .select_related(
                "accreditation_body",
                "recognition__arrangement",
                "recognition__scope",
                "recognition__scheme",
            )
            .order_by("-effective_on", "-recorded_at", "-pk")[:limit]
        )
    merged = heapq.merge(
        changes,
        recognitions,
        key=lambda change: (change.effective_on, change.recorded_at),
        reverse=True,
    )
    return list(merged)[:limit]
