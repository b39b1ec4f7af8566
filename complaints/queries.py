"""Reads for the complaints pages: the route from a body or certificate up to the global level."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from accreditation.models import Cooperation, CooperationLevel, CooperationStatus
from bodies.models import Accreditation, Body, Certificate


@dataclass
class Route:
    """Who to complain to, step by step, for one body (and optionally one of its certificates).

    Steps: the certified organisation, its certification body, that body's accreditation
    bodies, their regional cooperations, then Global Accreditation Cooperation.
    """

    body: Body | None = None
    certificate: Certificate | None = None
    accreditations: list[Accreditation] = field(default_factory=list)
    global_cooperations: list[Cooperation] = field(default_factory=list)

    @property
    def regions(self) -> list[Cooperation]:
        seen = {}
        for accreditation in self.accreditations:
            region = accreditation.accreditation_body.region
            if region is not None:
                seen.setdefault(region.pk, region)
        return list(seen.values())


def _body_with_accreditations() -> Prefetch:
    return Prefetch(
        "accreditations",
        queryset=Accreditation.objects.select_related(
            "accreditation_body__region", "standard"
        ).order_by("accreditation_body__acronym"),
    )


def route(*, body_slug: str = "", certificate_id: int | None = None) -> Route:
    """The complaint route for a body (by slug) or a certificate (by id); empty if neither."""
    result = Route(
        global_cooperations=list(
            Cooperation.objects.filter(
                level=CooperationLevel.GLOBAL, status=CooperationStatus.ACTIVE
            ).order_by("acronym")
        )
    )
    if certificate_id is not None:
        result.certificate = (
            Certificate.objects.select_related("issuing_body", "scheme")
            .filter(pk=certificate_id)
            .first()
        )
        if result.certificate is not None:
            body_slug = result.certificate.issuing_body.slug
    if body_slug:
        result.body = (
            Body.objects.prefetch_related(_body_with_accreditations())
            .filter(slug=body_slug)
            .first()
        )
        if result.body is not None:
            result.accreditations = list(result.body.accreditations.all())
    return result
