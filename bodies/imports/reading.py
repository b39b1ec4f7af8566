"""Reading an import file: encoding, header, records with their line numbers, and the report.

Problems with the file as a whole (not UTF-8, a NUL byte, a missing or unknown column, broken
CSV quoting) stop the import before anything is written; problems with a row are collected
with the file name, line and column so that the user can fix them all in one go.
"""

import codecs
import contextlib
import csv
import io
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accreditation.reference.files import LoadError
from bodies.imports.cells import CellError

# Enough to fix a file in one pass without making a report the size of the file.
MAX_REPORTED_ERRORS = 1_000
# Python's csv default; a longer cell is reported as a file error rather than read.
csv.field_size_limit(131_072)

_CHUNK = 1 << 20


# One bad cell or row: file, line, column and reason (the reference loader's error type, so
# that every CSV problem in certdir reads the same way).
RowError = LoadError


@dataclass
class ImportReport:
    """What an import found and did. `written` is False when nothing was written."""

    file: str
    rows: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    written: bool = False
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    # Seconds spent per phase of the write ("stage", "upsert", ...): for benchmarks and logs.
    timings: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def add_error(self, line: int, column: str, reason: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(self.file, line, column, reason))

    @property
    def invalid(self) -> int:
        return self.rows - self.valid

    def summary(self) -> str:
        if not self.written:
            return _(
                "%(file)s: %(rows)d rows read, %(errors)d problems found; nothing was written."
            ) % {"file": self.file, "rows": self.rows, "errors": self.error_count}
        return _(
            "%(file)s: %(rows)d rows read; %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(changes)d status changes recorded; %(skipped)d invalid "
            "rows skipped."
        ) % {
            "file": self.file,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "changes": self.status_changes,
            "skipped": self.invalid,
        }


class RowChecker:
    """One row's cells by column name; every refused cell is recorded in the report.

    `check(column, parse, ...)` returns the parsed value, or None after recording the
    parser's reason (a `CellError` or a Django `ValidationError`); `ok` says whether the row
    added no error.
    """

    def __init__(self, report: "ImportReport", line: int, row: list[str], index: dict[str, int]):
        self.report, self.line, self.row, self.index = report, line, row, index
        self.errors_before = report.error_count

    def cell(self, column: str) -> str:
        position = self.index.get(column)
        return self.row[position] if position is not None else ""

    def error(self, column: str, reason: str) -> None:
        self.report.add_error(self.line, column, reason)

    def check(self, column: str, parse: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return parse(self.cell(column), *args, **kwargs)
        except CellError as error:
            self.error(column, str(error))
        except ValidationError as error:
            self.error(column, " ".join(error.messages))
        return None

    @property
    def ok(self) -> bool:
        return self.report.error_count == self.errors_before


def has_width(report: "ImportReport", line: int, row: list[str], width: int) -> bool:
    """Whether the row has as many cells as the header; if not, the problem is recorded."""
    if len(row) == width:
        return True
    report.add_error(
        line,
        "",
        _("This row has %(cells)d cells; the header has %(header)d.")
        % {"cells": len(row), "header": width},
    )
    return False


class ImportFileError(Exception):
    """The file as a whole cannot be imported; nothing was written."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


def check_encoding(stream: BinaryIO, *, name: str) -> None:
    """Refuse a file that is not UTF-8 or contains a NUL byte, naming the line; then rewind.

    Reads the file once in chunks (the decoder keeps state across chunk boundaries), so a
    large file costs one fast pass and no copy in memory.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 1
    while chunk := stream.read(_CHUNK):
        nul = chunk.find(b"\x00")
        if nul >= 0:
            raise ImportFileError(
                RowError(
                    name,
                    lines + chunk.count(b"\n", 0, nul),
                    "",
                    _("The file contains a NUL byte: it is not a text CSV file."),
                )
            )
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as error:
            raise ImportFileError(
                RowError(
                    name,
                    lines + chunk.count(b"\n", 0, max(error.start, 0)),
                    "",
                    _("The file is not UTF-8 text; save it as “CSV UTF-8” and try again."),
                )
            ) from None
        lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise ImportFileError(
            RowError(name, lines, "", _("The file ends in the middle of a UTF-8 character."))
        ) from None
    stream.seek(0)


@dataclass
class CsvFile:
    """An opened import file: its header and an iterator of (line, cells)."""

    name: str
    header: list[str]
    records: Iterator[tuple[int, list[str]]]


def open_csv(stream: BinaryIO, *, name: str, required: list[str], optional: list[str]) -> CsvFile:
    """Check the encoding and the header row; the records are read lazily.

    Column names are matched exactly (after trimming and lower-casing); a missing required
    column or a column we do not know is a file error, because guessing would load the wrong
    data into the right place.
    """
    check_encoding(stream, name=name)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportFileError(
            RowError(name, 1, "", _("Unreadable header row: %s") % error)
        ) from None
    if not header or not any(cell.strip() for cell in header):
        raise ImportFileError(RowError(name, 1, "", _("The file is empty: no header row.")))
    header = [cell.strip().lower() for cell in header]
    known = set(required) | set(optional)
    missing = [column for column in required if column not in header]
    extra = [column for column in header if column not in known]
    duplicated = sorted({column for column in header if header.count(column) > 1})
    problems = []
    if missing:
        problems.append(_("missing column(s): %s") % ", ".join(missing))
    if extra:
        problems.append(_("unknown column(s): %s") % ", ".join(c or "(empty)" for c in extra))
    if duplicated:
        problems.append(_("repeated column(s): %s") % ", ".join(duplicated))
    if problems:
        raise ImportFileError(
            RowError(
                name,
                1,
                "",
                _("Header row: %(problems)s. Expected columns: %(expected)s.")
                % {"problems": "; ".join(problems), "expected": ", ".join([*required, *optional])},
            )
        )
    return CsvFile(name=name, header=header, records=_records(reader, name))


def _records(reader: csv.reader, name: str) -> Iterator[tuple[int, list[str]]]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ImportFileError(
                RowError(name, reader.line_num, "", _("Not valid CSV: %s.") % error)
            ) from None
        if cells and any(cell.strip() for cell in cells):
            yield reader.line_num, cells
