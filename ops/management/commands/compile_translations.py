"""Compile every .po under LOCALE_PATHS to .mo in pure Python (no GNU gettext needed)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ops import translations


class Command(BaseCommand):
    help = (
        "Compile the .po catalogues under LOCALE_PATHS to .mo files with polib "
        "(what `compilemessages` does, without GNU gettext)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if a .mo is out of date or an entry is untranslated or "
            "fuzzy.",
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        po_paths = list(translations.catalogues())
        if not po_paths:
            raise CommandError("No .po file found under LOCALE_PATHS: run `make messages`.")
        if check:
            self._check(po_paths)
            return
        for po_path in po_paths:
            changed = translations.compile_catalogue(po_path)
            verb = "Compiled" if changed else "Up to date:"
            self.stdout.write(self.style.SUCCESS(f"{verb} {translations.mo_path_for(po_path)}"))
            for problem in translations.problems(po_path):
                # Compiled anyway (the English text shows for these); the test suite fails.
                self.stderr.write(self.style.WARNING(str(problem)))

    def _check(self, po_paths: list) -> None:
        errors = [
            f"{translations.mo_path_for(path)} is out of date: run `manage.py compile_translations`"
            for path in po_paths
            if translations.is_stale(path)
        ]
        errors += [str(problem) for path in po_paths for problem in translations.problems(path)]
        if errors:
            raise CommandError("\n".join(errors))
        summary = f"{len(po_paths)} catalogue(s) complete and compiled."
        self.stdout.write(self.style.SUCCESS(summary))
