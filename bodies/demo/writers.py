"""Fast row writers for demo certificates: COPY on PostgreSQL, executemany elsewhere.

Rows are plain tuples in the order of the field names given; ids are reserved up front
(`reserve_ids`) so that the certificate-sector rows and timelines generated alongside each
certificate can point at it without reading ids back. `stream()` writes one table as rows
come; `spool()` writes another one when its block ends.
"""

import datetime
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection
from django.db.models import Model
from psycopg.copy import QueuedLibpqWriter


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model: type[Model], fields: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)


def _lines(rows: list[tuple]) -> str:
    return "".join(["\t".join(map(str, row)) + "\n" for row in rows])


Write = Callable[[list[tuple]], None]
# Rows per piece handed to psycopg's queued COPY writer: ~30 kB, so its queue of 1024 pieces
# holds at most a few dozen MB however far the server falls behind.
QUEUED_ROWS = 250


class ExecuteManyWriter:
    """INSERT … VALUES with executemany: SQLite (tens of thousands of rows per second)."""

    null: object = None

    def adapt_datetime(self, value: datetime.datetime) -> object:
        return connection.ops.adapt_datetimefield_value(value)

    def reserve_ids(self, model: type[Model], count: int) -> int:
        """The first of `count` free ids: above every id used so far.

        Call it after this transaction has written something: SQLite then holds the write
        lock, so nobody else can take these ids before the commit.
        """
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_table(model)}")  # noqa: S608
            highest = cursor.fetchone()[0]
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table]
                )
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
        return highest + 1

    @contextmanager
    def stream(self, model: type[Model], fields: Sequence[str]) -> Iterator[Write]:
        """A function that inserts rows right away, batch by batch."""
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {_table(model)} ({_columns(model, fields)}) VALUES ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:

            def write(rows: list[tuple]) -> None:
                if rows:
                    cursor.executemany(sql, rows)

            yield write

    # Nothing to gain from spooling: executemany is not a stream that another table blocks.
    spool = stream


class CopyWriter:
    """COPY … FROM STDIN in text format through psycopg 3: PostgreSQL.

    Values are written as `str(value)` joined by tabs: the demo generator only produces
    ints, ISO dates and strings free of tabs, newlines and backslashes, so nothing needs
    escaping; NULL is `\\N`.
    """

    null: object = r"\N"

    def adapt_datetime(self, value: datetime.datetime) -> object:
        return value.isoformat()

    def reserve_ids(self, model: type[Model], count: int) -> int:
        """The first of `count` consecutive ids taken from the table's identity sequence.

        The table lock (held until commit) keeps other sessions from inserting, and so from
        drawing ids from the sequence, while we move it past our block.
        """
        table = _table(model)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(
                "SELECT pg_get_serial_sequence(%s, %s)",
                [model._meta.db_table, model._meta.pk.column],
            )
            sequence = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT nextval(%s), (SELECT COALESCE(MAX(id), 0) FROM {table})",  # noqa: S608
                [sequence],
            )
            next_value, highest = cursor.fetchone()
            first = max(next_value, highest + 1)
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + max(count, 1) - 1])
        return first

    @contextmanager
    def stream(self, model: type[Model], fields: Sequence[str]) -> Iterator[Write]:
        """One COPY for every row written until the block ends.

        psycopg's queued writer hands the data to a thread that feeds the server, so Python
        generates the next rows while PostgreSQL is still indexing the previous ones (its
        queue is bounded: memory stays flat).
        """
        statement = f"COPY {_table(model)} ({_columns(model, fields)}) FROM STDIN"
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:

                def write(rows: list[tuple]) -> None:
                    # Small pieces keep the writer's queue items small (it holds 1024).
                    for start in range(0, len(rows), QUEUED_ROWS):
                        copy.write(_lines(rows[start : start + QUEUED_ROWS]))

                yield write

    @contextmanager
    def spool(self, model: type[Model], fields: Sequence[str]) -> Iterator[Write]:
        """Rows kept in a temporary file and COPYed when the block ends.

        A connection runs one COPY at a time: rows of a second table generated alongside a
        streamed one wait on disk (not in memory) for the stream to finish.
        """
        statement = f"COPY {_table(model)} ({_columns(model, fields)}) FROM STDIN"
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spooled:
            yield lambda rows: spooled.write(_lines(rows))
            spooled.seek(0)
            with connection.cursor() as cursor, cursor.copy(statement) as copy:
                while block := spooled.read(1 << 20):
                    copy.write(block)


def writer_for_connection() -> ExecuteManyWriter | CopyWriter:
    return CopyWriter() if connection.vendor == "postgresql" else ExecuteManyWriter()
