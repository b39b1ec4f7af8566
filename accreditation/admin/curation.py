"""Building blocks shared by every certdir ModelAdmin (this app is imported by all others).

- `CuratedAdmin`: simple-history's admin with reverting switched off (a revert would bypass
  the status timeline) and forms that validate constraints over generated columns.
- `ConstraintAwareInlineFormSet`: conditional unique constraints checked across inline rows.
- `EstimatedCountPaginator`: the planner's row estimate instead of COUNT(*) on big tables.
- `change_link`, `country_column`: list columns.
"""

import json
from collections.abc import Callable
from functools import cached_property

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


def change_url(obj: models.Model) -> str:
    """The admin change page of any registered object."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def change_link(obj: models.Model | None, text: str | None = None) -> str:
    """A link to the change page of `obj` (empty for None), for list_display columns."""
    if obj is None:
        return ""
    return format_html('<a href="{}">{}</a>', change_url(obj), text or str(obj))


class CuratedModelForm(forms.ModelForm):
    """A ModelForm that also validates constraints over database-generated columns.

    A GeneratedField is never on a form, so Django excludes it from validation and skips
    every constraint that names it (`certificate_number_unique_per_body` would then reach
    the database as an IntegrityError). Keeping it in is safe: constraint validation
    computes it from its source fields and still skips it when those are excluded.
    """

    def _get_validation_exclusions(self) -> set[str]:
        exclude = super()._get_validation_exclusions()
        return exclude - {f.name for f in self.instance._meta.concrete_fields if f.generated}


class ConstraintAwareInlineFormSet(BaseInlineFormSet):
    """Checks conditional unique constraints across the rows of one inline.

    Django checks unconditional unique constraints across a formset, but neither conditional
    ones (`condition=...`) nor, per row, any constraint naming the parent's foreign key.
    Without this, two head offices ticked in one submit reach the database as an
    IntegrityError. An inline shows all of the parent's rows, so the check is complete.
    """

    form = CuratedModelForm

    def clean(self) -> None:
        super().clean()
        rows = [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]
        for constraint in self.model._meta.constraints:
            if (
                isinstance(constraint, models.UniqueConstraint)
                and constraint.fields
                and constraint.condition is not None
            ):
                self._check_unique_among_rows(constraint, rows)

    def _check_unique_among_rows(
        self, constraint: models.UniqueConstraint, rows: list[forms.ModelForm]
    ) -> None:
        # The condition is evaluated exactly as the database would, through a throwaway
        # check constraint (one small query per row).
        condition = models.CheckConstraint(condition=constraint.condition, name="_condition")
        seen: set[tuple] = set()
        for form in rows:
            key = self._row_key(constraint, form.instance)
            if key is None:
                continue
            try:
                condition.validate(self.model, form.instance)
            except ValidationError:
                continue  # the condition does not hold: the constraint does not apply
            if key in seen:
                raise ValidationError(constraint.get_violation_error_message(), code="unique")
            seen.add(key)

    def _row_key(self, constraint: models.UniqueConstraint, instance: models.Model) -> tuple | None:
        key = []
        for name in constraint.fields:
            if name == self.fk.name:
                key.append("parent")  # the same parent for every row, saved or not yet
                continue
            value = getattr(instance, instance._meta.get_field(name).attname)
            if value is None:
                return None  # NULLs never collide in a unique constraint
            key.append(value)
        return tuple(key)


def country_column(field: str = "country") -> Callable[[models.Model], str]:
    """A list column with the country's name.

    The admin's default display of a choices field rebuilds the list of ~250 countries for
    every row (a third of the certificate changelist's time); this is one dict lookup.
    """

    @admin.display(description=_("country"), ordering=field)
    def column(obj: models.Model) -> str:
        return getattr(obj, field).name

    column.__name__ = f"{field}_name"
    return column


# Curators paste addresses without a scheme; they are https nowadays (Django 6's default).
URL_FORMFIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


class CuratedAdmin(SimpleHistoryAdmin):
    """Base admin of every history-tracked certdir model.

    The history pages show every version with who changed what; reverting to one is off
    (SIMPLE_HISTORY_REVERT_DISABLED), because a revert writes the old status back without a
    timeline row (status changes go through `accreditation.services.change_status`).
    """

    form = CuratedModelForm
    formfield_overrides = URL_FORMFIELD_OVERRIDES

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        # simple-history saves a POST here even when the revert button is hidden.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class EstimatedCountPaginator(Paginator):
    """Exact counts for small results; on PostgreSQL, the planner's estimate for big ones.

    `SELECT COUNT(*)` over millions of certificates takes hundreds of milliseconds on every
    changelist page; the estimate costs one EXPLAIN. Results the planner expects to be small
    (a search by number, a filter by body) are counted exactly. `count_is_estimate` lets
    the pagination template say "about".
    """

    exact_below = 10_000
    count_is_estimate = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if (
            isinstance(queryset, models.QuerySet)
            and connections[queryset.db].vendor == "postgresql"
        ):
            plan = json.loads(queryset.select_related(None).order_by().explain(format="json"))
            estimate = int(plan[0]["Plan"]["Plan Rows"])
            if estimate >= self.exact_below:
                self.count_is_estimate = True
                return estimate
        return super().count
