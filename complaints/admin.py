"""Triage of reports from the public. A reporter's email is shown to staff only, here."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accreditation.admin.curation import CuratedAdmin, change_link
from complaints.models import Report, ReportStatus
from complaints.services import triage_reports


@admin.register(Report)
class ReportAdmin(CuratedAdmin):
    list_display = ["__str__", "kind", "status", "subject", "short_description", "email"]
    list_filter = ["status", "kind"]
    list_select_related = ["body", "certificate"]
    search_fields = ["description", "subject_text", "email", "body__name"]
    autocomplete_fields = ["body", "certificate"]
    date_hierarchy = "created_at"
    history_list_display = ["status"]
    actions = ["mark_triaged", "mark_forwarded", "mark_closed"]
    fieldsets = [
        (None, {"fields": ["kind", "status", "created_at"]}),
        (_("About"), {"fields": ["body", "certificate", "subject_text", "description"]}),
        (_("Staff only"), {"fields": ["email", "staff_note"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Report | None = None) -> list:
        # The status moves through the triage actions, one recorded step at a time.
        return ["status", "created_at"] if obj is not None else ["status"]

    @admin.display(description=_("subject"))
    def subject(self, report: Report) -> str:
        if report.certificate:
            return change_link(report.certificate)
        if report.body:
            return change_link(report.body)
        return report.subject_text

    @admin.display(description=_("description"))
    def short_description(self, report: Report) -> str:
        return Truncator(report.description).chars(80)

    @admin.action(permissions=["change"], description=_("Mark selected reports as triaged"))
    def mark_triaged(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._triage(request, queryset, ReportStatus.TRIAGED)

    @admin.action(permissions=["change"], description=_("Mark selected reports as forwarded"))
    def mark_forwarded(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._triage(request, queryset, ReportStatus.FORWARDED)

    @admin.action(permissions=["change"], description=_("Close selected reports"))
    def mark_closed(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._triage(request, queryset, ReportStatus.CLOSED)

    def _triage(self, request: HttpRequest, queryset: QuerySet, new_status: str) -> None:
        reports = list(queryset)
        moved = triage_reports(reports=reports, new_status=new_status, recorded_by=request.user)
        label = ReportStatus(new_status).label
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report is now “%(status)s”.",
                    "%(count)d reports are now “%(status)s”.",
                    len(moved),
                )
                % {"count": len(moved), "status": label},
                messages.SUCCESS,
            )
        if skipped := len(reports) - len(moved):
            self.message_user(
                request,
                gettext(
                    "%(count)d left unchanged: “%(status)s” is not their next step "
                    "(new → triaged → forwarded → closed)."
                )
                % {"count": skipped, "status": label},
                messages.WARNING,
            )
