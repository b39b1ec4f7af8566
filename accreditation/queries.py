"""Read paths of the reference world, with the joins their pages need."""

import datetime

from django.db.models import Q

from accreditation.models import Recognition, RecognitionQuerySet, Standard, StandardKind


def current_recognitions_for(
    standard: Standard, *, on: datetime.date | None = None
) -> RecognitionQuerySet:
    """Recognitions in force on a day that cover a CASCO standard or a scheme.

    A scheme (ISO 9001) is covered by recognitions for its CASCO standard (ISO/IEC
    17021-1) that name that scheme (QMS) or no scheme at all ("Management systems", or a
    signatory whose scopes were not captured). Anything else covers nothing. Rows with
    basis `unverified` are included: callers show the basis rather than hide the row.
    """
    recognitions = Recognition.objects.current(on=on).select_related(
        "accreditation_body", "arrangement", "scope", "scheme"
    )
    if standard.kind == StandardKind.CASCO:
        return recognitions.filter(scope=standard)
    if standard.kind == StandardKind.SCHEME and standard.casco_standard_id:
        return recognitions.filter(
            Q(scheme=standard) | Q(scheme__isnull=True), scope_id=standard.casco_standard_id
        )
    return recognitions.none()
