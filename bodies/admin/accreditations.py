"""Curation of accreditations and of the status timeline of accreditations and certificates."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accreditation.admin.curation import CuratedAdmin, EstimatedCountPaginator, change_link
from accreditation.admin.status import StatusActionsMixin
from accreditation.admin.timeline import StatusChangeRecordAdmin, StatusTimelineInline
from bodies.admin.filters import RecognisedAccreditationFilter, demo_filter, expiry_filter
from bodies.models import Accreditation, AccreditationStatus, StatusChange


class AccreditationTimelineInline(StatusTimelineInline):
    model = StatusChange
    fk_name = "accreditation"


@admin.register(Accreditation)
class AccreditationAdmin(StatusActionsMixin, CuratedAdmin):
    reinstate_status = AccreditationStatus.ACTIVE
    # The first column links to the change page, so it must not hold a link itself.
    list_display = [
        "number_display",
        "body_link",
        "accreditation_body",
        "standard",
        "status",
        "granted_on",
        "expires_on",
        "last_checked_on",
    ]
    list_filter = [
        "status",
        expiry_filter(),
        RecognisedAccreditationFilter,
        ("standard", admin.RelatedOnlyFieldListFilter),
        ("accreditation_body", admin.RelatedOnlyFieldListFilter),
        demo_filter("body"),
    ]
    list_select_related = ["body", "accreditation_body", "standard"]
    search_fields = ["number", "body__name", "body__acronym", "accreditation_body__acronym"]
    autocomplete_fields = ["body", "accreditation_body", "standard", "schemes", "sectors"]
    history_list_display = ["status"]
    inlines = [AccreditationTimelineInline]
    fieldsets = [
        (None, {"fields": ["body", "accreditation_body", "standard", "number", "status"]}),
        (_("Dates"), {"fields": ["granted_on", "expires_on", "as_of", "last_checked_on"]}),
        (_("Scope"), {"fields": ["schemes", "sectors", "scope_url"]}),
        (_("Provenance"), {"fields": ["source_url", "source_refs", "basis", "note"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # str(accreditation) names the body, the AB and the standard: the autocomplete
        # results of other forms (certificates) use this queryset, not list_select_related.
        queryset = super().get_queryset(request)
        return queryset.select_related("body", "accreditation_body", "standard")

    @admin.display(description=_("number"), ordering="number")
    def number_display(self, accreditation: Accreditation) -> str:
        return accreditation.number or gettext("(no number)")

    @admin.display(description=_("body"), ordering="body__name")
    def body_link(self, accreditation: Accreditation) -> str:
        return change_link(accreditation.body)


class SubjectKindFilter(admin.SimpleListFilter):
    title = _("subject")
    parameter_name = "subject"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("accreditation", _("Accreditations")), ("certificate", _("Certificates"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "accreditation":
            return queryset.filter(accreditation__isnull=False)
        if self.value() == "certificate":
            return queryset.filter(certificate__isnull=False)
        return queryset


@admin.register(StatusChange)
class StatusChangeAdmin(StatusChangeRecordAdmin):
    list_display = [
        "effective_on",  # first: the link to the change page
        "subject_link",
        "transition",
        "body_link",
        "source_link",
        "recorded_by",
    ]
    list_filter = [SubjectKindFilter, *StatusChangeRecordAdmin.list_filter, demo_filter("body")]
    list_select_related = [
        "accreditation__body",
        "accreditation__accreditation_body",
        "accreditation__standard",
        "certificate",
        "body",
        "recorded_by",
    ]
    search_fields = ["body__name", "accreditation__number", "source", "note"]
    readonly_fields = [
        "accreditation",
        "certificate",
        "body",
        "accreditation_body",
        *StatusChangeRecordAdmin.readonly_fields,
    ]
    paginator = EstimatedCountPaginator
    show_full_result_count = False

    @admin.display(description=_("subject"))
    def subject_link(self, change: StatusChange) -> str:
        return change_link(change.subject)

    @admin.display(description=_("body"), ordering="body__name")
    def body_link(self, change: StatusChange) -> str:
        return change_link(change.body)
