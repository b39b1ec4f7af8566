"""Reads for the detail pages: one body, one accreditation body, one standard, and their lists.

Each function returns everything its page renders, with the joins and prefetches that keep
the page at a fixed number of queries whatever the data size.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accreditation.models import (
    ACCREDITATION_BODY_KIND,
    AccreditationBody,
    BodyKind,
    Recognition,
    Standard,
)
from bodies.evaluation.recognition import recognition_in_force
from bodies.models import Accreditation, Body, Certificate, CertificateStatus, Office


def body_for_page(slug: str) -> Body:
    """A body with its offices and accreditations (AB, standard, schemes, sectors)."""
    accreditations = Accreditation.objects.select_related(
        "accreditation_body", "standard"
    ).prefetch_related("schemes", "sectors")
    return Body.objects.prefetch_related(
        Prefetch("offices", queryset=Office.objects.order_by("-is_head_office", "country", "city")),
        Prefetch("accreditations", queryset=accreditations),
    ).get(slug=slug)


@dataclass(frozen=True)
class ScopeRecognition:
    recognition: Recognition
    # In force today under a global arrangement, for this accreditation's scope and schemes.
    counts: bool


@dataclass(frozen=True)
class AccreditationRow:
    accreditation: Accreditation
    recognitions: list[ScopeRecognition]


def accreditation_rows(body: Body, *, day: datetime.date) -> list[AccreditationRow]:
    """Each accreditation with its AB's recognitions for that CASCO standard, marking those
    that make it recognised today (same rule as `recognitions_for`). Reads only prefetched
    rows: call `bodies.queries.evaluation.with_recognitions(body)` first."""
    rows = []
    for accreditation in body.accreditations.all():
        ab = accreditation.accreditation_body
        schemes = {scheme.pk for scheme in accreditation.schemes.all()}
        rows.append(
            AccreditationRow(
                accreditation,
                [
                    ScopeRecognition(
                        recognition,
                        recognition_in_force(recognition, ab, day)
                        and (recognition.scheme_id is None or recognition.scheme_id in schemes),
                    )
                    for recognition in ab.recognitions.all()
                    if recognition.scope_id == accreditation.standard_id
                ],
            )
        )
    return rows


@dataclass(frozen=True)
class SchemeCertificates:
    code: str
    slug: str
    total: int
    valid: int


def certificate_counts(body: Body, *, day: datetime.date) -> list[SchemeCertificates]:
    """Certificates we hold from the body per scheme, and how many are valid on `day`
    (served by the certificate (issuing_body, scheme) index)."""
    rows = (
        Certificate.objects.filter(issuing_body=body)
        .values("scheme__code", "scheme__slug")
        .annotate(
            total=Count("pk"),
            valid=Count("pk", filter=Q(status=CertificateStatus.VALID, expires_on__gte=day)),
        )
        .order_by("-total", "scheme__code")
    )
    return [
        SchemeCertificates(row["scheme__code"], row["scheme__slug"], row["total"], row["valid"])
        for row in rows
    ]


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


def governed_kinds(standard: Standard) -> list[str]:
    """What kinds of body a CASCO standard governs, in words."""
    labels = {**dict(BodyKind.choices), ACCREDITATION_BODY_KIND: _("Accreditation body")}
    return [str(labels.get(kind, kind)) for kind in standard.body_kinds]


def standard_rows() -> list[list[object]]:
    """The standards list as CSV rows (see STANDARDS_CSV_HEADER)."""
    return [
        [
            standard.code,
            standard.title,
            standard.get_kind_display(),
            standard.casco_standard.code if standard.casco_standard else "",
            standard.accredited_bodies,
            standard.scheme_bodies,
            standard.get_absolute_url(),
        ]
        for standard in standards()
    ]


STANDARDS_CSV_HEADER = [
    "code",
    "title",
    "kind",
    "casco_standard",
    "bodies_accredited_against_it",
    "bodies_accredited_to_certify_it",
    "url",
]


def standard_for_page(slug: str) -> Standard:
    return (
        Standard.objects.select_related("casco_standard")
        .prefetch_related("requirement_documents", "schemes")
        .get(slug=slug)
    )
