"""Curation of certificates: a table of millions of rows on PostgreSQL.

The changelist must stay fast at 3M rows: no full COUNT (estimated paginator, no full
result count, no facets), ordering and sorting only on indexed columns, filters that
never scan the table for their choices, search by number through the normalised-number
index, and foreign keys as autocomplete widgets.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accreditation.admin.curation import (
    CuratedAdmin,
    EstimatedCountPaginator,
    change_link,
    country_column,
)
from accreditation.admin.status import StatusActionsMixin
from accreditation.admin.timeline import StatusTimelineInline
from bodies.admin.filters import demo_filter, expiry_filter
from bodies.models import Certificate, CertificateStatus, StatusChange
from bodies.queries.certificates import certificate_search


class CertificateTimelineInline(StatusTimelineInline):
    model = StatusChange
    fk_name = "certificate"


class AccreditedFilter(admin.SimpleListFilter):
    title = _("accreditation")
    parameter_name = "accredited"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", _("Issued under an accreditation")), ("no", _("Issued unaccredited"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(accreditation__isnull=self.value() == "no")
        return queryset


@admin.register(Certificate)
class CertificateAdmin(StatusActionsMixin, CuratedAdmin):
    reinstate_status = CertificateStatus.VALID
    list_display = [
        "number_display",
        "holder_name",
        country_column("holder_country"),
        "issuing_body_link",
        "scheme",
        "status",
        "expires_on",
    ]
    # RelatedFieldListFilter on `scheme` lists standards (a small table); RelatedOnly would
    # scan the certificates for the schemes in use.
    list_filter = [
        "status",
        expiry_filter(),
        AccreditedFilter,
        "scheme",
        demo_filter("issuing_body"),
    ]
    list_select_related = ["issuing_body", "scheme", "accreditation"]
    search_fields = ["number", "holder_name"]  # both searched by get_search_results
    search_help_text = _("A certificate number (case, spaces and dashes ignored) or a holder name.")
    autocomplete_fields = ["issuing_body", "accreditation", "scheme", "sectors"]
    readonly_fields = ["number_normalised", "created_at", "updated_at"]
    history_list_display = ["status"]
    inlines = [CertificateTimelineInline]
    ordering = ["-pk"]  # newest first, on the primary key index
    sortable_by = ["number_display"]
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fieldsets = [
        (None, {"fields": ["number", "number_normalised", "status"]}),
        (_("Holder"), {"fields": ["holder_name", "holder_country", "scope", "sectors"]}),
        (_("Issued by"), {"fields": ["issuing_body", "accreditation", "scheme"]}),
        (_("Dates"), {"fields": ["issued_on", "expires_on", "created_at", "updated_at"]}),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        # The whole term is one number or name ("AB 123" is not two words to AND).
        if not search_term.strip():
            return queryset, False
        return queryset.filter(certificate_search(search_term)), False

    @admin.display(description=_("number"), ordering="number_normalised")
    def number_display(self, certificate: Certificate) -> str:
        return certificate.number

    @admin.display(description=_("issuing body"), ordering="issuing_body__name")
    def issuing_body_link(self, certificate: Certificate) -> str:
        return change_link(certificate.issuing_body)
