"""Prepare a site for `make run`: reference data, demo data when empty, staff groups.

Safe to run on every start: each step only acts when its data is missing.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from accreditation.models import AccreditationBody
from bodies.models import Body


class Command(BaseCommand):
    help = "Load reference data and demo data into an empty database; ensure staff groups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not generate demo data, even if empty."
        )

    def handle(self, *args: Any, no_demo: bool, **options: Any) -> None:
        if AccreditationBody.objects.exists():
            self.stdout.write("Reference data present: skipping load_reference.")
        else:
            call_command("load_reference", stdout=self.stdout)
        if no_demo or Body.objects.demo().exists():
            self.stdout.write("Demo data present or not wanted: skipping seed_demo.")
        else:
            call_command("seed_demo", stdout=self.stdout)
        call_command("ensure_staff_groups", stdout=self.stdout)
        if not get_user_model().objects.filter(is_superuser=True).exists():
            admin_url = f"http://127.0.0.1:8000/{settings.ADMIN_PATH}"
            self.stdout.write(
                self.style.WARNING(
                    "No admin user yet. Create one with:\n"
                    "    .venv/bin/python manage.py createsuperuser\n"
                    f"then sign in at {admin_url}"
                )
            )
