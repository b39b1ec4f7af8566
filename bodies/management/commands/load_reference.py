"""`manage.py load_reference`: load the reference data, idempotently, in one transaction."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accreditation.reference import LoadErrors
from bodies.reference import load_reference


class Command(BaseCommand):
    help = (
        "Load standards, IAF sectors, cooperations, accreditation bodies (with flagged "
        "look-alikes), recognitions, sources, and the real bodies and accreditations of "
        "the reference files. Re-running changes nothing; an edited file updates its rows; "
        "any malformed row stops the load with file, line and reason, and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help="Folder with SOURCES.md and the CSVs (default: settings.REFERENCE_DATA_DIR).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and count what would change, then roll everything back.",
        )

    def handle(
        self, *args: object, data_dir: Path | None, dry_run: bool, **options: object
    ) -> None:
        data_dir = Path(data_dir or settings.REFERENCE_DATA_DIR)
        started = time.perf_counter()
        try:
            report = load_reference(data_dir=data_dir, dry_run=dry_run)
        except LoadErrors as error:
            count = len(error.errors)
            summary = ngettext(
                "%(count)d problem in the reference data in %(dir)s; nothing was written:",
                "%(count)d problems in the reference data in %(dir)s; nothing was written:",
                count,
            ) % {"count": count, "dir": data_dir}
            lines = "\n".join(f"  {problem}" for problem in error.errors)
            raise CommandError(f"{summary}\n{lines}") from None
        for model, counts in report.counts.items():
            self.stdout.write(self.style.SUCCESS(f"{model}: {counts}"))
        seconds = time.perf_counter() - started
        if dry_run:
            self.stdout.write(
                self.style.WARNING(_("Dry run: nothing was written (%.1f s).") % seconds)
            )
        elif not report.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Nothing changed: the database already matches %(dir)s (%(s).1f s).")
                    % {"dir": data_dir, "s": seconds}
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Reference data loaded from %(dir)s in %(s).1f s.")
                    % {"dir": data_dir, "s": seconds}
                )
            )
