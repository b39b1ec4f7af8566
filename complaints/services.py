"""Writes on reports: a report from the public is recorded, then triage moves it forward,
one recorded step at a time."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q

from bodies.models import Body, Certificate
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


def _body_named(text: str) -> Body | None:
    """The one body whose name, acronym or slug is exactly what the reporter typed."""
    text = text.strip()
    if not text:
        return None
    matches = list(
        Body.objects.filter(Q(slug=text.lower()) | Q(name__iexact=text) | Q(acronym__iexact=text))[
            :2
        ]
    )
    return matches[0] if len(matches) == 1 else None


def submit_report(
    *,
    kind: str,
    description: str,
    body: Body | None = None,
    certificate: Certificate | None = None,
    subject_text: str = "",
    email: str = "",
) -> Report:
    """Record a report from the public for staff to triage.

    A certificate implies its issuing body. A typed subject that names exactly one body in
    our data is linked to it (the text is kept too, as the reporter wrote it).
    """
    if certificate is not None and body is None:
        body = certificate.issuing_body
    if body is None and certificate is None:
        body = _body_named(subject_text)
    report = Report(
        kind=kind,
        body=body,
        certificate=certificate,
        subject_text=subject_text.strip(),
        description=description,
        email=email,
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
    return report
