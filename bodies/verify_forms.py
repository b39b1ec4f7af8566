"""Forms of certificate verification: one number or holder (GET), or a CSV file (POST)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.bulk_verification import decode_csv_bytes
from bodies.queries.certificates import MIN_HOLDER_SEARCH_LENGTH
from bodies.validators import clean_number
from ops.uploads import validate_csv_upload


class VerifyForm(forms.Form):
    """/verify/ by certificate number (optionally narrowed to an issuing body) or holder name.

    Submitted by GET so that every answer has a permalink.
    """

    number = forms.CharField(
        label=gettext_lazy("Certificate number"),
        required=False,
        help_text=gettext_lazy("As printed; case, spaces and dashes do not matter."),
    )
    body = forms.CharField(
        label=gettext_lazy("Issuing body (optional)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Its name, acronym or certdir address (slug)."),
    )
    holder = forms.CharField(
        label=gettext_lazy("Or: certificate holder's name"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("The certified organisation, to find certificates by name."),
    )

    def clean_number(self) -> str:
        value = self.cleaned_data["number"]
        return clean_number(value) if value.strip() else ""

    def clean_holder(self) -> str:
        value = " ".join(self.cleaned_data["holder"].split())
        if value and len(value) < MIN_HOLDER_SEARCH_LENGTH:
            raise ValidationError(
                _("Type at least %(count)d characters of the holder's name.")
                % {"count": MIN_HOLDER_SEARCH_LENGTH}
            )
        return value

    def clean_body(self) -> str:
        return " ".join(self.cleaned_data["body"].split())

    def clean(self) -> dict:
        data = super().clean()
        if not self.errors and not data.get("number") and not data.get("holder"):
            raise ValidationError(_("Type a certificate number or a holder's name."))
        return data


class BulkVerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8 CSV with a header row: number, and optionally body and holder."
        ),
    )

    def clean_file(self) -> str:
        """The file's text; its rows are checked one by one later (bad rows are reported)."""
        upload = self.cleaned_data["file"]
        validate_csv_upload(upload)
        return decode_csv_bytes(upload.read())
