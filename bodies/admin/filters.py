"""Changelist filters for derived states: demo or real, expiry, recognised accreditation."""

import datetime

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accreditation.models import Recognition

EXPIRY_WARNING_DAYS = 90


def demo_filter(body_path: str = "") -> type[admin.SimpleListFilter]:
    """A "demo / real" filter on the Body reached through `body_path` ("" for Body itself)."""
    lookup = f"{body_path}__is_demo" if body_path else "is_demo"

    class DemoListFilter(admin.SimpleListFilter):
        title = _("data")
        parameter_name = "data"

        def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
            return [("real", _("Real")), ("demo", _("Demo (fictional)"))]

        def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
            if self.value() in ("real", "demo"):
                return queryset.filter(**{lookup: self.value() == "demo"})
            return queryset

    return DemoListFilter


def expiry_filter(field: str = "expires_on") -> type[admin.SimpleListFilter]:
    """Expired / expires within 90 days / later, from the dates (not the stored status)."""

    class ExpiryListFilter(admin.SimpleListFilter):
        title = _("expiry")
        parameter_name = "expiry"

        def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
            return [
                ("expired", _("Expiry date passed")),
                ("soon", _("Expires within %(days)d days") % {"days": EXPIRY_WARNING_DAYS}),
                ("later", _("Expires later")),
                ("none", _("No expiry date")),
            ]

        def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
            today = timezone.localdate()
            horizon = today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
            conditions = {
                "expired": Q(**{f"{field}__lt": today}),
                "soon": Q(**{f"{field}__gte": today, f"{field}__lte": horizon}),
                "later": Q(**{f"{field}__gt": horizon}),
                "none": Q(**{f"{field}__isnull": True}),
            }
            if self.value() in conditions:
                return queryset.filter(conditions[self.value()])
            return queryset

    return ExpiryListFilter


class RecognisedAccreditationFilter(admin.SimpleListFilter):
    """Whether the accreditation body is recognised today for the accreditation's standard."""

    title = _("accreditation body recognised")
    parameter_name = "recognised"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [
            ("yes", _("Recognised for this standard")),
            ("no", _("Not recognised for this standard")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        recognised = Exists(
            Recognition.objects.current().filter(
                accreditation_body=OuterRef("accreditation_body"), scope=OuterRef("standard")
            )
        )
        if self.value() == "yes":
            return queryset.filter(recognised)
        if self.value() == "no":
            return queryset.exclude(recognised)
        return queryset


class SharesCertificatesFilter(admin.SimpleListFilter):
    title = _("certificate data")
    parameter_name = "certificates"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("shared", _("Shares certificate data")), ("none", _("No certificate data"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("shared", "none"):
            return queryset.filter(certificates_updated_at__isnull=self.value() == "none")
        return queryset
