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
