"""Reads for the guided evaluation, the shortlist and the comparison.

Every page built on `bodies.evaluation` loads its bodies with `evaluation_prefetches()` (six
queries whatever the number of bodies) and ranks candidates in SQL with `candidates()`,
whose score counts the passes of exactly the checks `evaluate` makes.
"""

import datetime
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from accreditation.models import (
    Recognition,
    Sector,
    Standard,
)
from bodies.evaluation import Need, expiry_warning_horizon, one_year_before
from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Body,
    Certificate,
    CertificateStatus,
    Office,
)
from bodies.queries.recognition import AccreditationSchemes, recognised_q

AccreditationSectors = Accreditation.sectors.through


# Only the columns the checks and pages read: standards and recognitions are loaded many
# times over per page, and their long text columns (titles, notes, sources) cost more to
# load than the rest of the row.
RECOGNITION_FIELDS = (
    "accreditation_body_id",
    "arrangement__acronym",
    "arrangement__arrangement",
    "arrangement__level",
    "arrangement__recognitions_valid_until",
    "scope__code",
    "scope__slug",
    "scheme__code",
    "scheme__slug",
    "activity",
    "status",
    "since",
    "until",
    "basis",
)


def current_recognitions() -> QuerySet[Recognition]:
    return Recognition.objects.select_related("arrangement", "scope", "scheme").only(
        *RECOGNITION_FIELDS
    )


def evaluation_prefetches(scopes: Sequence[Standard] = ()) -> list[Prefetch]:
    """What `evaluate` reads: offices; accreditations with AB, recognitions, standard, scope.

    `scopes` narrows the recognitions loaded to those CASCO standards: `evaluate` reads only
    the recognitions of the need's scopes, and an accreditation body holds many others.
    """
    recognitions = current_recognitions()
    if scopes:
        recognitions = recognitions.filter(scope__in=scopes)
    accreditations = Accreditation.objects.select_related(
        "accreditation_body", "standard"
    ).prefetch_related(
        Prefetch("schemes", queryset=Standard.objects.only("code", "slug")),
        Prefetch("sectors", queryset=Sector.objects.only("code", "name")),
        Prefetch("accreditation_body__recognitions", queryset=recognitions),
    )
    return [
        Prefetch("offices", queryset=Office.objects.order_by("-is_head_office", "country", "city")),
        Prefetch("accreditations", queryset=accreditations),
    ]


def bodies_by_slugs(slugs: Sequence[str]) -> list[Body]:
    """Bodies with these slugs, in the order given, ready for `evaluate`; unknown slugs skipped."""
    if not slugs:
        return []
    found = {
        body.slug: body
        for body in Body.objects.filter(slug__in=slugs).prefetch_related(*evaluation_prefetches())
    }
    return [found[slug] for slug in dict.fromkeys(slugs) if slug in found]


def bodies_by_ids(ids: Sequence[int], *, need: Need) -> list[Body]:
    """Bodies with these ids, in the order given, ready for `evaluate(body, need)` (only)."""
    prefetches = evaluation_prefetches(scopes=need.cascos)
    found = Body.objects.filter(pk__in=ids).prefetch_related(*prefetches).in_bulk()
    return [found[pk] for pk in ids if pk in found]


def with_recognitions(body: Body) -> Body:
    """Add the AB recognitions `core_checks` reads to a body whose accreditations are loaded."""
    prefetch_related_objects(
        list(body.accreditations.all()),
        Prefetch("accreditation_body__recognitions", queryset=current_recognitions()),
    )
    return body


# --- Candidates and their rank -------------------------------------------------------------


def _one_if(condition: Q | Exists) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _accreditation_pass_terms(need: Need, today: datetime.date) -> list[Q | Exists]:
    """SQL of each passing accreditation check of `evaluate`, on Accreditation rows, in order.

    Mirrors `bodies.evaluation.checks`: a change there must change this (a test compares).
    """
    casco = Q(pk__in=[])
    for standard in need.cascos:
        kinds = [kind for kind in standard.body_kinds if kind in need.kinds]
        if kinds:
            casco |= Q(standard=standard, body__kind__in=kinds)
    terms: list[Q | Exists] = [
        casco,
        Q(status=AccreditationStatus.ACTIVE)
        & (Q(expires_on__isnull=True) | Q(expires_on__gt=expiry_warning_horizon(today))),
    ]
    if need.scheme is not None:
        terms.append(
            Exists(
                AccreditationSchemes.objects.filter(
                    accreditation=OuterRef("pk"), standard=need.scheme
                )
            )
        )
    if need.sector is not None:
        terms.append(
            Exists(
                AccreditationSectors.objects.filter(
                    accreditation=OuterRef("pk"), sector=need.sector
                )
            )
        )
    terms.append(recognised_q(on=today, scheme=need.scheme, verified_only=True))
    terms.append(Q(last_checked_on__gte=one_year_before(today)))
    if need.accreditation_body is not None:
        terms.append(Q(accreditation_body=need.accreditation_body))
    return terms


