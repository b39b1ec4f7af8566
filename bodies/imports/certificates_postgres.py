"""The PostgreSQL write path of the certificate import: COPY, then set-based statements.

Validated rows stream through COPY into a temporary staging table while the file is read
(a temporary table is private to the session, writes no WAL and vanishes at commit or
rollback, so a refused file leaves nothing behind). Then, in the caller's transaction:

1. duplicates of (body, number) inside the file are found with one window query;
2. rows matching existing certificates are joined once (`existing`), which gives the
   status changes (old status <> new status) before anything is overwritten;
3. one INSERT ... ON CONFLICT ON CONSTRAINT certificate_number_unique_per_body DO UPDATE
   upserts every row, updating only rows whose values differ, in (body, number) order so
   that index pages are touched in order;
4. the status timeline, the sector links, the simple-history rows and the bodies'
   `certificates_updated_at` are written set-based from those tables.

Number matching uses the database's own normalisation (the same expression as the
generated column `number_normalised`), so the ON CONFLICT target and the joins agree with
the stored rows whatever the script of the number.
"""

# Every name interpolated into SQL below is a module constant or a model's own column name;
# values always travel as parameters.
# ruff: noqa: S608

import datetime
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.utils.translation import gettext as _

from bodies.imports.certificates import CertificateRow, import_reason, report_duplicate
from bodies.imports.reading import ImportReport
from bodies.models import Certificate

STAGING = "certdir_import_certificates"
# The generated column's expression, applied to a staged number.
NORMALISED = "upper(replace(replace(s.number, ' ', ''), '-', ''))"
# GIN indexes (the holder-name trigram index) buffer new entries in a pending list and merge
# them in bulk; a larger list for this transaction merges far fewer times.
GIN_PENDING_LIST_LIMIT = "64MB"

_STAGED_COLUMNS = [
    ("line", "integer"),
    ("body_id", "bigint"),
    ("number", "varchar(80)"),
    ("holder_name", "varchar(200)"),
    ("holder_country", "varchar(2)"),
    ("scheme_id", "bigint"),
    ("sector_ids", "bigint[]"),
    ("issued_on", "date"),
    ("expires_on", "date"),
    ("status", "varchar(12)"),
    ("accreditation_id", "bigint"),
    ("scope", "text"),
]
# Certificate columns written by the upsert, from the staging table.
_WRITTEN = [
    ("number", "s.number"),
    ("holder_name", "s.holder_name"),
    ("holder_country", "s.holder_country"),
    ("scheme_id", "s.scheme_id"),
    ("issued_on", "s.issued_on"),
    ("expires_on", "s.expires_on"),
    ("status", "s.status"),
    ("accreditation_id", "s.accreditation_id"),
    ("scope", "s.scope"),
]
_INSERT_ONLY = [("issuing_body_id", "s.body_id"), ("created_at", "now()"), ("updated_at", "now()")]


def written_columns() -> set[str]:
    """Every certificate column the upsert sets (checked against the model by a test)."""
    return {column for column, _value in [*_WRITTEN, *_INSERT_ONLY]} | {"id", "number_normalised"}


_TEMPORARY_TABLES = [STAGING, "certdir_import_existing", "certdir_import_upserted"]


def _drop_temporary_tables(cursor) -> None:
    """ON COMMIT DROP does not fire when the import runs inside an outer transaction (tests,
    a caller's atomic block); drop explicitly so that a second import can start."""
    cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_TEMPORARY_TABLES)}")


def _stage(cursor, rows: Iterator[CertificateRow]) -> None:
    _drop_temporary_tables(cursor)
    columns = ", ".join(f"{name} {kind}" for name, kind in _STAGED_COLUMNS)
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}) ON COMMIT DROP")
    names = ", ".join(name for name, _kind in _STAGED_COLUMNS)
    with cursor.copy(f"COPY {STAGING} ({names}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(
                (
                    row.line,
                    row.body_id,
                    row.number,
                    row.holder_name,
                    row.holder_country,
                    row.scheme_id,
                    row.sector_ids,
                    row.issued_on,
                    row.expires_on,
                    row.status,
                    row.accreditation_id,
                    row.scope,
                )
            )


