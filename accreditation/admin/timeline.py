"""Timelines in the admin: the status changes of a subject, as an inline and as a list.

Rows are written by `accreditation.services` only; here they are read, and their wording
(effective date, source, note) can be corrected.
"""

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accreditation.services import status_label


class TimelineColumns:
    """The columns every view of a timeline shows (admin and inline)."""

    @admin.display(description=_("change"))
    def transition(self, change: models.Model) -> str:
        return transition(change)

    @admin.display(description=_("source"))
    def source_link(self, change: models.Model) -> str:
        return source_link(change.source)


class StatusTimelineInline(TimelineColumns, admin.TabularInline):
    """The timeline rows of one subject, read-only (they are written by the services)."""

    fields = ["effective_on", "transition", "source_link", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("status timeline")

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return super().get_queryset(request).select_related("recorded_by")

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


def transition(change: models.Model) -> str:
    """'Active → Suspended', in the labels of the subject's model (no query)."""
    subject_model = next(
        field.related_model
        for field in change._meta.concrete_fields
        if field.is_relation
        and hasattr(field.related_model, "build_status_change")
        and getattr(change, field.attname) is not None
    )

    def label(status: str) -> str:
        return status_label(subject_model, status) if status else "—"

    return f"{label(change.old_status)} → {label(change.new_status)}"


def source_link(source: str) -> str:
    """A link when the source is a URL, the text otherwise (a document reference)."""
    if source.startswith(("https://", "http://")):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', source, source)
    return source


class StatusChangeRecordAdmin(TimelineColumns, admin.ModelAdmin):
    """Admin of a timeline model: rows come from status changes; their wording can be fixed.

    Adding one by hand would not change the subject's status, so adding is off; the
    effective date, source and note stay editable for corrections (logged by the admin).
    """

    list_filter = ["new_status", "old_status"]
    readonly_fields = ["old_status", "new_status", "recorded_by", "recorded_at"]
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
