"""Writes of the complaints app."""

from django.db import transaction
from django.db.models import Q

from bodies.models import Body, Certificate
from complaints.models import Report


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
