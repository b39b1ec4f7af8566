"""Curation of the reference world: sources, standards, sectors, cooperations, ABs, recognitions."""

from django import forms
from django.contrib import admin
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accreditation.admin.curation import (
    URL_FORMFIELD_OVERRIDES,
    ConstraintAwareInlineFormSet,
    CuratedAdmin,
    CuratedModelForm,
    country_column,
)
from accreditation.admin.status import StatusActionsMixin
from accreditation.admin.timeline import StatusChangeRecordAdmin, StatusTimelineInline
from accreditation.models import (
    ACCREDITATION_BODY_KIND,
    AccreditationBody,
    BodyKind,
    Cooperation,
    Recognition,
    RecognitionStatus,
    RecognitionStatusChange,
    Sector,
    Source,
    Standard,
    SurveyFigure,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "short_citation", "url_link", "dated", "section"]
    formfield_overrides = URL_FORMFIELD_OVERRIDES
    search_fields = ["key", "citation", "url"]

    @admin.display(description=_("citation"), ordering="citation")
    def short_citation(self, source: Source) -> str:
        return Truncator(source.citation).chars(90)

    @admin.display(description=_("URL"))
    def url_link(self, source: Source) -> str:
        if not source.url:
            return ""
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', source.url, source.url)


class StandardForm(CuratedModelForm):
    """`body_kinds` (a JSON list) as checkboxes of the kinds a CASCO standard can govern."""

    body_kinds = forms.MultipleChoiceField(
        label=_("body kinds"),
        choices=[*BodyKind.choices, (ACCREDITATION_BODY_KIND, _("Accreditation body"))],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Standard._meta.get_field("body_kinds").help_text,
    )

    class Meta:
        model = Standard
        fields = ["body_kinds"]  # the admin adds the fields of its fieldsets


