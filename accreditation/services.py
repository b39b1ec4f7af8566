"""Writes that touch more than one row: status changes recorded on their timeline.

A status change of an accreditation, a certificate or a recognition is two writes that must
happen together: the subject's `status` (simple-history records who and when) and a dated
timeline row (`StatusChangeRecord`: effective date, old -> new, source). They live here, in
the app at the bottom of the dependency graph, so that `bodies` (admin actions) and imports
can call them while this app still imports nothing from `bodies`: the subject builds its own
timeline row (`build_status_change`).
"""

import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accreditation.models import StatusChangeRecord

# simple-history stores the change reason in a CharField(max_length=100).
_CHANGE_REASON_MAX_LENGTH = 100


class StatusSubject(Protocol):
    """A model with a `status` field with choices that builds its own timeline rows."""

    pk: Any
    status: str

    def build_status_change(self, **fields: Any) -> StatusChangeRecord: ...

    def full_clean(self) -> None: ...

    def save(self) -> None: ...


def status_label(model: type[models.Model], status: str) -> str:
    """The human label of a status value of `model` ("withdrawn" -> "Withdrawn")."""
    return str(dict(model._meta.get_field("status").flatchoices).get(status, status))


def check_status_choice(model: type[models.Model], new_status: str) -> None:
    """Reject a status that is not one of the model's choices, naming the valid ones."""
    choices = dict(model._meta.get_field("status").flatchoices)
    if new_status not in choices:
        raise ValidationError(
            _("“%(status)s” is not a valid %(model)s status; choose one of: %(choices)s."),
            code="invalid_status",
            params={
                "status": new_status,
                "model": model._meta.verbose_name,
                "choices": ", ".join(str(label) for label in choices.values()),
            },
        )


def change_status(
    *,
    subject: StatusSubject,
    new_status: str,
    effective_on: datetime.date,
    source: str = "",
    note: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> StatusChangeRecord:
    """Set `subject.status` and record the change on its timeline, both or neither.

    The old status is read from the locked database row, not from the (possibly stale)
    object, so two curators cannot record the same transition twice.
    """
    with transaction.atomic():
        changes = change_statuses(
            subjects=[subject],
            new_status=new_status,
            effective_on=effective_on,
            source=source,
            note=note,
            recorded_by=recorded_by,
        )
        if not changes:
            raise ValidationError(
                _("%(subject)s is already “%(status)s”."),
                code="unchanged",
                params={"subject": subject, "status": status_label(type(subject), new_status)},
            )
    return changes[0]


def change_statuses(
    *,
    subjects: Iterable[StatusSubject],
    new_status: str,
    effective_on: datetime.date,
    source: str = "",
    note: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> list[StatusChangeRecord]:
    """Apply one status change to many rows in one transaction; return the changes made.

    Rows already in `new_status` are skipped (a bulk action over a mixed selection should
    not fail because of them). Any other invalid row aborts the whole batch, with an error
    that names the row.
    """
    subjects = list(subjects)
    models_ = {type(subject) for subject in subjects}
    for model in models_:
        check_status_choice(model, new_status)
    fields = {
        "new_status": new_status,
        "effective_on": effective_on,
        "source": source,
        "note": note,
        "recorded_by": recorded_by,
    }
    changes: list[StatusChangeRecord] = []
    with transaction.atomic():
        current: dict[tuple[type, Any], str] = {}
        for model in models_:
            pks = [subject.pk for subject in subjects if type(subject) is model]
            current |= _locked_statuses(model, pks)
        for subject in subjects:
            old_status = _current_status(subject, current)
            if old_status == new_status:
                continue
            try:
                change = _record(subject, old_status=old_status, **fields)
            except ValidationError as error:
                raise ValidationError(
                    _("%(subject)s: %(errors)s"),
                    code="invalid_subject",
                    params={"subject": subject, "errors": " ".join(error.messages)},
                ) from error
            changes.append(change)
    return changes


def _locked_statuses(model: type[models.Model], pks: list[Any]) -> dict[tuple[type, Any], str]:
    """The stored status of each row, locked until the transaction ends (PostgreSQL)."""
    rows = model._default_manager.select_for_update().filter(pk__in=pks)
    return {(model, pk): status for pk, status in rows.values_list("pk", "status")}


def _current_status(subject: StatusSubject, current: dict[tuple[type, Any], str]) -> str:
    key = (type(subject), subject.pk)
    if key not in current:
        raise ValidationError(
            _("%(subject)s no longer exists."), code="missing", params={"subject": subject}
        )
    return current[key]


def _record(
    subject: StatusSubject,
    *,
    old_status: str,
    new_status: str,
    effective_on: datetime.date,
    recorded_by: AbstractBaseUser | None,
    **fields: str,
) -> StatusChangeRecord:
    change = subject.build_status_change(
        old_status=old_status,
        new_status=new_status,
        effective_on=effective_on,
        recorded_by=recorded_by,
        **fields,
    )
    subject.status = new_status
    if recorded_by is not None:
        # simple-history reads the author from here; without it, from the request.
        subject._history_user = recorded_by  # type: ignore[attr-defined]
    reason = gettext("Status %(old)s → %(new)s, effective %(date)s") % {
        "old": old_status or "—",
        "new": new_status,
        "date": effective_on.isoformat(),
    }
    subject._change_reason = reason[:_CHANGE_REASON_MAX_LENGTH]  # type: ignore[attr-defined]
    subject.full_clean()
    subject.save()
    change.full_clean()
    change.save()
    return change
