"""manage.py import_accreditations FILE — see bodies/imports/accreditations.py for the columns."""

from bodies.imports.accreditations import import_accreditations
from bodies.management.commands._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import accreditations from a UTF-8 CSV (columns: body, accreditation_body, standard, "
        "status, and optionally number, granted_on, expires_on, schemes, sectors, scope_url, "
        "source_url, last_checked_on). Upserts by (body, accreditation body, standard)."
    )
    importer = staticmethod(import_accreditations)
