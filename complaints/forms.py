"""The public report form."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.models import Body, Certificate
from complaints.models import Report, ReportKind


class BodyBySlugField(forms.ModelChoiceField):
    """A body chosen by its slug. What cannot be a slug is an invalid choice without a query:
    PostgreSQL refuses text with NUL bytes outright, which would otherwise be a 500."""

    def to_python(self, value: object) -> Body | None:
        if value not in self.empty_values and not slug_re.match(str(value)):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


# The honeypot: hidden from people (CSS), filled by form-spamming robots.
HONEYPOT_FIELD = "website"


class ReportForm(forms.Form):
    """A report about a certificate, a mark or a body.

    The body and certificate arrive as ids when the reporter comes from one of our pages
    ("Report a problem with this certificate"); otherwise the reporter types what the
    certificate or body says, and a typed name that is exactly one of our bodies is linked.
    """

    kind = forms.ChoiceField(
        label=gettext_lazy("What are you reporting?"),
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
    )
    subject_text = forms.CharField(
        label=gettext_lazy("Which body or certificate?"),
        required=False,
        max_length=Report._meta.get_field("subject_text").max_length,
        help_text=gettext_lazy(
            "The body's name or the certificate number, as printed (if it is not named above)."
        ),
    )
    description = forms.CharField(
        label=gettext_lazy("What happened"),
        max_length=Report._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy(
            "Where you saw it, when, and what is wrong. Up to 5,000 characters."
        ),
    )
    email = forms.EmailField(
        label=gettext_lazy("Your email (optional)"),
        required=False,
        help_text=gettext_lazy(
            "Only if you agree to be contacted about this report. Staff see it; it is never "
            "shown publicly."
        ),
    )
    body = BodyBySlugField(
        queryset=Body.objects.all(), required=False, widget=forms.HiddenInput, to_field_name="slug"
    )
    certificate = forms.ModelChoiceField(
        queryset=Certificate.objects.select_related("issuing_body"),
        required=False,
        widget=forms.HiddenInput,
    )
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_description(self) -> str:
        description = self.cleaned_data["description"].strip()
        if len(description) < 10:
            raise ValidationError(_("Please describe what happened in a sentence or two."))
        return description

    def clean(self) -> dict:
        data = super().clean()
        if (
            not data.get("body")
            and not data.get("certificate")
            and not data.get("subject_text", "").strip()
        ):
            self.add_error(
                "subject_text", _("Name the body or the certificate the report is about.")
            )
        return data

    @property
    def is_robot(self) -> bool:
        """The honeypot was filled: a person never sees that field."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())
