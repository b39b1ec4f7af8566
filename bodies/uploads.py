"""Validation of uploaded CSV files, before any row is read.

An upload must be named .csv, fit the size limit, be UTF-8 text (a byte-order mark is
accepted and dropped) and contain no NUL byte. Each refusal says which rule failed, so the
user can fix the file; nothing is written while any of this is checked.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def read_csv_upload(upload: UploadedFile, *, max_bytes: int) -> str:
    """The text of an uploaded CSV file, or a ValidationError naming what is wrong with it."""
    name = upload.name or ""
    if not name.lower().endswith(".csv"):
        raise ValidationError(
            _("Upload a .csv file (this one is named “%(name)s”).") % {"name": name},
            code="extension",
        )
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="size",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="size",
        )
    return decode_csv_bytes(data)


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 text from CSV bytes, refusing other encodings and NUL bytes with a clear reason."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ValidationError(
            _("The file contains a NUL byte (line %(line)d): it is not a text CSV file.")
            % {"line": line},
            code="nul",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "The file is not UTF-8 text (line %(line)d, byte %(byte)d). Save it as "
                "“CSV UTF-8” and upload it again."
            )
            % {"line": line, "byte": error.start + 1},
            code="encoding",
        ) from None
