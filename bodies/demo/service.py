"""Seeding and clearing demo data: one transaction each, timed per table.

Demo rows are marked by `Body.is_demo`; offices, accreditations, certificates and status
changes are demo by their body. Same arguments, seed and `as_of` day give the same rows
(ids and creation timestamps aside), whichever database they are written to.
"""

import datetime
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.utils.translation import gettext as _

from bodies.demo.certificates import (
    CERTIFICATE_FIELDS,
    CERTIFICATE_SECTOR_FIELDS,
    STATUS_CHANGE_FIELDS,
    certificate_chunks,
)
from bodies.demo.clear import clear_demo_rows
from bodies.demo.errors import DemoDataError
from bodies.demo.plan import PlannedBody, plan_population
from bodies.demo.population import write_population
from bodies.demo.reference import DemoReference, load_reference
from bodies.demo.vocabulary import DEMO_SLUG_PREFIX
from bodies.demo.writers import Write, writer_for_connection
from bodies.models import Accreditation, Body, Certificate, Office, StatusChange
from bodies.queries import DEMO_PRESENT_CACHE_KEY

DEFAULT_BODIES = 300
DEFAULT_CERTIFICATES = 30_000
DEFAULT_SEED = 1
MAX_BODIES = 100_000
MAX_CERTIFICATES = 20_000_000
EARLIEST_AS_OF = datetime.date(2000, 1, 1)
LATEST_AS_OF = datetime.date(2099, 12, 31)
# Certificates per COPY / executemany round: big enough to amortise, small enough that
# memory stays flat however many certificates are asked for.
CHUNK_SIZE = 20_000


@dataclass(frozen=True)
class TableTiming:
    table: str
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float(self.rows)


@dataclass
class DemoReport:
    timings: list[TableTiming] = field(default_factory=list)
    # Steps that write no rows of their own: planning, COMMIT, ANALYZE.
    steps: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    dry_run: bool = False

    def add(self, table: str, rows: int, seconds: float) -> None:
        """Record rows written (or deleted) in a table; repeated tables add up."""
        for i, timing in enumerate(self.timings):
            if timing.table == table:
                self.timings[i] = TableTiming(table, timing.rows + rows, timing.seconds + seconds)
                return
        self.timings.append(TableTiming(table, rows, seconds))

    def rows(self, table: str) -> int:
        return sum(t.rows for t in self.timings if t.table == table)


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@contextmanager
def _one_transaction(report: DemoReport) -> Iterator[None]:
    """All or nothing: rolled back on error or for a dry run, COMMIT timed, and the cached
    "demo data present" flag (the site banner) dropped whatever happened."""
    try:
        with transaction.atomic(), _checked_per_statement():
            yield
            if report.dry_run:
                raise _DryRun
            committing = time.perf_counter()
        report.steps["commit"] = time.perf_counter() - committing
    except _DryRun:
        pass
    finally:
        cache.delete(DEMO_PRESENT_CACHE_KEY)


