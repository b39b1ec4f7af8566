"""The buyer's checks: does this body meet this need, and on what evidence?

`evaluate(body, need, today=...)` is the one pure function behind the guided evaluation, the
shortlist and the comparison; `core_checks(body, today=...)` gives the three checks of the
usual buyer's advice for each of a body's own accreditations (body page). Neither does any
I/O: the body arrives with its offices and accreditations prefetched (accreditation body with
its recognitions and their arrangement, scope and scheme; standard; schemes; sectors — see
`bodies.queries.evaluation.evaluation_prefetches`) and the need holds model instances.

The candidate ranking is computed in SQL (`bodies.queries.evaluation.candidates`) by counting
the passes of exactly these checks; a test holds the two equal.
"""

import datetime

from bodies.evaluation.checks import (
    check_accreditor,
    check_active,
    check_casco_standard,
    check_freshness,
    check_office,
    check_recognised,
    check_scheme,
    check_sector,
)
from bodies.evaluation.results import (
    EXPIRY_WARNING_DAYS,
    AccreditationChecks,
    Check,
    CheckName,
    Evaluation,
    Evidence,
    Need,
    Outcome,
    expiry_warning_horizon,
    one_year_before,
    only_flagged_accreditors,
)
from bodies.models import Accreditation, Body

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "AccreditationChecks",
    "Check",
    "CheckName",
    "Evaluation",
    "Evidence",
    "Need",
    "Outcome",
    "core_checks",
    "evaluate",
    "expiry_warning_horizon",
    "only_flagged_accreditors",
    "one_year_before",
]


def _checks_for(
    body: Body, accreditation: Accreditation | None, need: Need, today: datetime.date
) -> tuple[Check, ...]:
    checks = [
        check_casco_standard(body, accreditation, need),
        check_active(accreditation, today=today),
    ]
    if need.scheme is not None:
        checks.append(check_scheme(accreditation, need.scheme))
    if need.sector is not None:
        checks.append(check_sector(accreditation, need.sector))
    checks.append(check_recognised(accreditation, today=today, scheme=need.scheme))
    if need.countries:
        checks.append(check_office(body, need.countries))
    checks.append(check_freshness(accreditation, today=today))
    if need.accreditation_body is not None:
        checks.append(check_accreditor(accreditation, need.accreditation_body))
    return tuple(checks)


def _rank(checks: tuple[Check, ...], accreditation: Accreditation) -> tuple:
    passes = sum(1 for check in checks if check.outcome == Outcome.PASS)
    fails = sum(1 for check in checks if check.outcome == Outcome.FAIL)
    return (passes, -fails, accreditation.expires_on or datetime.date.max, -accreditation.pk)


def evaluate(body: Body, need: Need, *, today: datetime.date) -> Evaluation:
    """The checklist of one body for one need, made on its best accreditation for the need.

    The body's accreditations against one of the need's CASCO standards compete; the best
    passes the most checks, then fails the fewest, then lasts longest. With none, every
    accreditation check fails and the office check still says where the body is.
    """
    best: tuple[tuple, Accreditation, tuple[Check, ...]] | None = None
    for accreditation in body.accreditations.all():
        if accreditation.standard_id not in need.casco_ids:
            continue
        checks = _checks_for(body, accreditation, need, today)
        rank = _rank(checks, accreditation)
        if best is None or rank > best[0]:
            best = (rank, accreditation, checks)
    if best is None:
        return Evaluation(body, need, None, _checks_for(body, None, need, today))
    return Evaluation(body, need, best[1], best[2])


def core_checks(body: Body, *, today: datetime.date) -> list[AccreditationChecks]:
    """The usual buyer's three checks for each of the body's own accreditations.

    Right CASCO standard for the body's kind, accreditation active, accreditor recognised for
    that scope (with any scheme the accreditation covers). Per accreditation rather than
    best-of: a body with one good and one suspended accreditation must show both.
    """
    return [
        AccreditationChecks(
            accreditation=accreditation,
            checks=(
                check_casco_standard(body, accreditation, None),
                check_active(accreditation, today=today),
                check_recognised(accreditation, today=today),
            ),
        )
        for accreditation in body.accreditations.all()
    ]
