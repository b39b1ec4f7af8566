"""The CSV download of /verify/'s certificate search by holder name (`?holder=…&format=csv`).

Every match, not only the page's best twenty, in the page's order (best first). A search for
a common word can match hundreds of thousands of certificates, so rows are read as plain
tuples (`values_list`) in chunks (`.iterator`; a server-side cursor on PostgreSQL) and
written as they come (bodies.csv.csv_response streams them): memory stays flat whatever the
count. Cells go through bodies.csv.safe_cell like every certdir CSV.
"""

import datetime
from collections.abc import Iterator, Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.models import CertificateStatus, certificate_status_on
from bodies.queries.verify import bodies_accredited_only_by_flagged, holder_matches_for_export

CHUNK_SIZE = 2_000

HEADER = [
    gettext_lazy("Holder"),
    gettext_lazy("Holder country"),
    gettext_lazy("Certificate number"),
    gettext_lazy("Scheme"),
    gettext_lazy("Issuing body"),
    gettext_lazy("Status today"),
    gettext_lazy("Issued on"),
    gettext_lazy("Expires on"),
    gettext_lazy("Issuing body accredited only by an unrecognised body"),
    gettext_lazy("Verification page"),
]

_FIELDS = (
    "pk",
    "holder_name",
    "holder_country",
    "number",
    "scheme__code",
    "issuing_body__name",
    "issuing_body_id",
    "status",
    "issued_on",
    "expires_on",
)


def header() -> list[str]:
    return [str(name) for name in HEADER]


def rows(holder: str, *, day: datetime.date, base_url: str) -> Iterator[Sequence[object]]:
    """One row per matching certificate; the status is the one it has on `day` (a valid
    certificate past its expiry is expired), as on the certificate's page."""
    flagged = bodies_accredited_only_by_flagged()
    labels = {value: str(label) for value, label in CertificateStatus.choices}  # once, not per row
    yes = _("yes")
    # The certificate page's address up to its id, reversed once rather than per row.
    page = reverse("bodies:verify-certificate", args=[0]).removesuffix("0/")
    certificates = holder_matches_for_export(holder).values_list(*_FIELDS)
    for (
        pk,
        holder_name,
        country,
        number,
        scheme,
        body,
        body_id,
        status,
        issued_on,
        expires_on,
    ) in certificates.iterator(chunk_size=CHUNK_SIZE):
        status = certificate_status_on(status, expires_on, day)
        yield (
            holder_name,
            country,
            number,
            scheme,
            body,
            labels[status],
            issued_on.isoformat(),
            expires_on.isoformat(),
            yes if body_id in flagged else "",
            f"{base_url.rstrip('/')}{page}{pk}/",
        )
