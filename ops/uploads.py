"""Checks on uploaded CSV files (bulk verification, imports), before anything parses them.

`validate_csv_upload(file)` raises ValidationError with a message a user can act on; call it
from a form's `clean_<field>()` so the message lands next to the field:

    from ops.uploads import validate_csv_upload

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_csv_upload(file)
        return file

Django does not cap the size of file uploads itself (DATA_UPLOAD_MAX_MEMORY_SIZE excludes
files; bigger files are spooled to a temporary file), so the byte limit is enforced here and
the reverse proxy's request-body limit bounds what reaches the disk (docs/deploying.md).
"""

import codecs
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What browsers send for a .csv file: text/csv in general, text/plain from some systems and
# application/vnd.ms-excel from Windows machines where Excel owns the extension.
CSV_CONTENT_TYPES = frozenset(
    {
        "text/csv",
        "application/csv",
        "text/x-csv",
        "text/comma-separated-values",
        "text/plain",
        "application/vnd.ms-excel",
    }
)
# How much of the file is inspected for text-ness; the parser decodes the rest.
SNIFF_BYTES = 64 * 1024


def validate_csv_upload(file: UploadedFile, *, max_bytes: int | None = None) -> None:
    """Accept only a non-empty UTF-8 CSV file of at most `max_bytes` bytes.

    `max_bytes` defaults to settings.CERTDIR_UPLOAD_MAX_BYTES. Checks, in order: extension,
    declared content type, size, then the first 64 KiB: no NUL byte (binary files such as
    .xlsx) and valid UTF-8 (a byte-order mark is fine). Leaves the file at position 0.
    """
    limit = settings.CERTDIR_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() != ".csv":
        raise ValidationError(
            _("“%(name)s” is not a CSV file: choose a file whose name ends in .csv."),
            code="extension",
            params={"name": name},
        )
    content_type = (file.content_type or "").split(";")[0].strip().lower()
    if content_type not in CSV_CONTENT_TYPES:
        raise ValidationError(
            _("“%(name)s” was sent as %(type)s, not as CSV text. Save it as CSV and try again."),
            code="content_type",
            params={"name": name, "type": content_type or _("an unknown type")},
        )
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; the largest file accepted is %(limit)s."),
            code="too_large",
            params={
                "name": name,
                "size": filesizeformat(file.size),
                "limit": filesizeformat(limit),
            },
        )
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if not head:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": name})
    if b"\x00" in head:
        raise ValidationError(
            _(
                "“%(name)s” is a binary file (a spreadsheet, perhaps), not CSV text. "
                "Save it as “CSV UTF-8” and try again."
            ),
            code="binary",
            params={"name": name},
        )
    try:
        # An incremental decoder accepts a character cut in two at the end of the sample.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < SNIFF_BYTES)
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "“%(name)s” is not UTF-8 text (unexpected byte at position %(position)s). "
                "Save it as “CSV UTF-8” and try again."
            ),
            code="encoding",
            params={"name": name, "position": error.start},
        ) from None
