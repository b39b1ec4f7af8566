"""Source rows from the `| key | source | date |` tables of SOURCES.md.

Each CSV row cites sources by key; loading the tables lets the site turn a key into the
document, its address and its date.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from accreditation.reference.files import LoadError, Origin, read_text

SOURCES_FILE = "SOURCES.md"
_TABLE_HEADER = re.compile(r"\|\s*key\s*\|\s*source\s*\|\s*date\s*\|")
_URL = re.compile(r"https?://[^\s;]+")


@dataclass(frozen=True)
class SourceRow:
    origin: Origin
    key: str
    citation: str
    url: str
    dated: str
    section: str


def first_url(citation: str) -> str:
    """The first http(s) address of a citation, without trailing punctuation."""
    match = _URL.search(citation)
    return match.group(0).rstrip(".,)") if match else ""


def read_sources(data_dir: Path, errors: list[LoadError]) -> list[SourceRow]:
    """Rows of every key table; `section` is the nearest `###` heading above the table."""
    text = read_text(data_dir / SOURCES_FILE, errors)
    if text is None:
        return []
    rows: list[SourceRow] = []
    seen: dict[str, int] = {}
    section, in_table = "", False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("### "):
            section, in_table = stripped[4:].strip(), False
            continue
        if _TABLE_HEADER.fullmatch(stripped):
            in_table = True
            continue
        if not in_table:
            continue
        if not stripped.startswith("|"):
            in_table = False
            continue
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        if set("".join(cells)) <= set("-: "):
            continue  # the |---|---|---| rule under the header
        origin = Origin(SOURCES_FILE, number)
        if len(cells) < 3 or not cells[0]:
            errors.append(origin.error("key", _("a table row needs key | source | date")))
            continue
        key, citation, dated = cells[0], "|".join(cells[1:-1]).strip(), cells[-1]
        if key in seen:
            errors.append(
                origin.error(
                    "key",
                    _("%(key)r is already defined on line %(line)d")
                    % {"key": key, "line": seen[key]},
                )
            )
            continue
        seen[key] = number
        rows.append(SourceRow(origin, key, citation, first_url(citation), dated, section))
    if not rows and not errors:
        errors.append(LoadError(SOURCES_FILE, 0, "", _("no `| key | source | date |` table found")))
    return rows
