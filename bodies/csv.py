"""CSV output shared by every export: cells that a spreadsheet would run as formulas are defused.

A cell starting with =, +, - or @ (or a tab or carriage return, which some spreadsheets skip
before looking) is read as a formula by Excel, LibreOffice and Google Sheets; prefixing it with
an apostrophe makes it plain text without changing what a person reads.
"""

import datetime
from typing import Any

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The text to write in a CSV cell, neutralised if it could run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text
