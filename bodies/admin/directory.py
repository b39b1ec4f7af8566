"""Curation of bodies and their offices (and accreditations, inline)."""

from django.contrib import admin
from django.db.models import TextField
from django.forms import Textarea
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accreditation.admin.curation import (
    ConstraintAwareInlineFormSet,
    CuratedAdmin,
    change_link,
    country_column,
)
from bodies.admin.filters import SharesCertificatesFilter, demo_filter
from bodies.models import Accreditation, Body, Office


class OfficeInline(admin.TabularInline):
    model = Office
    formset = ConstraintAwareInlineFormSet
    fields = ["country", "city", "address", "is_head_office", "is_accredited_location"]
    formfield_overrides = {TextField: {"widget": Textarea(attrs={"rows": 2, "cols": 40})}}
    extra = 0


class AccreditationInline(admin.TabularInline):
    model = Accreditation
    formset = ConstraintAwareInlineFormSet
    fields = [
        "accreditation_body",
        "standard",
        "number",
        "status",
        "granted_on",
        "expires_on",
        "last_checked_on",
    ]
    readonly_fields = ["status"]  # changed through the status actions, with a timeline row
    autocomplete_fields = ["accreditation_body", "standard"]
    extra = 0
    show_change_link = True


@admin.register(Body)
class BodyAdmin(CuratedAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        country_column(),
        "city",
        "is_demo",
        "certificates_updated_at",
        "certificates_link",
    ]
    list_filter = ["kind", demo_filter(), SharesCertificatesFilter, "country"]
    search_fields = ["name", "acronym", "slug", "city"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [OfficeInline, AccreditationInline]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "group", "is_demo"]}),
        (
            _("Head office and contact"),
            {"fields": ["country", "city", "address", "website", "email", "phone"]},
        ),
        (_("About"), {"fields": ["founded_year", "description", "notes"]}),
        (
            _("Data"),
            {
                "fields": [
                    "certificates_updated_at",
                    "source_refs",
                    "basis",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("certificates"))
    def certificates_link(self, body: Body) -> str:
        # A link, never a count: a body may hold hundreds of thousands of certificates.
        url = reverse("admin:bodies_certificate_changelist")
        return format_html(
            '<a href="{}?issuing_body__id__exact={}">{}</a>', url, body.pk, _("Certificates")
        )


@admin.register(Office)
class OfficeAdmin(CuratedAdmin):
    list_display = ["__str__", "body_link", country_column(), "city", "is_head_office"]
    list_filter = ["is_head_office", "is_accredited_location", demo_filter("body")]
    list_select_related = ["body"]
    search_fields = ["body__name", "body__acronym", "city"]
    autocomplete_fields = ["body"]

    @admin.display(description=_("body"), ordering="body__name")
    def body_link(self, office: Office) -> str:
        return change_link(office.body)
