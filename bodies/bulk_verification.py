"""Bulk verification: a CSV of supplier certificates in, the same rows with outcomes out.

Input: a UTF-8 CSV with a header row naming `number` and optionally `body` (name, acronym or
slug of the issuing body) and `holder`; other columns are passed through untouched. Up to
CERTDIR_BULK_VERIFY_MAX_ROWS rows. A malformed row gets a message in the `error` column and
the others are still verified.

Rows are verified in chunks: each chunk costs a fixed number of queries (one lookup of the
bodies named, one of the numbers with their prefetches), never a query per row. Every cell
written back goes through `bodies.csv.safe_cell` (via `csv_response`).
"""

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from bodies.models import Body, Certificate, normalise_certificate_number
from bodies.queries.verify import bodies_for_texts, certificates_for_numbers
from bodies.validators import clean_number
from bodies.verification import CheckLevel, not_found, verify_certificate

CHUNK_SIZE = 500
TEXT_MAX_LENGTH = 200

_HEADER_ALIASES = {
    "number": "number",
    "certificate_number": "number",
    "certificate": "number",
    "body": "body",
    "issuing_body": "body",
    "certification_body": "body",
    "holder": "holder",
    "holder_name": "holder",
    "organisation": "holder",
    "organization": "holder",
}

OUTPUT_COLUMNS = [
    "result",
    "status",
    "verdict",
    "summary",
    "holder_on_record",
    "holder_match",
    "issuing_body",
    "scheme",
    "issued_on",
    "expires_on",
    "accreditation",
    "points_to_check",
    "certificate_url",
    "error",
]


class Result:
    VERIFIED = "verified"
    NOT_FOUND = "not_found"
    SEVERAL = "several_matches"
    BODY_AMBIGUOUS = "body_ambiguous"
    ERROR = "error"


@dataclass
class Row:
    line: int
    cells: list[str]
    number: str = ""
    body: str = ""
    holder: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class BulkInput:
    header: list[str]
    rows: list[Row]


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 text from CSV bytes, refusing other encodings and NUL bytes with a clear reason."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ValidationError(
            _("The file contains a NUL byte (line %(line)d): it is not a text CSV file.")
            % {"line": line},
            code="nul",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "The file is not UTF-8 text (line %(line)d, byte %(byte)d). Save it as "
                "“CSV UTF-8” and upload it again."
            )
            % {"line": line, "byte": error.start + 1},
            code="encoding",
        ) from None


