"""Data coverage per accreditation body: how much of its world we hold, and how fresh it is.

A "not found" can only be read correctly next to this: if we hold no certificates of the
bodies an AB accredits, a missing number says nothing. Counting certificates scans the
certificate table, so results are cached for CERTDIR_CACHE_SECONDS.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q

from accreditation.models import AccreditationBody
from bodies.models import Accreditation, Certificate

_CACHE_PREFIX = "certdir:coverage:"


@dataclass(frozen=True)
class Coverage:
    """What we hold for one accreditation body."""

    bodies: int
    bodies_sharing_certificates: int
    certificates: int
    last_update: datetime.datetime | None


_EMPTY = Coverage(bodies=0, bodies_sharing_certificates=0, certificates=0, last_update=None)


def coverage_for_accreditation_bodies(ab_ids: Iterable[int]) -> dict[int, Coverage]:
    """Bodies accredited, bodies sharing certificate data, certificates and last update per AB.

    Certificates count for the AB of the accreditation they were issued under. The last
    update is the latest `Body.certificates_updated_at` among the AB's bodies. Two queries,
    whatever the number of ABs; cached.
    """
    ids = sorted(set(ab_ids))
    if not ids:
        return {}
    key = _CACHE_PREFIX + hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return cached
    bodies = {
        row["accreditation_body"]: row
        for row in Accreditation.objects.filter(accreditation_body__in=ids)
        .values("accreditation_body")
        .annotate(
            bodies=Count("body", distinct=True),
            sharing=Count(
                "body", filter=Q(body__certificates_updated_at__isnull=False), distinct=True
            ),
            last_update=Max("body__certificates_updated_at"),
        )
        .order_by()
    }
    certificates = dict(
        Certificate.objects.filter(accreditation__accreditation_body__in=ids)
        .values_list("accreditation__accreditation_body")
        .annotate(count=Count("pk"))
        .order_by()
    )
    result = {}
    for ab_id in ids:
        row = bodies.get(ab_id)
        if row is None and ab_id not in certificates:
            result[ab_id] = _EMPTY
            continue
        result[ab_id] = Coverage(
            bodies=row["bodies"] if row else 0,
            bodies_sharing_certificates=row["sharing"] if row else 0,
            certificates=certificates.get(ab_id, 0),
            last_update=row["last_update"] if row else None,
        )
    cache.set(key, result, settings.CERTDIR_CACHE_SECONDS)
    return result


@dataclass(frozen=True)
class CoverageRow:
    accreditation_body: AccreditationBody
    coverage: Coverage


def coverage_table() -> list[CoverageRow]:
    """Every AB that accredits a body in our data, with its coverage (the verify page)."""
    abs_ = list(
        AccreditationBody.objects.filter(accreditations__isnull=False)
        .distinct()
        .order_by("acronym")
    )
    coverage = coverage_for_accreditation_bodies(ab.pk for ab in abs_)
    return [CoverageRow(ab, coverage[ab.pk]) for ab in abs_]
