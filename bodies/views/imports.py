"""Staff upload pages for the certificate and accreditation imports (under the admin).

The same services as `manage.py import_certificates` / `import_accreditations`: the page
shows the columns, runs the import and lists every bad row with its line and column.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bodies.imports import accreditations, certificates
from bodies.imports.forms import ImportUploadForm
from bodies.imports.reading import ImportFileError, ImportReport
from bodies.models import Accreditation, Certificate

_IMPORTS: dict[str, tuple[Callable[..., ImportReport], type, object]] = {
    "certificates": (certificates.import_certificates, Certificate, certificates),
    "accreditations": (accreditations.import_accreditations, Accreditation, accreditations),
}
_TITLES = {
    "certificates": gettext_lazy("Import certificates"),
    "accreditations": gettext_lazy("Import accreditations"),
}


def _columns(module: object) -> list[dict[str, object]]:
    return [
        {"name": column, "required": column in module.REQUIRED}
        for column in [*module.REQUIRED, *module.OPTIONAL]
    ]


@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, kind: str) -> HttpResponse:
    importer, model, module = _IMPORTS[kind]
    opts = model._meta
    needed = [
        f"{opts.app_label}.add_{opts.model_name}",
        f"{opts.app_label}.change_{opts.model_name}",
    ]
    if not request.user.has_perms(needed):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = importer(
                stream=upload.file,
                name=upload.name,
                source=form.cleaned_data["source"],
                skip_invalid=form.cleaned_data["skip_invalid"],
                effective_on=form.cleaned_data["effective_on"],
                dry_run=form.cleaned_data["dry_run"],
                recorded_by=request.user,
            )
        except ImportFileError as error:
            form.add_error("file", ValidationError(str(error)))
    context = {
        **admin.site.each_context(request),
        "title": _TITLES[kind],
        "opts": opts,
        "form": form,
        "report": report,
        "columns": _columns(module),
        "max_size": settings.CERTDIR_IMPORT_MAX_BYTES,
    }
    return render(request, "admin/bodies/import.html", context)


def page_for(kind: str) -> Callable[[HttpRequest], HttpResponse]:
    """The staff-only page for one import (login through the admin, like its other pages)."""

    def view(request: HttpRequest) -> HttpResponse:
        return import_page(request, kind)

    view.__name__ = f"import_{kind}"
    return admin.site.admin_view(view)