def _office_pass(countries: Iterable[str]) -> Q:
    """SQL of a passing office check: every country has the head office or an office."""
    condition = Q()
    for code in countries:
        condition &= Q(country=code) | Exists(
            Office.objects.filter(body=OuterRef("pk"), country=code)
        )
    return condition


def _need_accreditations(need: Need) -> QuerySet[Accreditation]:
    """Accreditations that qualify a body as a candidate: the need's CASCO standard, scheme, AB."""
    accreditations = Accreditation.objects.filter(body=OuterRef("pk"), standard__in=need.cascos)
    if need.scheme is not None:
        accreditations = accreditations.filter(
            Exists(
                AccreditationSchemes.objects.filter(
                    accreditation=OuterRef("pk"), standard=need.scheme
                )
            )
        )
    if need.accreditation_body is not None:
        accreditations = accreditations.filter(accreditation_body=need.accreditation_body)
    return accreditations


def candidates(need: Need, *, today: datetime.date) -> QuerySet[Body]:
    """Bodies accredited for the need (narrowed to the buyer's countries if asked), ranked.

    `score` is the number of checks `evaluate` would pass on the body's best accreditation:
    the best accreditation-level score among its accreditations against the need's CASCO
    standards, plus the office check. Ordered by score, then name.
    """
    score = sum(
        (_one_if(term) for term in _accreditation_pass_terms(need, today)),
        start=Value(0, output_field=IntegerField()),
    )
    best = (
        Accreditation.objects.filter(body=OuterRef("pk"), standard__in=need.cascos)
        .annotate(score=score)
        .order_by("-score")
        .values("score")[:1]
    )
    body_score = Coalesce(Subquery(best, output_field=IntegerField()), Value(0))
    if need.countries:
        body_score = body_score + _one_if(_office_pass(need.countries))
    bodies = Body.objects.filter(Exists(_need_accreditations(need)))
    if need.office_required and need.countries:
        bodies = bodies.filter(
            Q(country__in=need.countries)
            | Exists(Office.objects.filter(body=OuterRef("pk"), country__in=need.countries))
        )
    return bodies.annotate(score=body_score).order_by("-score", "name", "pk")


def _ranking_key(need: Need, today: datetime.date) -> str:
    parts = [
        today.isoformat(),
        ",".join(str(pk) for pk in sorted(need.casco_ids)),
        ",".join(sorted(need.kinds)),
        str(need.scheme.pk if need.scheme else ""),
        ",".join(need.countries),
        str(need.sector.pk if need.sector else ""),
        str(need.accreditation_body.pk if need.accreditation_body else ""),
        str(int(need.office_required)),
    ]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f"certdir:evaluation-ranking:v1:{digest}"


def ranking(need: Need, *, today: datetime.date) -> list[tuple[int, int]]:
    """(body id, score) of every candidate, best first: one query, cached for a few minutes.

    The ranking is the expensive part of a result page and the same needs come back often
    (ISO 9001 in Germany...); each page then loads only its own bodies. A cached order may
    lag a data change by CERTDIR_CACHE_SECONDS; the checks shown are always computed fresh.
    """
    key = _ranking_key(need, today)
    ranked = cache.get(key)
    if ranked is None:
        ranked = list(candidates(need, today=today).values_list("pk", "score"))
        cache.set(key, ranked, settings.CERTDIR_CACHE_SECONDS)
    return ranked


def certificate_counts(
    bodies: Iterable[Body], *, today: datetime.date
) -> dict[int, list[tuple[str, int]]]:
    """Valid, unexpired certificates per body and scheme (code, count), largest first."""
    counts: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows = (
        Certificate.objects.filter(
            issuing_body__in=[body.pk for body in bodies],
            status=CertificateStatus.VALID,
            expires_on__gte=today,
        )
        .values_list("issuing_body_id", "scheme__code")
        .annotate(n=Count("pk"))
        .order_by("issuing_body_id", "-n", "scheme__code")
    )
    for body_id, code, n in rows:
        counts[body_id].append((code, n))
    return counts
