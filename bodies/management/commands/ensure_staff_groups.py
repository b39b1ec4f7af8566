"""(Re)apply the Curator and Viewer permission sets, e.g. after a migration added a model."""

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from bodies.staff_groups import ensure_staff_groups


class Command(BaseCommand):
    help = "Create or update the staff groups Curator (edit) and Viewer (read only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Show the permission counts, write nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        with transaction.atomic():
            summary = ensure_staff_groups()
            if dry_run:
                transaction.set_rollback(True)
        verb = "Would set" if dry_run else "Set"
        for name, count in summary.items():
            self.stdout.write(self.style.SUCCESS(f"{verb} {count} permissions on group {name}."))
