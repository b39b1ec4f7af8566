"""Side-by-side rows for `/compare/` and the shortlist, and their CSV form.

Pure: takes bodies loaded with `evaluation_prefetches()`, their evaluations (when a need was
chosen), certificate counts and the day, and returns rows of cells. One cell is a list of
parts (text, optional link or badge, optional note); its plain text is what the CSV holds and
what decides whether the bodies differ on that row. Dates are ISO so CSV cells are stable.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.evaluation import AccreditationChecks, CheckName, Evaluation, Outcome, core_checks
from bodies.models import Accreditation, Body

CORE_CHECKS = (CheckName.CASCO_STANDARD, CheckName.ACTIVE, CheckName.RECOGNISED)


class CompareRow(models.TextChoices):
    """Rows of the comparison and columns of its CSV export: values are stable names."""

    KIND = "kind", gettext_lazy("Kind of body")
    HEAD_OFFICE = "head_office", gettext_lazy("Head office")
    OFFICES = "offices", gettext_lazy("Offices")
    COUNTRIES = "countries", gettext_lazy("Countries with an office")
    ACCREDITATIONS = (
        "accreditations",
        gettext_lazy("Accreditations (accreditation body, CASCO standard, recognition)"),
    )
    SCHEMES = "schemes", gettext_lazy("Schemes covered")
    SECTORS = "sectors", gettext_lazy("IAF sectors covered")
    STATUS = "accreditation_status", gettext_lazy("Accreditation status and dates")
    CERTIFICATES = "certificates", gettext_lazy("Valid certificates by scheme")
    CHECK_CASCO = "check_casco_standard", CheckName.CASCO_STANDARD.label
    CHECK_ACTIVE = "check_active", CheckName.ACTIVE.label
    CHECK_SCHEME = "check_scheme", CheckName.SCHEME.label
    CHECK_SECTOR = "check_sector", CheckName.SECTOR.label
    CHECK_RECOGNISED = "check_recognised", CheckName.RECOGNISED.label
    CHECK_OFFICE = "check_office", CheckName.OFFICE.label
    CHECK_FRESHNESS = "check_freshness", CheckName.FRESHNESS.label
    CHECK_ACCREDITOR = "check_accreditor", CheckName.ACCREDITOR.label
    LAST_CHECKED = "last_checked", gettext_lazy("Accreditation data last checked")
    CERTIFICATES_UPDATED = "certificates_updated", gettext_lazy("Certificate data last received")


# CSV: identity columns, one per row above, then the export's own facts. Never reorder.
CSV_COLUMNS = ("slug", "name", "url", *CompareRow.values, "need", "generated_at")


@dataclass(frozen=True)
class Part:
    text: str
    url: str = ""
    badge: str = ""
    note: str = ""
    value: str | None = None  # plain value when it differs from the shown text

    @property
    def plain(self) -> str:
        return self.text if self.value is None else self.value


@dataclass(frozen=True)
class Cell:
    parts: tuple[Part, ...] = ()

    @property
    def text(self) -> str:
        return "; ".join(part.plain for part in self.parts)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]
    is_check: bool = False

    @property
    def differs(self) -> bool:
        return len({cell.text for cell in self.cells}) > 1

    @property
    def is_empty(self) -> bool:
        return not any(cell.parts for cell in self.cells)


def _iso(day: datetime.date | datetime.datetime | None) -> str:
    if isinstance(day, datetime.datetime):
        return day.date().isoformat()
    return day.isoformat() if day else ""


def _label(accreditation: Accreditation) -> str:
    number = f" {accreditation.number}" if accreditation.number else ""
    return f"{accreditation.accreditation_body.acronym}{number} {accreditation.standard.code}"


RECOGNITION_WORDS = {
    Outcome.PASS: gettext_lazy("recognised"),
    Outcome.WARN: gettext_lazy("recognised (unverified)"),
    Outcome.FAIL: gettext_lazy("not recognised"),
}
RECOGNITION_BADGES = {
    Outcome.PASS: "recognised",
    Outcome.WARN: "unverified",
    Outcome.FAIL: "not-recognised",
}


def _body_cells(body: Body, core: list[AccreditationChecks], certs: list[tuple[str, int]]) -> dict:
    accreditations = [item.accreditation for item in core]
    offices = list(body.offices.all())
    cells: dict[str, Cell] = {
        CompareRow.KIND: Cell((Part(str(body.get_kind_display())),)),
        CompareRow.HEAD_OFFICE: Cell(
            (Part(", ".join(filter(None, [body.city, str(body.country.name)]))),)
        ),
        CompareRow.OFFICES: Cell(
            tuple(
                Part(
                    ", ".join(filter(None, [office.city, str(office.country.name)])),
                    note=_("head office") if office.is_head_office else "",
                )
                for office in offices
            )
        ),
        CompareRow.COUNTRIES: Cell(
            tuple(
                Part(name)
                for name in sorted(
                    {str(office.country.name) for office in offices} | {str(body.country.name)}
                )
            )
        ),
    }
    parts = []
    for item in core:
        recognised = next(c for c in item.checks if c.name == CheckName.RECOGNISED)
        accreditation = item.accreditation
        parts.append(
            Part(
                _label(accreditation),
                url=accreditation.accreditation_body.get_absolute_url(),
                badge=RECOGNITION_BADGES[recognised.outcome],
                note=str(RECOGNITION_WORDS[recognised.outcome]),
                value=f"{_label(accreditation)} ({RECOGNITION_WORDS[recognised.outcome]})",
            )
        )
    cells[CompareRow.ACCREDITATIONS] = Cell(tuple(parts))
    schemes = {s.code: s for a in accreditations for s in a.schemes.all()}
    cells[CompareRow.SCHEMES] = Cell(
        tuple(Part(code, url=schemes[code].get_absolute_url()) for code in sorted(schemes))
    )
    sectors = {s.code: s for a in accreditations for s in a.sectors.all()}
    cells[CompareRow.SECTORS] = Cell(
        tuple(Part(str(code), note=sectors[code].name) for code in sorted(sectors))
    )
    cells[CompareRow.STATUS] = Cell(
        tuple(
            Part(
                f"{_label(a)}: {a.get_status_display()}",
                badge=a.status,
                note=_("granted %(granted)s, expires %(expires)s")
                % {"granted": _iso(a.granted_on) or "—", "expires": _iso(a.expires_on) or "—"},
                value=f"{_label(a)}: {a.status} ({_iso(a.granted_on)} – {_iso(a.expires_on)})",
            )
            for a in accreditations
        )
    )
    if body.shares_certificates:
        cells[CompareRow.CERTIFICATES] = Cell(
            tuple(Part(f"{code}: {n}") for code, n in certs) or (Part(_("none valid"), value="0"),)
        )
    else:
        cells[CompareRow.CERTIFICATES] = Cell(
            (Part(_("does not share certificate data"), value="not shared"),)
        )
    cells[CompareRow.LAST_CHECKED] = Cell(
        tuple(Part(f"{_label(a)}: {_iso(a.last_checked_on) or '—'}") for a in accreditations)
    )
    cells[CompareRow.CERTIFICATES_UPDATED] = Cell(
        (Part(_iso(body.certificates_updated_at)),) if body.certificates_updated_at else ()
    )
    return cells


def _check_cells(evaluation: Evaluation | None, core: list[AccreditationChecks]) -> dict:
    """With a need: the need's checklist. Without: the three core checks per accreditation."""
    cells: dict[str, Cell] = {}
    if evaluation is not None:
        for check in evaluation.checks:
            cells[f"check_{check.name}"] = Cell(
                (
                    Part(
                        check.outcome_label,
                        badge=check.outcome,
                        note=check.explanation,
                        value=check.outcome,
                    ),
                )
            )
        return cells
    for name in CORE_CHECKS:
        cells[f"check_{name}"] = Cell(
            tuple(
                Part(
                    _label(item.accreditation),
                    badge=check.outcome,
                    note=check.outcome_label,
                    value=f"{_label(item.accreditation)}: {check.outcome}",
                )
                for item in core
                for check in item.checks
                if check.name == name
            )
        )
    return cells


