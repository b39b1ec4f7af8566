"""Status timelines for body, accreditation-body and certificate pages.

Every status change (StatusChange for accreditations and certificates, RecognitionStatusChange
for recognitions) is shown dated, old -> new, with its source. Who recorded it is kept for
staff: the entries carry it and the template shows it only to staff users.

A body page shows its accreditations' changes; certificate changes stay on certificate pages,
because an import can change thousands at once and would drown the body's own story.
An AB page shows its recognitions' changes and those of the accreditations it granted.
Each function runs a fixed number of queries (one per change table).
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accreditation.models import RecognitionStatus, RecognitionStatusChange
from bodies.models import AccreditationStatus, CertificateStatus, StatusChange

TIMELINE_LENGTH = 50


class SubjectKind:
    ACCREDITATION = "accreditation"
    CERTIFICATE = "certificate"
    RECOGNITION = "recognition"


_LABELS = {
    SubjectKind.ACCREDITATION: dict(AccreditationStatus.choices),
    SubjectKind.CERTIFICATE: dict(CertificateStatus.choices),
    SubjectKind.RECOGNITION: dict(RecognitionStatus.choices),
}
_KIND_LABELS = {
    SubjectKind.ACCREDITATION: _("Accreditation"),
    SubjectKind.CERTIFICATE: _("Certificate"),
    SubjectKind.RECOGNITION: _("Recognition"),
}


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    effective_on: datetime.date
    recorded_at: datetime.datetime
    subject: str
    subject_url: str
    old_status: str
    new_status: str
    source: str
    note: str
    recorded_by: str

    @property
    def kind_label(self) -> str:
        return str(_KIND_LABELS[self.kind])

    @property
    def old_label(self) -> str:
        return str(_LABELS[self.kind].get(self.old_status, self.old_status))

    @property
    def new_label(self) -> str:
        return str(_LABELS[self.kind].get(self.new_status, self.new_status))

    @property
    def source_is_url(self) -> bool:
        return self.source.startswith(("https://", "http://"))


def _user(change: StatusChange | RecognitionStatusChange) -> str:
    user = change.recorded_by
    return user.get_username() if user else ""


def _status_changes(changes: QuerySet[StatusChange]) -> list[TimelineEntry]:
    entries = []
    rows = changes.select_related(
        "recorded_by",
        "accreditation__accreditation_body",
        "accreditation__standard",
        "accreditation__body",
        "certificate__issuing_body",
    ).order_by("-effective_on", "-recorded_at")[:TIMELINE_LENGTH]
    for change in rows:
        if change.accreditation_id:
            accreditation = change.accreditation
            kind = SubjectKind.ACCREDITATION
            subject = (
                f"{accreditation.body.name} — {accreditation.accreditation_body.acronym} "
                f"{accreditation.number} ({accreditation.standard.code})"
            )
            url = accreditation.body.get_absolute_url()
        else:
            certificate = change.certificate
            kind = SubjectKind.CERTIFICATE
            subject = f"{certificate.number} — {certificate.issuing_body.name}"
            url = certificate.get_absolute_url()
        entries.append(_entry(change, kind, subject, url))
    return entries


def _recognition_changes(changes: QuerySet[RecognitionStatusChange]) -> list[TimelineEntry]:
    rows = changes.select_related(
        "recorded_by",
        "recognition__arrangement",
        "recognition__scope",
        "recognition__scheme",
        "accreditation_body",
    ).order_by("-effective_on", "-recorded_at")[:TIMELINE_LENGTH]
    entries = []
    for change in rows:
        recognition = change.recognition
        scope = recognition.scope.code
        if recognition.scheme_id:
            scope = f"{scope} / {recognition.scheme.code}"
        subject = f"{recognition.arrangement.arrangement_name} — {scope}"
        entries.append(
            _entry(
                change,
                SubjectKind.RECOGNITION,
                subject,
                change.accreditation_body.get_absolute_url(),
            )
        )
    return entries


def _entry(change, kind: str, subject: str, url: str) -> TimelineEntry:
    return TimelineEntry(
        kind=kind,
        effective_on=change.effective_on,
        recorded_at=change.recorded_at,
        subject=subject,
        subject_url=url,
        old_status=change.old_status,
        new_status=change.new_status,
        source=change.source,
        note=change.note,
        recorded_by=_user(change),
    )


def _newest_first(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    entries.sort(key=lambda e: (e.effective_on, e.recorded_at), reverse=True)
    return entries[:TIMELINE_LENGTH]


def body_timeline(body_id: int) -> list[TimelineEntry]:
    """The latest status changes of a body's accreditations, newest first."""
    return _status_changes(
        StatusChange.objects.filter(body_id=body_id, accreditation__isnull=False)
    )


def accreditation_body_timeline(ab_id: int) -> list[TimelineEntry]:
    """An AB's recognition changes and the changes of accreditations it granted, newest first."""
    return _newest_first(
        _recognition_changes(RecognitionStatusChange.objects.filter(accreditation_body_id=ab_id))
        + _status_changes(
            StatusChange.objects.filter(accreditation_body_id=ab_id, accreditation__isnull=False)
        )
    )


def certificate_timeline(certificate_id: int) -> list[TimelineEntry]:
    """A certificate's status changes, newest first."""
    return _status_changes(StatusChange.objects.filter(certificate_id=certificate_id))
