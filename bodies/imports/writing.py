"""What both imports do when they write: roll back on demand, record status changes."""

import datetime
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from accreditation.services import change_statuses
from bodies.imports.reading import ImportReport


class Rollback(Exception):  # noqa: N818 - a control signal, not an error
    """Raised inside the import's transaction to undo it (dry run, or rows refused)."""


def record_status_changes(
    by_status: Mapping[str, Sequence[models.Model]],
    *,
    report: ImportReport,
    source: str,
    effective_on: datetime.date,
    recorded_by: AbstractBaseUser | None,
) -> None:
    """Move each row to its new status through the one status-change service.

    `change_statuses` writes the status, its timeline row and the simple-history entry
    together; the rows are grouped by their new status because it takes one per call.
    """
    for status, subjects in by_status.items():
        report.status_changes += len(
            change_statuses(
                subjects=subjects,
                new_status=status,
                effective_on=effective_on,
                source=source,
                recorded_by=recorded_by,
            )
        )
