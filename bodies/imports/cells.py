"""Parsers for import cells: each returns the value or raises CellError with a plain reason.

Kept small and fast: they run once per cell on files of a million rows.
"""

import datetime
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What a looked-up cell names, for "No <what> “x” in certdir." (lazy: translated only when a
# row is refused, not once per row).
WHAT_BODY = gettext_lazy("body with the slug")
WHAT_AB = gettext_lazy("accreditation body")
WHAT_CASCO = gettext_lazy("CASCO standard")
WHAT_SCHEME = gettext_lazy("scheme")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class CellError(ValueError):
    """A cell's value is refused; the message says why in words a user can act on."""


def text(value: str, *, max_length: int, required: bool = False, multiline: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise CellError(_("This column is required."))
    if len(value) > max_length:
        raise CellError(
            _("At most %(max)d characters; this value has %(length)d.")
            % {"max": max_length, "length": len(value)}
        )
    pattern = _CONTROL if multiline else _CONTROL_OR_NEWLINE
    if pattern.search(value):
        raise CellError(_("Contains control characters or line breaks."))
    return value


def date(value: str, *, required: bool = True) -> datetime.date | None:
    value = value.strip()
    if not value:
        if required:
            raise CellError(_("A date is required (YYYY-MM-DD)."))
        return None
    if not _DATE.fullmatch(value):
        raise CellError(_("“%(value)s” is not a date written YYYY-MM-DD.") % {"value": value[:40]})
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CellError(_("“%(value)s” is not a real date.") % {"value": value}) from None


def choice(value: str, choices: dict[str, str]) -> str:
    """One of `choices` (value -> label), case-insensitively."""
    key = value.strip().lower()
    if key not in choices:
        raise CellError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value.strip()[:40], "choices": ", ".join(choices)}
        )
    return key


def lookup(value: str, table: dict[str, int], *, what: object) -> int:
    """An id from a table keyed by lower-cased slug / code / acronym."""
    key = value.strip().lower()
    if not key:
        raise CellError(_("This column is required."))
    try:
        return table[key]
    except KeyError:
        raise CellError(
            _("No %(what)s “%(value)s” in certdir.") % {"what": what, "value": value.strip()[:80]}
        ) from None


def sector_ids(value: str, sectors: dict[int, int]) -> list[int]:
    """IAF sector codes separated by ';' -> Sector ids (empty cell: no sectors)."""
    ids = []
    for part in value.split(";"):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) not in sectors:
            raise CellError(
                _("“%(value)s” is not an IAF sector code (1 to 39).") % {"value": part[:20]}
            )
        ids.append(sectors[int(part)])
    return sorted(set(ids))


def list_lookup(value: str, table: dict[str, int], *, what: object) -> list[int]:
    """Several `lookup` values separated by ';'."""
    return sorted({lookup(part, table, what=what) for part in value.split(";") if part.strip()})
