"""What the two import commands share: arguments, opening the file, printing the report."""

import datetime
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bodies.imports.reading import ImportFileError, ImportReport


class ImportCommand(BaseCommand):
    importer: Callable[..., ImportReport]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The UTF-8 CSV file to import.")
        parser.add_argument(
            "--source",
            default="",
            help="Where the data comes from (URL or document), recorded with each status "
            "change. Default: the file name.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Write the valid rows and report the invalid ones (default: write nothing "
            "unless every row is valid).",
        )
        parser.add_argument(
            "--effective-on",
            type=datetime.date.fromisoformat,
            default=None,
            help="The date status changes take effect, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, then roll back."
        )

    def handle(self, *args, **options) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as stream:
                report = type(self).importer(
                    stream=stream,
                    name=path.name,
                    source=options["source"],
                    skip_invalid=options["skip_invalid"],
                    effective_on=options["effective_on"],
                    dry_run=options["dry_run"],
                )
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        if report.error_count > len(report.errors):
            self.stderr.write(f"... and {report.error_count - len(report.errors)} more problems")
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {report.rows} rows, {report.valid} valid; would create "
                f"{report.created}, update {report.updated}, record {report.status_changes} "
                "status changes. Nothing was written."
            )
            return
        if not report.written:
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
