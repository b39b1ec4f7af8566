"""manage.py import_certificates FILE — see bodies/imports/certificates.py for the columns."""

from bodies.imports.certificates import import_certificates
from bodies.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import certificates from a UTF-8 CSV (columns: body, number, holder_name, "
        "holder_country, scheme, issued_on, expires_on, status, and optionally sectors, "
        "accreditation_number, scope). Upserts by (body, number)."
    )
    importer = staticmethod(import_certificates)
