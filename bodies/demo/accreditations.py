"""Demo accreditations: which AB, which CASCO standard, scope, status and its timeline.

Statuses are drawn ~80% active, 7% suspended, 7% withdrawn, 6% expired, with dates that
agree with them: an expired accreditation expired before `as_of`, about one active one in
eight expires within 90 days, and every status other than active has the dated changes
that led to it (some active ones were suspended once and reinstated).
"""

import datetime
import random
from dataclasses import dataclass

from accreditation.models import BodyKind
from bodies.demo.reference import DemoReference, RefAB
from bodies.models import Accreditation, AccreditationStatus

DAY = datetime.timedelta(days=1)
# Certificates run in three-year cycles; demo certificates were issued in the last 3.4 years,
# so about one in eight is past its expiry date.
CERTIFICATE_ISSUE_SPAN_DAYS = 1240
ACCREDITATION_STATUS_WEIGHTS = {
    AccreditationStatus.ACTIVE: 80,
    AccreditationStatus.SUSPENDED: 7,
    AccreditationStatus.WITHDRAWN: 7,
    AccreditationStatus.EXPIRED: 6,
}
SHARE_UNACCREDITED = 0.03
SHARE_FLAGGED_ONLY = 0.015


@dataclass
class PlannedAccreditation:
    ab: RefAB
    casco_id: int
    number: str
    status: str
    granted_on: datetime.date
    expires_on: datetime.date
    last_checked_on: datetime.date
    scheme_ids: list[int]
    sector_ids: list[int]
    changes: list[tuple[str, str, datetime.date]]
    # When certificates may have been issued under it (None: never, in the demo's window).
    issue_window: tuple[datetime.date, datetime.date] | None
    obj: Accreditation | None = None


def weighted_sample(rng: random.Random, weighted: list[tuple[int, int]], k: int) -> list[int]:
    """k distinct items, heavier ones likelier (Efraimidis–Spirakis), in their input order."""
    keyed = sorted(weighted, key=lambda item: -(rng.random() ** (1 / item[1])))[:k]
    chosen = {item for item, _ in keyed}
    return [item for item, _ in weighted if item in chosen]


def plan_accreditations(
    rng: random.Random,
    reference: DemoReference,
    *,
    kind: str,
    country: str,
    as_of: datetime.date,
    numbers: dict[int, int],
) -> list[PlannedAccreditation]:
    """None (a few), one by a flagged AB only (a few more), or one to three by listed ABs."""
    standards = reference.casco_by_kind.get(kind)
    draw = rng.random()
    if not standards or draw < SHARE_UNACCREDITED:
        return []
    if draw < SHARE_UNACCREDITED + SHARE_FLAGGED_ONLY:
        if not reference.flagged:
            return []
        pairs = [(rng.choice(reference.flagged), rng.choice(standards).id)]
    else:
        pairs = []
        for position in range(rng.choices([1, 2, 3], weights=[60, 30, 10])[0]):
            casco_id = rng.choice(standards).id
            # A second or third accreditation is mostly from a well-known AB abroad.
            ab = reference.pick_ab(
                rng,
                country=country,
                casco_id=casco_id,
                abroad=position > 0 or rng.random() < 0.1,
                exclude={ab.id for ab, other in pairs if other == casco_id},
            )
            if ab is not None:
                pairs.append((ab, casco_id))
    planned = []
    for ab, casco_id in pairs:
        numbers[ab.id] = numbers.get(ab.id, 0) + 1
        planned.append(
            _plan_accreditation(
                rng, reference, kind, ab, casco_id, f"DEMO-{numbers[ab.id]:05d}", as_of
            )
        )
    return planned


def _plan_accreditation(
    rng: random.Random,
    reference: DemoReference,
    kind: str,
    ab: RefAB,
    casco_id: int,
    number: str,
    as_of: datetime.date,
) -> PlannedAccreditation:
    status = rng.choices(
        list(ACCREDITATION_STATUS_WEIGHTS), weights=list(ACCREDITATION_STATUS_WEIGHTS.values())
    )[0]
    changes, expires_on, issue_until = _status_history(rng, status, as_of)
    granted_on = as_of - rng.randint(365, 365 * 20) * DAY
    if changes:
        granted_on = min(granted_on, changes[0][2] - 365 * DAY)
    # Last checked within two years (a third more than a year ago), never before a change.
    last_checked_on = as_of - int(730 * rng.random() ** 1.5) * DAY
    if changes:
        last_checked_on = max(last_checked_on, changes[-1][2])
    issue_from = max(granted_on, as_of - CERTIFICATE_ISSUE_SPAN_DAYS * DAY)
    scheme_ids: list[int] = []
    if reference.schemes_by_casco.get(casco_id):
        schemes = reference.weighted_schemes(casco_id)
        most = 6 if kind == BodyKind.MANAGEMENT_SYSTEM_CB else 3
        scheme_ids = weighted_sample(rng, schemes, rng.randint(1, min(most, len(schemes))))
    sector_ids: list[int] = []
    if kind == BodyKind.MANAGEMENT_SYSTEM_CB:
        sectors = reference.weighted_sectors()
        sector_ids = weighted_sample(rng, sectors, min(len(sectors), rng.randint(3, 20)))
    return PlannedAccreditation(
        ab=ab,
        casco_id=casco_id,
        number=number,
        status=status,
        granted_on=granted_on,
        expires_on=expires_on,
        last_checked_on=last_checked_on,
        scheme_ids=scheme_ids,
        sector_ids=sector_ids,
        changes=changes,
        issue_window=(issue_from, issue_until) if issue_from <= issue_until else None,
    )


def _status_history(
    rng: random.Random, status: str, as_of: datetime.date
) -> tuple[list[tuple[str, str, datetime.date]], datetime.date, datetime.date]:
    """(timeline, expiry date, last day certificates could be issued under it)."""
    active, suspended = AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED
    if status == AccreditationStatus.ACTIVE:
        # About one active accreditation in eight is up for renewal within 90 days.
        soon = rng.random() < 0.12
        expires_on = as_of + (rng.randint(1, 90) if soon else rng.randint(91, 1700)) * DAY
        changes = []
        if rng.random() < 0.08:  # suspended once and reinstated
            start = as_of - rng.randint(200, 900) * DAY
            changes = [(active, suspended, start), (suspended, active, start + 60 * DAY)]
        return changes, expires_on, as_of
    if status == AccreditationStatus.SUSPENDED:
        day = as_of - rng.randint(7, 300) * DAY
        return [(active, suspended, day)], as_of + rng.randint(30, 1500) * DAY, day
    if status == AccreditationStatus.WITHDRAWN:
        day = as_of - rng.randint(30, 1500) * DAY
        expires_on = day + rng.randint(30, 1000) * DAY
        if rng.random() < 0.5:
            suspended_on = day - rng.randint(30, 180) * DAY
            changes = [(active, suspended, suspended_on), (suspended, status, day)]
            return changes, expires_on, suspended_on
        return [(active, status, day)], expires_on, day
    expires_on = as_of - rng.randint(1, 700) * DAY
    return [(active, status, expires_on + DAY)], expires_on, expires_on
