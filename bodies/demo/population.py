"""Writing the planned bodies, offices and accreditations: a few thousand rows, bulk_create.

bulk_create sends no signals, so simple-history records no history for demo rows; the
timelines users read (StatusChange) are written explicitly, through `build_status_change`.
"""

import datetime
import time
from collections.abc import Callable

from django.db.models import Model
from django.utils import translation

from accreditation.models import BodyKind
from bodies.demo.plan import PlannedBody
from bodies.demo.vocabulary import (
    DEMO_BASIS,
    DEMO_DOMAIN,
    DEMO_SLUG_PREFIX,
    DEMO_SOURCE,
    STATUS_CHANGE_NOTES,
)
from bodies.models import Accreditation, Body, Office, StatusChange


def write_population(plans: list[PlannedBody], report: Callable[[str, int, float], None]) -> None:
    """Insert bodies, offices, accreditations with scope and timelines; `report` per table.

    bulk_create sends no signals, so simple-history records no history for demo rows.
    """

    def timed(model: type[Model], objects: list[Model], label: str = "") -> None:
        started = time.perf_counter()
        model._default_manager.bulk_create(objects, batch_size=2000)
        table = f"{model._meta.db_table}{label}"
        report(table, len(objects), time.perf_counter() - started)

    with translation.override("en"):
        bodies = [_body(plan) for plan in plans]
    timed(Body, bodies)
    for plan, body in zip(plans, bodies, strict=True):
        plan.obj = body
    offices = [
        Office(
            body=plan.obj,
            country=country,
            city=city,
            address=plan.street if head else "",
            is_head_office=head,
            is_accredited_location=accredited,
        )
        for plan in plans
        for country, city, head, accredited in plan.offices
    ]
    timed(Office, offices)
    planned = [p for plan in plans for p in plan.accreditations]
    for plan in plans:
        for p in plan.accreditations:
            p.obj = Accreditation(
                body=plan.obj,
                accreditation_body_id=p.ab.id,
                standard_id=p.casco_id,
                number=p.number,
                status=p.status,
                granted_on=p.granted_on,
                expires_on=p.expires_on,
                last_checked_on=p.last_checked_on,
                as_of=p.last_checked_on.isoformat(),
                basis=DEMO_BASIS,
            )
    timed(Accreditation, [p.obj for p in planned])
    schemes = Accreditation.schemes.through
    timed(
        schemes,
        [schemes(accreditation=p.obj, standard_id=pk) for p in planned for pk in p.scheme_ids],
    )
    sectors = Accreditation.sectors.through
    timed(
        sectors,
        [sectors(accreditation=p.obj, sector_id=pk) for p in planned for pk in p.sector_ids],
    )
    changes = [
        p.obj.build_status_change(
            old_status=old,
            new_status=new,
            effective_on=day,
            source=DEMO_SOURCE,
            note=STATUS_CHANGE_NOTES[new],
            recorded_at=noon(day),
        )
        for p in planned
        for old, new, day in p.changes
    ]
    timed(StatusChange, changes, " (accreditations)")


def noon(day: datetime.date) -> datetime.datetime:
    """When a demo status change was recorded: derived from its date, so seeds repeat."""
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def _body(plan: PlannedBody) -> Body:
    host = f"{plan.slug.removeprefix(DEMO_SLUG_PREFIX)}.{DEMO_DOMAIN}"
    label = str(BodyKind(plan.kind).label).lower()
    return Body(
        name=plan.name,
        slug=plan.slug,
        acronym=plan.acronym,
        kind=plan.kind,
        country=plan.country,
        city=plan.city,
        website=f"https://{host}",
        email=f"info@{host}",
        address=", ".join(part for part in (plan.street, plan.city) if part),
        founded_year=plan.founded_year,
        description=(
            f"A fictional {label} made up by seed_demo for demonstration. "
            "It does not exist; its accreditations and certificates are invented too."
        ),
        certificates_updated_at=plan.certificates_updated_at,
        is_demo=True,
        basis=DEMO_BASIS,
    )