def _duplicates(cursor) -> list[tuple[int, int]]:
    """(line, first line) of every row repeating the body and number of an earlier row."""
    cursor.execute(
        f"""
        SELECT line, first_line FROM (
            SELECT s.line, min(s.line) OVER (PARTITION BY s.body_id, {NORMALISED}) AS first_line
            FROM {STAGING} s
        ) d
        WHERE line <> first_line
        ORDER BY line
        """
    )
    return cursor.fetchall()


def write_with_copy(
    rows: Iterator[CertificateRow],
    *,
    report: ImportReport,
    skip_invalid: bool,
    source: str,
    effective_on: datetime.date,
    recorded_by: AbstractBaseUser | None,
) -> None:
    user_id = recorded_by.pk if recorded_by is not None else None
    with connection.cursor() as cursor:
        with report.phase("read, validate and COPY to staging"):
            _stage(cursor, rows)
        with report.phase("duplicates"):
            duplicates = _duplicates(cursor)
        for line, first_line in duplicates:
            report_duplicate(report, line, first_line)
        if report.error_count and not skip_invalid:
            return
        if duplicates:
            cursor.execute(
                f"DELETE FROM {STAGING} WHERE line = ANY(%s)", [[line for line, _f in duplicates]]
            )

        def run(phase: str, sql: str, params: object = None) -> None:
            with report.phase(phase):
                cursor.execute(sql, params)

        cursor.execute(f"ANALYZE {STAGING}")
        cursor.execute(f"SET LOCAL gin_pending_list_limit = '{GIN_PENDING_LIST_LIMIT}'")

        # Existing certificates matched by the file, with their status before the import and
        # whether the file changes anything of theirs (unchanged rows skip the upsert).
        stored = ", ".join(f"c.{column}" for column, _v in _WRITTEN)
        staged = ", ".join(value for _c, value in _WRITTEN)
        run(
            "match existing rows",
            f"""
            CREATE TEMPORARY TABLE certdir_import_existing ON COMMIT DROP AS
            SELECT s.line, c.id, c.status AS old_status, s.status AS new_status,
                ({stored}) IS NOT DISTINCT FROM ({staged}) AS unchanged
            FROM {STAGING} s
            JOIN bodies_certificate c
              ON c.issuing_body_id = s.body_id AND c.number_normalised = {NORMALISED}
            """,
        )

        assignments = ", ".join(f"{column} = excluded.{column}" for column, _v in _WRITTEN)
        old = ", ".join(f"bodies_certificate.{column}" for column, _v in _WRITTEN)
        new = ", ".join(f"excluded.{column}" for column, _v in _WRITTEN)
        inserted_columns = [*_WRITTEN, *_INSERT_ONLY]
        run(
            "upsert",
            f"""
            CREATE TEMPORARY TABLE certdir_import_upserted ON COMMIT DROP AS
            WITH upserted AS (
                INSERT INTO bodies_certificate ({", ".join(c for c, _v in inserted_columns)})
                SELECT {", ".join(v for _c, v in inserted_columns)}
                FROM {STAGING} s
                WHERE NOT EXISTS (
                    SELECT 1 FROM certdir_import_existing e WHERE e.line = s.line AND e.unchanged
                )
                ORDER BY s.body_id, {NORMALISED}
                ON CONFLICT ON CONSTRAINT certificate_number_unique_per_body DO UPDATE
                SET {assignments}, updated_at = now()
                WHERE ({old}) IS DISTINCT FROM ({new})
                RETURNING id, (xmax = 0) AS inserted
            )
            SELECT * FROM upserted
            """,
        )

        # The status timeline: one row per changed status, as change_status writes it.
        run(
            "status timeline",
            """
            INSERT INTO bodies_statuschange (old_status, new_status, effective_on, source, note,
                recorded_by_id, recorded_at, accreditation_id, certificate_id, body_id,
                accreditation_body_id)
            SELECT e.old_status, e.new_status, %s, %s, '', %s, now(), NULL, c.id,
                c.issuing_body_id, a.accreditation_body_id
            FROM certdir_import_existing e
            JOIN bodies_certificate c ON c.id = e.id
            LEFT JOIN bodies_accreditation a ON a.id = c.accreditation_id
            WHERE e.old_status <> e.new_status
            """,
            [effective_on, source[:500], user_id],
        )
        report.status_changes = cursor.rowcount

        # Sector links: replace the links of existing certificates whose set changed, add
        # the links of new ones.
        run(
            "sectors of existing rows",
            f"""
            WITH changed AS (
                SELECT e.id, s.sector_ids
                FROM certdir_import_existing e JOIN {STAGING} s ON s.line = e.line
                WHERE s.sector_ids IS DISTINCT FROM ARRAY(
                    SELECT cs.sector_id FROM bodies_certificate_sectors cs
                    WHERE cs.certificate_id = e.id ORDER BY cs.sector_id
                )
            ), removed AS (
                DELETE FROM bodies_certificate_sectors cs USING changed
                WHERE cs.certificate_id = changed.id AND cs.sector_id <> ALL(changed.sector_ids)
            ), added AS (
                INSERT INTO bodies_certificate_sectors (certificate_id, sector_id)
                SELECT changed.id, unnest(changed.sector_ids) FROM changed
                ON CONFLICT DO NOTHING
            )
            SELECT count(*) FROM (
                SELECT id FROM changed
                UNION SELECT id FROM certdir_import_upserted WHERE NOT inserted
            ) updated
            """,
        )
        report.updated = cursor.fetchone()[0]
        run(
            "sectors of new rows",
            f"""
            INSERT INTO bodies_certificate_sectors (certificate_id, sector_id)
            SELECT c.id, unnest(s.sector_ids)
            FROM {STAGING} s
            JOIN bodies_certificate c
              ON c.issuing_body_id = s.body_id AND c.number_normalised = {NORMALISED}
            WHERE cardinality(s.sector_ids) > 0
              AND NOT EXISTS (SELECT 1 FROM certdir_import_existing e WHERE e.line = s.line)
            """,
        )

        with report.phase("history"):
            _write_history(cursor, source=source, effective_on=effective_on, user_id=user_id)
        cursor.execute(
            f"""
            UPDATE bodies_body SET certificates_updated_at = now()
            WHERE id IN (SELECT DISTINCT body_id FROM {STAGING})
            """
        )
        cursor.execute("SELECT count(*) FROM certdir_import_upserted WHERE inserted")
        report.created = cursor.fetchone()[0]
        _drop_temporary_tables(cursor)
    report.unchanged = report.valid - report.created - report.updated
    report.written = True


