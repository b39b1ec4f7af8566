"""The SQL side of "recognised for a scope" (BRIEF.md): one definition for every list.

An accreditation A (by AB X, against CASCO standard S, covering schemes Sch(A)) is recognised
on day D when a row R of `Recognition.objects.current(on=D)` has R.accreditation_body = X,
R.scope = S and R.scheme null or in Sch(A) — or, when the user asked for scheme K, R.scheme
= K. The Python twin is `bodies.evaluation.recognition.recognitions_for`; a test runs both
over the same rows.
"""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from accreditation.models import Recognition, RecognitionBasis, Standard
from bodies.models import Accreditation

AccreditationSchemes = Accreditation.schemes.through


def recognised_q(
    *, on: datetime.date, scheme: Standard | int | None = None, verified_only: bool = False
) -> Exists:
    """A condition on Accreditation rows: recognised on `on` (for `scheme`, if given).

    `verified_only` keeps recognitions whose basis is a found source: the SQL of a passing
    "recognised" check (an unverified recognition still counts as recognised, with a warning).
    """
    recognitions = Recognition.objects.current(on=on).filter(
        accreditation_body=OuterRef("accreditation_body"), scope=OuterRef("standard")
    )
    if scheme is None:
        covered = AccreditationSchemes.objects.filter(accreditation=OuterRef(OuterRef("pk")))
        recognitions = recognitions.filter(
            Q(scheme__isnull=True) | Q(scheme__in=covered.values("standard"))
        )
    else:
        recognitions = recognitions.filter(Q(scheme__isnull=True) | Q(scheme=scheme))
    if verified_only:
        recognitions = recognitions.filter(basis=RecognitionBasis.FOUND)
    return Exists(recognitions)


def recognised_accreditations(
    *, on: datetime.date, scheme: Standard | int | None = None
) -> QuerySet[Accreditation]:
    return Accreditation.objects.filter(recognised_q(on=on, scheme=scheme))
