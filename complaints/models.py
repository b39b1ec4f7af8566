"""Reports from the public: fake certificates, misuse of certificates or marks, complaints.

Staff triage them in the admin. A reporter's email is never shown publicly.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bodies.models import Body, Certificate


class ReportKind(models.TextChoices):
    FAKE_CERTIFICATE = "fake_certificate", _("Fake or altered certificate")
    MISUSE = "misuse", _("Misuse of a certificate or mark")
    BODY_COMPLAINT = "body_complaint", _("Complaint about a body")


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    TRIAGED = "triaged", _("Triaged")
    FORWARDED = "forwarded", _("Forwarded")
    CLOSED = "closed", _("Closed")


class Report(models.Model):
    kind = models.CharField(max_length=20, choices=ReportKind)
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    subject_text = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The body or certificate as the reporter named it, if not in our data."),
    )
    description = models.TextField(max_length=5000)
    email = models.EmailField(blank=True, help_text=_("Staff only: never shown publicly."))
    status = models.CharField(max_length=10, choices=ReportStatus, default=ReportStatus.NEW)
    staff_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ReportKind.values),
                name="report_kind_valid",
                violation_error_message=_("Choose a valid kind of report."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="report_status_valid",
                violation_error_message=_("Choose a valid report status."),
            ),
        ]
        indexes = [
            # The triage queue in the admin: new reports first.
            models.Index(fields=["status", "-created_at"], name="report_status_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.created_at:%Y-%m-%d}"
