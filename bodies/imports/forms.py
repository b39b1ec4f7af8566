"""The staff upload form of the imports (bodies/views/imports.py)."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy

from ops.uploads import validate_csv_upload


class ImportUploadForm(forms.Form):
    """Staff upload of a certificate or accreditation CSV (see bodies.imports)."""

    file = forms.FileField(label=gettext_lazy("CSV file (UTF-8)"))
    source = forms.CharField(
        label=gettext_lazy("Source"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "URL or document the data comes from; recorded with each status change. "
            "Default: the file name."
        ),
    )
    effective_on = forms.DateField(
        label=gettext_lazy("Status changes take effect on"),
        required=False,
        help_text=gettext_lazy("YYYY-MM-DD; default: today."),
    )
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Write the valid rows even if some rows are invalid"), required=False
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("Dry run: validate and count, write nothing"), required=False
    )

    def clean_file(self) -> UploadedFile:
        """Name, type, size and a first look at the bytes; the import reads the rest."""
        upload = self.cleaned_data["file"]
        validate_csv_upload(upload, max_bytes=settings.CERTDIR_IMPORT_MAX_BYTES)
        return upload
