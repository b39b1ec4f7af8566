"""Reading the reference files strictly: every problem becomes a LoadError with file and line.

The loader never stops at the first problem: it collects them all, so whoever edits a CSV
sees every mistake at once, and nothing is written while any remains.
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django_countries import countries


@dataclass(frozen=True)
class LoadError:
    """One problem in one place of the reference data."""

    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"
        )


class LoadErrors(Exception):  # noqa: N818 - it carries many errors, not one
    """Raised with every problem found; the caller's transaction rolls back."""

    def __init__(self, errors: Sequence[LoadError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class Origin:
    """Where a row came from, so a failure while saving it still names file and line."""

    file: str
    line: int

    def error(self, column: str, reason: str) -> LoadError:
        return LoadError(self.file, self.line, column, reason)


@dataclass(frozen=True)
class CsvRow:
    origin: Origin
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, column: str, reason: str) -> LoadError:
        return self.origin.error(column, reason)


def read_text(path: Path, errors: list[LoadError]) -> str | None:
    """The file as text (UTF-8, a byte-order mark tolerated), or None after recording why not."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        errors.append(LoadError(path.name, 0, "", _("file not found in %s") % path.parent))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        bad = data[error.start : error.start + 1].hex()
        errors.append(
            LoadError(path.name, line, "", _("not valid UTF-8 (byte 0x%s); save it as UTF-8") % bad)
        )
        return None


def read_csv(path: Path, columns: Sequence[str], errors: list[LoadError]) -> list[CsvRow]:
    """Rows of a CSV whose header must be exactly `columns` (in any order), cells stripped.

    Line numbers are those of the row's first physical line, also for quoted cells that
    span several lines. A row with the wrong number of cells is reported and skipped.
    """
    text = read_text(path, errors)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        errors.append(LoadError(path.name, 1, "", _("the file is empty")))
        return []
    except csv.Error as error:
        errors.append(LoadError(path.name, 1, "", str(error)))
        return []
    missing = [name for name in columns if name not in header]
    unexpected = [name for name in header if name not in columns]
    for name in missing:
        errors.append(LoadError(path.name, 1, name, _("column missing from the header")))
    for name in unexpected:
        errors.append(LoadError(path.name, 1, name or "?", _("unexpected column")))
    if missing or unexpected:
        return []
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(LoadError(path.name, start, "", str(error)))
            break
        if not cells:
            continue
        if len(cells) != len(header):
            errors.append(
                LoadError(
                    path.name,
                    start,
                    "",
                    _("the row has %(found)d cells; the header has %(expected)d")
                    % {"found": len(cells), "expected": len(header)},
                )
            )
            continue
        values = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        rows.append(CsvRow(Origin(path.name, start), values))
    return rows


def split_list(value: str) -> list[str]:
    """A ';'-separated cell as its non-empty items."""
    return [item.strip() for item in value.split(";") if item.strip()]


def parse_year(row: CsvRow, column: str, errors: list[LoadError]) -> int | None:
    value = row[column]
    if not value:
        return None
    if not re.fullmatch(r"\d{4}", value):
        errors.append(row.error(column, _("%r is not a year (four digits)") % value))
        return None
    return int(value)


def parse_country(
    row: CsvRow, column: str, errors: list[LoadError], *, required: bool = True
) -> str:
    """An ISO 3166-1 alpha-2 code as django-countries knows it."""
    value = row[column]
    if not value and not required:
        return ""
    if not value or countries.alpha2(value) != value:
        errors.append(row.error(column, _("%r is not an ISO 3166-1 alpha-2 country code") % value))
        return ""
    return value


def parse_choice(
    row: CsvRow, column: str, mapping: dict[str, str], errors: list[LoadError]
) -> str | None:
    value = row[column]
    if value not in mapping:
        allowed = ", ".join(sorted(mapping))
        errors.append(
            row.error(
                column,
                _("%(value)r is not one of: %(allowed)s")
                % {
                    "value": value,
                    "allowed": allowed,
                },
            )
        )
        return None
    return mapping[value]


_MONTHS = {
    month: number
    for number, month in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}


def parse_partial_date(value: str) -> datetime.date | None:
    """'2019-05-07', '2026-02' or '2015' as a date; a partial date is its period's first day.

    The first day, because a date we derive must never make a record look fresher than
    its source shows. Raises ValueError for anything else.
    """
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not match:
        raise ValueError(value)
    year, month, day = match.groups()
    return datetime.date(int(year), int(month or 1), int(day or 1))


def parse_text_date(value: str) -> datetime.date | None:
    """A full date written as '2021-03-24' or '5 Nov 2020'; None when it is not one."""
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            return datetime.date(*(int(part) for part in match.groups()))
        match = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})", value)
        if match and match.group(2).lower() in _MONTHS:
            day, month, year = match.groups()
            return datetime.date(int(year), _MONTHS[month.lower()], int(day))
    except ValueError:  # 31 Feb and the like
        return None
    return None
