"""Writes on reports: triage moves a report forward, one recorded step at a time."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from complaints.models import Report, ReportStatus

# new -> triaged -> forwarded -> closed; a report can be closed from any open step.
ALLOWED_TRIAGE_STEPS: dict[str, frozenset[str]] = {
    ReportStatus.NEW: frozenset({ReportStatus.TRIAGED, ReportStatus.CLOSED}),
    ReportStatus.TRIAGED: frozenset({ReportStatus.FORWARDED, ReportStatus.CLOSED}),
    ReportStatus.FORWARDED: frozenset({ReportStatus.CLOSED}),
    ReportStatus.CLOSED: frozenset(),
}


def triage_reports(
    *,
    reports: Iterable[Report],
    new_status: str,
    recorded_by: AbstractBaseUser | None = None,
) -> list[Report]:
    """Move each report to `new_status` where that is its next step; return those moved.

    Reports for which the step is not allowed (already there, or further on) are left as
    they are, so a bulk action over a mixed selection does what it can and says so.
    Each save goes through simple-history with the curator as its author.
    """
    moved = []
    with transaction.atomic():
        for report in reports:
            if new_status not in ALLOWED_TRIAGE_STEPS[report.status]:
                continue
            report.status = new_status
            if recorded_by is not None:
                report._history_user = recorded_by
            report.full_clean()
            report.save()
            moved.append(report)
    return moved