@contextmanager
def _checked_per_statement() -> Iterator[None]:
    """Foreign keys checked at the end of each statement rather than at COMMIT.

    Django creates them DEFERRABLE INITIALLY DEFERRED, so PostgreSQL would check every
    reference of millions of rows at COMMIT; checked per statement, the time shows up in
    the table that costs it. The same work, honestly attributed. Deferred again afterwards,
    as Django expects for the rest of an enclosing transaction.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def demo_rows_exist() -> bool:
    return Body.objects.demo().exists()


def validate_arguments(*, bodies: int, certificates: int, seed: int, as_of: datetime.date) -> None:
    """Refuse bad input before anything is written."""
    if not 1 <= bodies <= MAX_BODIES:
        raise DemoDataError(
            _("--bodies must be between 1 and %(most)s (got %(got)s)")
            % {"most": f"{MAX_BODIES:,}", "got": bodies}
        )
    if not 0 <= certificates <= MAX_CERTIFICATES:
        raise DemoDataError(
            _("--certificates must be between 0 and %(most)s (got %(got)s)")
            % {"most": f"{MAX_CERTIFICATES:,}", "got": certificates}
        )
    if seed < 0:
        raise DemoDataError(_("--seed must be zero or positive (got %(got)s)") % {"got": seed})
    if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
        raise DemoDataError(
            _("--as-of must be between %(first)s and %(last)s (got %(got)s)")
            % {"first": EARLIEST_AS_OF, "last": LATEST_AS_OF, "got": as_of}
        )


def seed_demo(
    *,
    bodies: int,
    certificates: int,
    seed: int,
    as_of: datetime.date,
    replace: bool = False,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> DemoReport:
    """Generate a demo population in one transaction and report rows and time per table.

    Refuses when demo rows exist unless `replace` (which clears them first, in the same
    transaction). `dry_run` does all the work and rolls it back (on PostgreSQL the
    certificate id sequence still moves on: sequences are not transactional).
    """
    validate_arguments(bodies=bodies, certificates=certificates, seed=seed, as_of=as_of)
    report = DemoReport(dry_run=dry_run)
    started = time.perf_counter()
    with _one_transaction(report):
        if demo_rows_exist():
            if not replace:
                raise DemoDataError(
                    _(
                        "demo data already exists (%(count)s demo bodies): run "
                        "`manage.py seed_demo --clear` first, or pass --replace"
                    )
                    % {"count": f"{Body.objects.demo().count():,}"}
                )
            clear_demo_rows(lambda table, rows, seconds: None)
        reference = load_reference()
        taken = Body.objects.filter(slug__startswith=DEMO_SLUG_PREFIX).values_list("slug")
        planning = time.perf_counter()
        plans = plan_population(
            random.Random(seed),
            reference,
            bodies=bodies,
            certificates=certificates,
            as_of=as_of,
            taken_slugs={slug for (slug,) in taken},
        )
        report.steps["planning"] = time.perf_counter() - planning
        write_population(plans, report.add)
        if certificates:
            _write_certificates(
                report,
                plans,
                reference,
                certificates=certificates,
                seed=seed,
                as_of=as_of,
                progress=progress or (lambda message: None),
                chunk_size=chunk_size,
            )
    if not dry_run and connection.vendor == "postgresql":
        _analyze(report)
    report.seconds = time.perf_counter() - started
    return report


def _write_certificates(
    report: DemoReport,
    plans: list[PlannedBody],
    reference: DemoReference,
    *,
    certificates: int,
    seed: int,
    as_of: datetime.date,
    progress: Callable[[str], None],
    chunk_size: int,
) -> None:
    """Stream certificates (COPY on PostgreSQL) and spool their sectors and status changes.

    Rows are generated chunk by chunk as they are written, so memory stays flat; generating
    them counts in the certificates' time.
    """
    writer = writer_for_connection()
    sectors = Certificate.sectors.through
    chunks = certificate_chunks(
        plans,
        reference,
        seed=seed,
        as_of=as_of,
        first_id=writer.reserve_ids(Certificate, certificates),
        chunk_size=chunk_size,
        null=writer.null,
        adapt_datetime=writer.adapt_datetime,
    )
    tables = {
        "certificates": Certificate._meta.db_table,
        "sectors": sectors._meta.db_table,
        "changes": f"{StatusChange._meta.db_table} (certificates)",
    }
    rows = dict.fromkeys(tables, 0)
    seconds = dict.fromkeys(tables, 0.0)

    def timed(name: str, write: Write) -> Write:
        def run(batch: list[tuple]) -> None:
            started = time.perf_counter()
            write(batch)
            rows[name] += len(batch)
            seconds[name] += time.perf_counter() - started

        return run

    reported, step = 0, max(certificates // 10, 1)
    started = time.perf_counter()
    with writer.spool(StatusChange, STATUS_CHANGE_FIELDS) as write_changes:
        with writer.spool(sectors, CERTIFICATE_SECTOR_FIELDS) as write_sectors:
            with writer.stream(Certificate, CERTIFICATE_FIELDS) as write_certificates:
                write_changes = timed("changes", write_changes)
                write_sectors = timed("sectors", write_sectors)
                for chunk in chunks:
                    write_certificates(chunk.rows)
                    write_sectors(chunk.sector_rows)
                    write_changes(chunk.status_change_rows)
                    rows["certificates"] += len(chunk.rows)
                    if rows["certificates"] - reported >= step < certificates:
                        reported = rows["certificates"]
                        rate = reported / (time.perf_counter() - started)
                        progress(
                            _("certificates: %(rows)s (%(rate)s rows/s)")
                            % {"rows": f"{reported:,}", "rate": f"{rate:,.0f}"}
                        )
            streamed = time.perf_counter()
            in_loop = seconds["sectors"] + seconds["changes"]
            seconds["certificates"] = streamed - started - in_loop
        # Spooled rows reach the database when their block closes.
        seconds["sectors"] += time.perf_counter() - streamed
        sectors_written = time.perf_counter()
    seconds["changes"] += time.perf_counter() - sectors_written
    for name, table in tables.items():
        report.add(table, rows[name], seconds[name])


def _analyze(report: DemoReport) -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL), outside the transaction."""
    started = time.perf_counter()
    tables = [
        Body,
        Office,
        Accreditation,
        Accreditation.schemes.through,
        Accreditation.sectors.through,
        Certificate,
        Certificate.sectors.through,
        StatusChange,
    ]
    names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}")
    report.steps["analyze"] = time.perf_counter() - started


def clear_demo(*, dry_run: bool = False) -> DemoReport:
    """Delete every demo row (and its history) in one transaction; real rows stay."""
    report = DemoReport(dry_run=dry_run)
    started = time.perf_counter()
    with _one_transaction(report):
        clear_demo_rows(report.add)
    report.seconds = time.perf_counter() - started
    return report
