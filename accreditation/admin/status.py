"""Status changes in the admin: bulk actions and a per-object form (timelines: `timeline`).

Every status change goes through `accreditation.services` so that it is recorded with its
effective date, source and author. The `status` field is therefore read-only on change
forms; curators use the actions (suspend / withdraw / reinstate, with a confirmation page
like Django's delete confirmation) or the "Change status" page of one object.
"""

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import model_ngettext, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accreditation.admin.curation import change_url
from accreditation.services import change_status, change_statuses, status_label

SUSPENDED = "suspended"
WITHDRAWN = "withdrawn"

# Each row is validated and saved with its history: bulk changes stay small enough to
# finish in one request and one transaction.
MAX_BULK_STATUS_CHANGES = 500


class StatusChangeForm(forms.Form):
    """What every status change records besides old -> new."""

    required_css_class = "required"

    effective_on = forms.DateField(
        label=_("Effective date"),
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("The day the change took effect, as the source says."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=500,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text=_("The URL or document (title, reference, date) that publishes the change."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Optional: anything a reader of the timeline should know."),
    )

    def clean_effective_on(self) -> datetime.date:
        day = self.cleaned_data["effective_on"]
        if day > timezone.localdate():
            raise ValidationError(
                _("The effective date is in the future: record the change once it applies."),
                code="future",
            )
        return day


class SingleStatusChangeForm(StatusChangeForm):
    """The same, for one object, with the new status to choose (any but the current one)."""

    field_order = ["new_status", "effective_on", "source", "note"]

    def __init__(self, *args, subject: models.Model, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = subject._meta.get_field("status").flatchoices
        self.fields["new_status"] = forms.ChoiceField(
            label=_("New status"),
            choices=[(value, label) for value, label in choices if value != subject.status],
        )
        self.order_fields(self.field_order)


def _status_action(name: str, new_status: str | None, description: str) -> Callable:
    """A bulk action to `new_status` (None: the admin's `reinstate_status`)."""

    @admin.action(permissions=["change"], description=description)
    def action(
        modeladmin: "StatusActionsMixin", request: HttpRequest, queryset: models.QuerySet
    ) -> HttpResponse | None:
        status = new_status or modeladmin.reinstate_status
        return modeladmin._status_action(request, queryset, status, name)

    action.__name__ = name
    return action


class StatusActionsMixin:
    """Suspend / withdraw / reinstate actions and a per-object status page for a ModelAdmin.

    `reinstate_status` is what "reinstate" means for the model (active, valid, signatory).
    The status is read-only on change forms (but may be set when adding a row).
    """

    reinstate_status: str
    actions = ["suspend_selected", "withdraw_selected", "reinstate_selected"]
    status_confirmation_template = "admin/status_change_confirmation.html"

    suspend_selected = _status_action(
        "suspend_selected", SUSPENDED, _("Suspend selected %(verbose_name_plural)s")
    )
    withdraw_selected = _status_action(
        "withdraw_selected", WITHDRAWN, _("Withdraw selected %(verbose_name_plural)s")
    )
    reinstate_selected = _status_action(
        "reinstate_selected", None, _("Reinstate selected %(verbose_name_plural)s")
    )

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> list:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and "status" not in readonly:
            readonly.append("status")
        return readonly

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name=f"{opts.app_label}_{opts.model_name}_status",
            ),
            *super().get_urls(),
        ]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        extra_context = extra_context or {}
        if self.has_change_permission(request):
            opts = self.model._meta
            extra_context["status_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_status",
                args=[object_id],
                current_app=self.admin_site.name,
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def status_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Change the status of one object, with the same record as the bulk actions."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        form = SingleStatusChangeForm(
            request.POST if request.method == "POST" else None, subject=obj
        )
        if form.is_bound and form.is_valid():
            try:
                change_status(subject=obj, recorded_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("The status of %(subject)s is now “%(status)s”.")
                    % {"subject": obj, "status": obj.get_status_display()},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url(obj))
        return self._render_confirmation(
            request,
            form=form,
            subjects=[obj],
            title=gettext("Change the status of %(subject)s") % {"subject": obj},
        )

    def _status_action(
        self, request: HttpRequest, queryset: models.QuerySet, new_status: str, action: str
    ) -> HttpResponse | None:
        subjects = list(queryset[: MAX_BULK_STATUS_CHANGES + 1])
        if len(subjects) > MAX_BULK_STATUS_CHANGES:
            self.message_user(
                request,
                gettext("Select at most %(max)d rows for a status change.")
                % {"max": MAX_BULK_STATUS_CHANGES},
                messages.ERROR,
            )
            return None
        label = status_label(self.model, new_status)
        form = StatusChangeForm(request.POST if "post" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                changes = change_statuses(
                    subjects=subjects,
                    new_status=new_status,
                    recorded_by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self._report_bulk_result(request, len(subjects), len(changes), label)
                return None
        return self._render_confirmation(
            request,
            form=form,
            subjects=subjects,
            new_status=new_status,
            action=action,
            title=gettext("Change the status of %(count)d %(name)s to “%(status)s”")
            % {
                "count": len(subjects),
                "name": model_ngettext(self.opts, len(subjects)),
                "status": label,
            },
        )

    def _report_bulk_result(
        self, request: HttpRequest, selected: int, changed: int, label: str
    ) -> None:
        if changed:
            self.message_user(
                request,
                gettext("Changed the status of %(count)d %(name)s to “%(status)s”.")
                % {"count": changed, "name": model_ngettext(self.opts, changed), "status": label},
                messages.SUCCESS,
            )
        if skipped := selected - changed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d %(name)s was already “%(status)s” and was left unchanged.",
                    "%(count)d %(name)s were already “%(status)s” and were left unchanged.",
                    skipped,
                )
                % {"count": skipped, "name": model_ngettext(self.opts, skipped), "status": label},
                messages.WARNING,
            )

    def _render_confirmation(
        self,
        request: HttpRequest,
        *,
        form: forms.Form,
        subjects: list[models.Model],
        title: str,
        new_status: str | None = None,
        action: str | None = None,
    ) -> TemplateResponse:
        opts = self.model._meta
        rows = [
            {
                "subject": subject,
                "url": change_url(subject),
                "current": subject.get_status_display(),
                "unchanged": subject.status == new_status,
            }
            for subject in subjects
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": opts,
            "form": form,
            "rows": rows,
            "new_status_label": status_label(self.model, new_status) if new_status else None,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.status_confirmation_template, context)