def _write_history(cursor, *, source: str, effective_on: datetime.date, user_id) -> None:
    """simple-history rows for every created or changed certificate, in one statement.

    The column list comes from the historical model, so a field added to Certificate is
    copied without touching this code. Status changes carry the same change reason as
    `accreditation.services.change_status` writes.
    """
    historical = Certificate.history.model
    columns, values = [], []
    for field in historical._meta.concrete_fields:
        name = field.attname
        if name == "history_id":
            continue
        columns.append(field.column)
        if name == "history_date":
            values.append("now()")
        elif name == "history_type":
            values.append("CASE WHEN u.inserted THEN '+' ELSE '~' END")
        elif name == "history_user_id":
            values.append("%(user_id)s")
        elif name == "history_change_reason":
            values.append(
                "left(CASE WHEN e.old_status IS DISTINCT FROM e.new_status AND NOT u.inserted "
                "THEN %(status_reason_start)s || e.old_status || ' → ' || e.new_status "
                "|| %(status_reason_end)s ELSE %(reason)s END, 100)"
            )
        else:
            values.append(f"c.{field.column}")
    status_reason = _("Status %(old)s → %(new)s, effective %(date)s")
    start, _sep, end = status_reason.partition("%(old)s → %(new)s")
    cursor.execute(
        f"""
        INSERT INTO {historical._meta.db_table} ({", ".join(columns)})
        SELECT {", ".join(values)}
        FROM certdir_import_upserted u
        JOIN bodies_certificate c ON c.id = u.id
        LEFT JOIN certdir_import_existing e ON e.id = u.id
        """,
        {
            "user_id": user_id,
            "reason": import_reason(source),
            "status_reason_start": start,
            "status_reason_end": end.replace("%(date)s", effective_on.isoformat()),
        },
    )
