"""CSV exports: cells safe to open in a spreadsheet, streamed row by row.

Every CSV download of certdir goes through `csv_response`, so formula injection is handled
once: a cell starting with = + - @ (or a tab / carriage return, which some spreadsheets skip
before reading a formula) gets a leading apostrophe, which spreadsheets show as text.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The cell's text, neutralised if a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() returns the line, for streaming (Django docs)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def _in_blocks(lines: Iterable[str], size: int = 65_536) -> Iterator[str]:
    """Lines joined into blocks of about `size` characters: one socket write (and one HTTP
    chunk) per block instead of per row, which dominated long exports."""
    block: list[str] = []
    length = 0
    for line in lines:
        block.append(line)
        length += len(line)
        if length >= size:
            yield "".join(block)
            block, length = [], 0
    if block:
        yield "".join(block)


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> StreamingHttpResponse:
    """A streamed CSV download (UTF-8, RFC 4180 quoting) named `filename`."""
    response = StreamingHttpResponse(
        _in_blocks(csv_lines(header, rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
