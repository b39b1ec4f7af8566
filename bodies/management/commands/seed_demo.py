"""`manage.py seed_demo`: generate (or `--clear`) the fictional demo population.

    manage.py seed_demo                                   # 300 bodies, 30,000 certificates
    manage.py seed_demo --bodies 5000 --certificates 3000000 --seed 7 --as-of 2026-11-29
    manage.py seed_demo --replace                         # clear old demo rows, then seed
    manage.py seed_demo --clear                           # remove every demo row

Needs the reference data (`manage.py load_reference`). Same arguments, `--seed` and
`--as-of` give the same rows. Everything happens in one transaction: bad input or a failure
writes nothing. Demo rows are bulk-inserted, so they have no simple-history records.
"""

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies.demo import (
    DEFAULT_BODIES,
    DEFAULT_CERTIFICATES,
    DEFAULT_SEED,
    DemoDataError,
    DemoReport,
    clear_demo,
    seed_demo,
)


def iso_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)r is not a date like 2026-11-29") % {"value": value}
        ) from None


class Command(BaseCommand):
    # argparse needs a str; commands are imported after Django is set up, so gettext works.
    help = _("Generate a deterministic, clearly fictional demo population, or remove it.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bodies",
            type=int,
            help=_("How many demo bodies (default %(n)s).") % {"n": DEFAULT_BODIES},
        )
        parser.add_argument(
            "--certificates",
            type=int,
            help=_("How many demo certificates (default %(n)s).")
            % {"n": f"{DEFAULT_CERTIFICATES:,}"},
        )
        parser.add_argument(
            "--seed",
            type=int,
            help=_("Random seed: same seed, same data (default %(n)s).") % {"n": DEFAULT_SEED},
        )
        parser.add_argument(
            "--as-of",
            type=iso_date,
            help=_("The day all demo dates are relative to, YYYY-MM-DD (default today)."),
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--clear", action="store_true", help=_("Remove every demo row."))
        mode.add_argument(
            "--replace", action="store_true", help=_("Remove existing demo rows, then seed.")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Do all the work, report it, and roll it back."),
        )

    def handle(self, *args, **options) -> None:
        given = [
            name
            for name in ("bodies", "certificates", "seed", "as_of")
            if options[name] is not None
        ]
        try:
            if options["clear"]:
                if given:
                    options_given = ", ".join("--" + name.replace("_", "-") for name in given)
                    raise CommandError(
                        _(
                            "--clear takes no generation options (%(given)s); use --replace "
                            "to clear and seed in one go"
                        )
                        % {"given": options_given}
                    )
                report = clear_demo(dry_run=options["dry_run"])
                self._print(report, verb=_("deleted"))
                return
            report = seed_demo(
                bodies=_default(options["bodies"], DEFAULT_BODIES),
                certificates=_default(options["certificates"], DEFAULT_CERTIFICATES),
                seed=_default(options["seed"], DEFAULT_SEED),
                as_of=options["as_of"] or timezone.localdate(),
                replace=options["replace"],
                dry_run=options["dry_run"],
                progress=self.stdout.write if options["verbosity"] >= 1 else None,
            )
        except DemoDataError as error:
            raise CommandError(str(error)) from error
        self._print(report, verb=_("wrote"))

    def _print(self, report: DemoReport, *, verb: str) -> None:
        for timing in report.timings:
            self.stdout.write(
                self.style.SUCCESS(
                    _("%(table)s: %(verb)s %(rows)s rows in %(seconds)s s (%(rate)s rows/s)")
                    % {
                        "table": timing.table,
                        "verb": verb,
                        "rows": f"{timing.rows:,}",
                        "seconds": f"{timing.seconds:.2f}",
                        "rate": f"{timing.rows_per_second:,.0f}",
                    }
                )
            )
        for step, seconds in report.steps.items():
            self.stdout.write(self.style.SUCCESS(f"{step}: {seconds:.2f} s"))
        total = sum(t.rows for t in report.timings)
        outcome = _("rolled back (dry run)") if report.dry_run else _("committed")
        self.stdout.write(
            self.style.SUCCESS(
                _("%(rows)s rows %(verb)s in %(seconds)s s, %(outcome)s.")
                % {
                    "rows": f"{total:,}",
                    "verb": verb,
                    "seconds": f"{report.seconds:.1f}",
                    "outcome": outcome,
                }
            )
        )


def _default(value: int | None, default: int) -> int:
    return default if value is None else value
