"""bodies.csv: spreadsheet-safe cells and a streamed response every export reuses."""

import csv
import io

import pytest

from bodies.csv import csv_response, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-5", "'-5"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("ISO 9001", "ISO 9001"),
        ("a=b", "a=b"),
        ("2026-11-29", "2026-11-29"),
        (42, "42"),
        (None, ""),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_formula_triggers_and_nothing_else(value, expected):
    assert safe_cell(value) == expected


def test_csv_response_streams_quoted_rows_that_read_back_unchanged():
    rows = [["a, b", 'say "hi"', "line\nbreak"], ["=x", "", 3]]
    response = csv_response(filename="certdir-test.csv", header=["one", "two", "three"], rows=rows)
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="certdir-test.csv"'
    text = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(text))) == [
        ["one", "two", "three"],
        ["a, b", 'say "hi"', "line\nbreak"],
        ["'=x", "", "3"],
    ]


def test_long_exports_stream_in_blocks_not_one_write_per_row_and_lazily():
    consumed = []

    def rows():
        for n in range(20_000):
            consumed.append(n)
            yield [f"holder {n}", n]

    response = csv_response(filename="certdir-test.csv", header=["holder", "n"], rows=rows())
    chunks = iter(response.streaming_content)
    first = next(chunks)
    assert 1_000 < len(consumed) < 20_000  # the first block is sent before the rest is read
    rest = list(chunks)
    assert 2 <= len(rest) < 100
    lines = b"".join([first, *rest]).decode().splitlines()
    assert len(lines) == 20_001
    assert lines[-1] == "holder 19999,19999"