def compare_rows(
    bodies: Sequence[Body],
    *,
    evaluations: Sequence[Evaluation] | None,
    certificates: dict[int, list[tuple[str, int]]],
    today: datetime.date,
) -> list[Row]:
    """The comparison's rows, one cell per body in the order given (check rows are blank
    where a check does not apply to the need, e.g. no sector was chosen)."""
    columns = []
    for index, body in enumerate(bodies):
        core = core_checks(body, today=today)
        evaluation = evaluations[index] if evaluations is not None else None
        columns.append(
            {
                **_body_cells(body, core, certificates.get(body.pk, [])),
                **_check_cells(evaluation, core),
            }
        )
    return [
        Row(
            key=key,
            label=str(label),
            cells=tuple(column.get(key, Cell()) for column in columns),
            is_check=key.startswith("check_"),
        )
        for key, label in CompareRow.choices
    ]


def csv_records(
    bodies: Sequence[Body],
    rows: Sequence[Row],
    *,
    urls: Sequence[str],
    need: str,
    generated_at: str,
) -> list[list[str]]:
    """One record per body, in CSV_COLUMNS order."""
    by_key = {row.key: row for row in rows}
    return [
        [
            body.slug,
            body.name,
            urls[index],
            *(by_key[key].cells[index].text for key in CompareRow.values),
            need,
            generated_at,
        ]
        for index, body in enumerate(bodies)
    ]
