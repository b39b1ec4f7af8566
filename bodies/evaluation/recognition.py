"""The Python side of "recognised for a scope" (BRIEF.md), for prefetched rows.

Kept equal to the SQL side, `bodies.queries.recognition`; a test runs both over the same
rows and compares them.
"""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accreditation.models import (
    AccreditationBody,
    CooperationLevel,
    Recognition,
    RecognitionStatus,
    Standard,
    Standing,
)
from bodies.models import Accreditation


def format_date(day: datetime.date | None) -> str:
    return date_format(day) if day else "—"


def recognition_in_force(
    recognition: Recognition, ab: AccreditationBody, day: datetime.date
) -> bool:
    """Python twin of `Recognition.objects.current(on=day)` for one prefetched row."""
    arrangement = recognition.arrangement
    return (
        recognition.status == RecognitionStatus.SIGNATORY
        and (recognition.since is None or recognition.since <= day)
        and (recognition.until is None or recognition.until >= day)
        and arrangement.level == CooperationLevel.GLOBAL
        and (
            arrangement.recognitions_valid_until is None
            or arrangement.recognitions_valid_until >= day
        )
        and ab.standing == Standing.LISTED
    )


def wanted_scheme_ids(accreditation: Accreditation, scheme: Standard | None) -> set[int]:
    """Sub-scopes that count: the scheme the buyer asked for, else any the accreditation covers."""
    if scheme is not None:
        return {scheme.pk}
    return {covered.pk for covered in accreditation.schemes.all()}


def recognitions_for(
    accreditation: Accreditation, *, day: datetime.date, scheme: Standard | None = None
) -> list[Recognition]:
    """The current recognitions that make this accreditation recognised on `day`.

    Same AB, scope = the accreditation's CASCO standard, and no scheme sub-scope or one
    the accreditation covers — or, when the buyer asked for `scheme`, exactly that one.
    """
    ab = accreditation.accreditation_body
    wanted = wanted_scheme_ids(accreditation, scheme)
    return [
        recognition
        for recognition in ab.recognitions.all()
        if recognition.scope_id == accreditation.standard_id
        and (recognition.scheme_id is None or recognition.scheme_id in wanted)
        and recognition_in_force(recognition, ab, day)
    ]


def describe(recognition: Recognition) -> str:
    """One line of evidence: arrangement, scope and sub-scope, status, dates and basis."""
    scope = [recognition.arrangement.arrangement_name, recognition.scope.code]
    if recognition.scheme_id:
        scope.append(f"({recognition.scheme.code})")
    if recognition.activity:
        scope.append(f"[{recognition.activity}]")
    details = [str(recognition.get_status_display())]
    if recognition.since:
        details.append(_("since %(date)s") % {"date": format_date(recognition.since)})
    if recognition.until:
        details.append(_("until %(date)s") % {"date": format_date(recognition.until)})
    valid_until = recognition.arrangement.recognitions_valid_until
    if valid_until:
        details.append(
            _("counts until %(date)s (transition to Global Accreditation Cooperation)")
            % {"date": format_date(valid_until)}
        )
    details.append(_("found in a source") if recognition.is_verified else _("unverified"))
    return f"{' '.join(scope)}: {', '.join(details)}"


def why_not_current(
    recognition: Recognition, ab: AccreditationBody, day: datetime.date, wanted: set[int]
) -> str:
    """Why a recognition for the right scope does not count (shown as evidence of a fail)."""
    arrangement = recognition.arrangement
    if recognition.scheme_id and recognition.scheme_id not in wanted:
        return _("for another scheme only")
    if arrangement.level != CooperationLevel.GLOBAL:
        return _("a regional arrangement, not a global one")
    if recognition.status != RecognitionStatus.SIGNATORY:
        return str(recognition.get_status_display())
    if arrangement.recognitions_valid_until and arrangement.recognitions_valid_until < day:
        return _("the transition ended on %(date)s") % {
            "date": format_date(arrangement.recognitions_valid_until)
        }
    if recognition.until is not None and recognition.until < day:
        return _("ended on %(date)s") % {"date": format_date(recognition.until)}
    if recognition.since is not None and recognition.since > day:
        return _("starts on %(date)s") % {"date": format_date(recognition.since)}
    if ab.standing != Standing.LISTED:
        return _("the accreditation body is flagged")
    return ""