@admin.register(Standard)
class StandardAdmin(CuratedAdmin):
    form = StandardForm
    list_display = ["code", "title", "kind", "casco_standard", "edition_year", "verified"]
    list_filter = ["kind", ("casco_standard", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["casco_standard"]
    search_fields = ["code", "title", "slug"]
    autocomplete_fields = ["casco_standard", "requirement_documents"]
    prepopulated_fields = {"slug": ["code"]}
    fieldsets = [
        (None, {"fields": ["code", "slug", "title", "edition_year", "kind"]}),
        (_("CASCO standard"), {"fields": ["body_kinds"]}),
        (
            _("Scheme"),
            {
                "fields": [
                    "casco_standard",
                    "requirement_documents",
                    "sector_requirements_note",
                    "iaf_mla_subscope",
                ]
            },
        ),
        (_("Description"), {"fields": ["applies_to", "topic", "status_note"]}),
        (_("Provenance"), {"fields": ["source_refs", "basis"]}),
    ]

    @admin.display(description=_("verified"), boolean=True)
    def verified(self, standard: Standard) -> bool:
        return standard.is_verified


@admin.register(Sector)
class SectorAdmin(CuratedAdmin):
    list_display = ["code", "name", "nace_hint"]
    search_fields = ["code__exact", "name", "nace_hint"]
    ordering = ["code"]


@admin.register(Cooperation)
class CooperationAdmin(CuratedAdmin):
    list_display = ["acronym", "name", "arrangement", "level", "status", "recognitions_valid_until"]
    list_filter = ["level", "status"]
    search_fields = ["acronym", "name", "slug"]
    prepopulated_fields = {"slug": ["acronym"]}


class RecognitionListFilter(admin.SimpleListFilter):
    """Derived from Recognition rows (`Recognition.objects.current`), never a column."""

    title = _("recognition")
    parameter_name = "recognition"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("recognised", _("Recognised today")),
            ("not_recognised", _("Not recognised today")),
            ("flagged", _("Flagged: not in any membership source")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        current = Recognition.objects.current().values("accreditation_body")
        if self.value() == "recognised":
            return queryset.filter(pk__in=current)
        if self.value() == "not_recognised":
            return queryset.exclude(pk__in=current)
        if self.value() == "flagged":
            return queryset.not_recognised()
        return queryset


class RecognitionInline(admin.TabularInline):
    model = Recognition
    formset = ConstraintAwareInlineFormSet
    fields = ["arrangement", "scope", "scheme", "activity", "status", "since", "until", "basis"]
    readonly_fields = ["status"]  # changed through the status actions, with a timeline row
    autocomplete_fields = ["arrangement", "scope", "scheme"]
    extra = 0
    show_change_link = True


class RecognitionTimelineInline(StatusTimelineInline):
    model = RecognitionStatusChange
    fields = ["recognition", *StatusTimelineInline.fields]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .select_related(
                "recognition__accreditation_body",
                "recognition__arrangement",
                "recognition__scope",
            )
        )


class RecognitionStatusInline(StatusTimelineInline):
    model = RecognitionStatusChange
    fk_name = "recognition"


@admin.register(AccreditationBody)
class AccreditationBodyAdmin(CuratedAdmin):
    list_display = ["acronym", "name", country_column(), "region", "standing", "recognised"]
    list_filter = [RecognitionListFilter, "standing", ("region", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["region"]
    search_fields = ["acronym", "name", "slug"]
    autocomplete_fields = ["region"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [RecognitionInline, RecognitionTimelineInline]
    fieldsets = [
        (None, {"fields": ["acronym", "name", "slug", "country", "website"]}),
        (_("Cooperation"), {"fields": ["region", "other_regions"]}),
        (_("Standing"), {"fields": ["standing", "standing_note", "standing_checked_on", "claims"]}),
        (_("Notes and provenance"), {"fields": ["notes", "source_refs", "basis"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        current = Recognition.objects.current(on=timezone.localdate())
        return (
            super()
            .get_queryset(request)
            .annotate(is_recognised=Exists(current.filter(accreditation_body=OuterRef("pk"))))
        )

    @admin.display(description=_("recognised today"), boolean=True, ordering="is_recognised")
    def recognised(self, ab: AccreditationBody) -> bool:
        return ab.is_recognised


@admin.register(Recognition)
class RecognitionAdmin(StatusActionsMixin, CuratedAdmin):
    reinstate_status = RecognitionStatus.SIGNATORY
    list_display = [
        "accreditation_body",
        "arrangement",
        "scope",
        "scheme",
        "activity",
        "status",
        "since",
        "until",
        "basis",
    ]
    list_filter = [
        "status",
        "basis",
        ("arrangement", admin.RelatedOnlyFieldListFilter),
        ("scope", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["accreditation_body", "arrangement", "scope", "scheme"]
    search_fields = ["accreditation_body__acronym", "accreditation_body__name", "activity"]
    autocomplete_fields = ["accreditation_body", "arrangement", "scope", "scheme"]
    history_list_display = ["status"]
    inlines = [RecognitionStatusInline]


@admin.register(RecognitionStatusChange)
class RecognitionStatusChangeAdmin(StatusChangeRecordAdmin):
    list_display = ["recognition", "transition", "effective_on", "source_link", "recorded_by"]
    list_select_related = [
        "recognition__accreditation_body",
        "recognition__arrangement",
        "recognition__scope",
        "recorded_by",
    ]
    search_fields = ["accreditation_body__acronym", "source", "note"]
    readonly_fields = [
        "recognition",
        "accreditation_body",
        *StatusChangeRecordAdmin.readonly_fields,
    ]


@admin.register(SurveyFigure)
class SurveyFigureAdmin(admin.ModelAdmin):
    """Read-only: iso_survey.csv owns these rows and `load_reference` rewrites them, so an
    edit here would be lost on the next load. Correct the file instead."""

    list_display = ["year", "standard_label", "breakdown", "country", "sector", "certificates"]
    list_filter = ["year", "breakdown"]
    list_select_related = ["standard", "sector"]
    search_fields = ["standard_label", "note", "source_refs"]
    ordering = ["-year", "standard_label", "country"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SurveyFigure | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SurveyFigure | None = None) -> bool:
        return False