def _key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def parse(text: str, *, max_rows: int) -> BulkInput:
    """Read the file's rows; file-level problems raise ValidationError, row problems are kept."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise ValidationError(
            _("The file is not valid CSV: %(reason)s.") % {"reason": error}
        ) from None
    records = [r for r in records if any(cell.strip() for cell in r)] if records else []
    if not records:
        raise ValidationError(_("The file is empty: it needs a header row and at least one row."))
    header = records[0]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        role = _HEADER_ALIASES.get(_key(name))
        if role and role not in columns:
            columns[role] = index
    if "number" not in columns:
        raise ValidationError(
            _("The header row must name a “number” column (found: %(found)s).")
            % {"found": ", ".join(header[:10]) or _("nothing")}
        )
    if len(records) - 1 > max_rows:
        raise ValidationError(
            _("The file has %(count)d rows; at most %(max)d can be verified at once.")
            % {"count": len(records) - 1, "max": max_rows}
        )
    rows = []
    for line, cells in enumerate(records[1:], start=2):
        row = Row(line=line, cells=cells)
        if len(cells) != len(header):
            row.errors.append(
                _("This row has %(cells)d cells; the header has %(header)d.")
                % {"cells": len(cells), "header": len(header)}
            )
        for role, index in columns.items():
            value = cells[index].strip() if index < len(cells) else ""
            if role == "number":
                try:
                    row.number = clean_number(value)
                except ValidationError as error:
                    row.errors.extend(error.messages)
            elif len(value) > TEXT_MAX_LENGTH:
                row.errors.append(
                    _("The %(column)s is longer than %(max)d characters.")
                    % {"column": header[index], "max": TEXT_MAX_LENGTH}
                )
            else:
                setattr(row, role, " ".join(value.split()))
        rows.append(row)
    return BulkInput(header=header, rows=rows)


def _holder_key(name: str) -> str:
    return " ".join(re.sub(r"[.,;:()\"']", " ", name).casefold().split())


def holder_match(expected: str, on_record: str) -> str:
    """yes / partial / no: does the holder named in the file match the one on record?"""
    if not expected:
        return ""
    a, b = _holder_key(expected), _holder_key(on_record)
    if a == b:
        return "yes"
    if a and b and (a in b or b in a):
        return "partial"
    return "no"


def _outcome(**values: str) -> dict[str, str]:
    return {column: values.get(column, "") for column in OUTPUT_COLUMNS}


def _verified(row: Row, certificate: Certificate, day: datetime.date, base_url: str) -> dict:
    verdict = verify_certificate(certificate, day=day)
    accreditation = verdict.accreditation
    return _outcome(
        result=Result.VERIFIED,
        status=verdict.status,
        verdict=verdict.level,
        summary=verdict.summary(),
        holder_on_record=certificate.holder_name,
        holder_match=holder_match(row.holder, certificate.holder_name),
        issuing_body=certificate.issuing_body.name,
        scheme=certificate.scheme.code,
        issued_on=certificate.issued_on.isoformat(),
        expires_on=certificate.expires_on.isoformat(),
        accreditation=(
            f"{accreditation.accreditation_body.acronym} {accreditation.number}".strip()
            if accreditation
            else ""
        ),
        points_to_check=" | ".join(
            check.message for check in verdict.checks if check.level != CheckLevel.PASS
        ),
        certificate_url=base_url.rstrip("/") + certificate.get_absolute_url(),
    )


def _row_outcome(
    row: Row,
    *,
    bodies: dict[str, list[Body]],
    by_number: dict[str, list[Certificate]],
    day: datetime.date,
    base_url: str,
) -> dict[str, str]:
    if row.errors:
        return _outcome(result=Result.ERROR, error=" ".join(row.errors))
    body = None
    body_note = ""
    if row.body:
        matches = bodies.get(row.body, [])
        if len(matches) > 1:
            return _outcome(
                result=Result.BODY_AMBIGUOUS,
                summary=_("Several bodies match “%(body)s”: %(names)s. Use the body's slug.")
                % {"body": row.body, "names": "; ".join(f"{b.name} ({b.slug})" for b in matches)},
            )
        body = matches[0] if matches else None
        if body is None:
            body_note = _("We know no body called “%(body)s”.") % {"body": row.body}
    candidates = by_number.get(normalise_certificate_number(row.number), [])
    if body is not None:
        candidates = [c for c in candidates if c.issuing_body_id == body.pk]
    if len(candidates) > 1 and row.holder:
        matching = [c for c in candidates if holder_match(row.holder, c.holder_name) != "no"]
        candidates = matching or candidates
    if not candidates:
        answer = not_found(number=row.number, body=body, body_query=row.body)
        return _outcome(result=Result.NOT_FOUND, verdict=answer.kind, summary=answer.advice())
    if len(candidates) > 1:
        return _outcome(
            result=Result.SEVERAL,
            summary=" ".join(
                [
                    body_note,
                    _("Certificates with this number were issued by: %(bodies)s. Add the body.")
                    % {"bodies": "; ".join(c.issuing_body.name for c in candidates)},
                ]
            ).strip(),
        )
    outcome = _verified(row, candidates[0], day, base_url)
    if body_note:
        outcome["points_to_check"] = " | ".join(
            filter(None, [body_note, outcome["points_to_check"]])
        )
    return outcome


def output_header(bulk: BulkInput) -> list[str]:
    return [*bulk.header, *OUTPUT_COLUMNS]


def verify_rows(bulk: BulkInput, *, day: datetime.date, base_url: str) -> list[list[str]]:
    """Every row with the outcome columns appended, verified chunk by chunk.

    Built whole before answering (at most a few thousand rows), so that a failure is an
    error page rather than a truncated download. Cells are neutralised by the CSV writer
    (`bodies.csv`).
    """
    width = len(bulk.header)
    out = []
    for start in range(0, len(bulk.rows), CHUNK_SIZE):
        chunk = bulk.rows[start : start + CHUNK_SIZE]
        valid = [row for row in chunk if not row.errors]
        bodies = bodies_for_texts(row.body for row in valid)
        by_number: dict[str, list[Certificate]] = defaultdict(list)
        for certificate in certificates_for_numbers([row.number for row in valid]):
            by_number[normalise_certificate_number(certificate.number)].append(certificate)
        for row in chunk:
            outcome = _row_outcome(
                row, bodies=bodies, by_number=by_number, day=day, base_url=base_url
            )
            out.append([*(row.cells + [""] * width)[:width], *outcome.values()])
    return out
