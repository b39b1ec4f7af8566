"""Validation shared by every way a certificate number comes in: forms, bulk files, imports.

One rule, one message, so that the verify form, the bulk-verification file and the import
commands reject the same input in the same words.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bodies.models import Certificate, clean_certificate_number, normalise_certificate_number

NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length
# Letters and digits of any script, and the punctuation certificate numbers are printed with.
_NUMBER_ALLOWED = re.compile(r"[^\W_]|[ ./_:#()+\-]")
_NUMBER = re.compile(r"(?:[^\W_]|[ ./_:#()+\-])+")


def clean_number(value: str) -> str:
    """The stored form of a typed certificate number, or a ValidationError saying what is wrong."""
    number = clean_certificate_number(value or "")
    if not normalise_certificate_number(number):
        raise ValidationError(_("Type a certificate number."), code="required")
    if len(number) > NUMBER_MAX_LENGTH:
        raise ValidationError(
            _("A certificate number has at most %(max)d characters; this one has %(length)d.")
            % {"max": NUMBER_MAX_LENGTH, "length": len(number)},
            code="max_length",
        )
    if _NUMBER.fullmatch(number):
        return number
    odd = sorted({char for char in number if not _NUMBER_ALLOWED.fullmatch(char)})
    if odd:
        shown = " ".join(repr(char) for char in odd[:5])
        raise ValidationError(
            _(
                "A certificate number contains letters, digits, spaces and . / _ : # ( ) + - "
                "only; remove %(characters)s."
            )
            % {"characters": shown},
            code="invalid_characters",
        )
    return number
