"""Demo certificates, generated lazily in chunks of plain tuples (millions of rows).

Each issuing body gets its own `random.Random` seeded from the demo seed and the body's
position, so the rows do not depend on chunk sizes or on the database: SQLite and
PostgreSQL get the same certificates. Nothing here builds a model instance per certificate;
only the few certificates whose status change is recorded get one (to reuse
`Certificate.build_status_change`).

Realism knobs, per certificate: 2% issued without accreditation; 1.5% to a scheme and 3%
with a sector outside the accreditation's scope (the verification page has to catch those);
3% suspended and 3% withdrawn, half of them with a recorded status change; expiry three
years after issue, so ~12% are past it (60% of those marked expired, the rest still "valid",
as stale data is).
"""

import datetime
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from accreditation.models import BodyKind
from bodies.demo.accreditations import CERTIFICATE_ISSUE_SPAN_DAYS, DAY
from bodies.demo.plan import PlannedBody
from bodies.demo.population import noon
from bodies.demo.reference import DemoReference
from bodies.demo.vocabulary import (
    DEMO_SOURCE,
    HOLDER_SUFFIX_DEFAULT,
    HOLDER_SUFFIXES,
    PERSONS_SCOPES,
    PRODUCT_SCOPES,
    SCOPE_ACTIVITIES,
    STATUS_CHANGE_NOTES,
)
from bodies.models import Accreditation, Certificate, CertificateStatus, StatusChange

# Column order of the tuples `certificate_chunks` yields (model field names).
CERTIFICATE_FIELDS = [
    "id",
    "number",
    "holder_name",
    "holder_country",
    "issuing_body",
    "accreditation",
    "scheme",
    "scope",
    "issued_on",
    "expires_on",
    "status",
    "created_at",
    "updated_at",
]
CERTIFICATE_SECTOR_FIELDS = ["certificate", "sector"]
_STATUS_CHANGE_COLUMNS = [f for f in StatusChange._meta.concrete_fields if not f.primary_key]
STATUS_CHANGE_FIELDS = [f.name for f in _STATUS_CHANGE_COLUMNS]

SHARE_UNACCREDITED = 0.02
SHARE_SCHEME_NOT_COVERED = 0.015
SHARE_SECTOR_NOT_COVERED = 0.03
SHARE_EXPIRED_MARKED = 0.6
SHARE_SUSPENDED = 0.03
SHARE_WITHDRAWN = 0.03
SHARE_CHANGES_RECORDED = 0.5
# Holders come from the body's office countries, and sometimes from anywhere.
SHARE_HOLDERS_ABROAD = 0.15
HOLDER_COUNTRIES = ["US", "DE", "CN", "IN", "GB", "IT", "FR", "ES", "BR", "JP", "TR", "AE"]
VALID, SUSPENDED, WITHDRAWN, EXPIRED = (
    CertificateStatus.VALID.value,
    CertificateStatus.SUSPENDED.value,
    CertificateStatus.WITHDRAWN.value,
    CertificateStatus.EXPIRED.value,
)


@dataclass
class CertificateChunk:
    rows: list[tuple]
    sector_rows: list[tuple[int, int]]
    status_change_rows: list[tuple]


@dataclass
class _Source:
    """One way a body issues certificates: under an accreditation, or without one."""

    accreditation: Accreditation | None
    schemes: list[int]  # weighted by repetition
    schemes_not_covered: list[int]
    sectors: list[int]
    sectors_not_covered: list[int]
    first_day: int  # ordinals
    last_day: int


class _Dates:
    """ISO strings for ordinals, and the expiry (three years less a day) of an issue date."""

    def __init__(self) -> None:
        self._iso: dict[int, str] = {}
        self._expiry: dict[int, int] = {}

    def iso(self, ordinal: int) -> str:
        text = self._iso.get(ordinal)
        if text is None:
            text = self._iso[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        return text

    def expiry(self, ordinal: int) -> int:
        expires = self._expiry.get(ordinal)
        if expires is None:
            day = datetime.date.fromordinal(ordinal)
            try:
                later = day.replace(year=day.year + 3)
            except ValueError:  # 29 February
                later = day.replace(year=day.year + 3, day=28)
            expires = self._expiry[ordinal] = (later - DAY).toordinal()
        return expires


def certificate_chunks(
    plans: list[PlannedBody],
    reference: DemoReference,
    *,
    seed: int,
    as_of: datetime.date,
    first_id: int,
    chunk_size: int,
    null: object,
    adapt_datetime: Callable[[datetime.datetime], object],
) -> Iterator[CertificateChunk]:
    """Chunks of certificate rows (ids from `first_id` on), their sectors and timelines.

    `null` is what the writer wants for SQL NULL (`\\N` for COPY, None for executemany);
    dates are ISO strings, which both databases accept. Status changes are built by
    `Certificate.build_status_change` and flattened to rows in STATUS_CHANGE_FIELDS order.
    """
    dates = _Dates()
    short_codes = {
        scheme.id: _short_code(scheme.code)
        for schemes in reference.schemes_by_casco.values()
        for scheme in schemes
    }
    all_sectors = [sector_id for sector_id, _ in reference.weighted_sectors()]
    next_id = first_id
    chunk = CertificateChunk([], [], [])
    for plan in plans:
        if not plan.certificates:
            continue
        issuer = _Issuer(
            plan, reference, all_sectors, as_of, seed, adapt_datetime(plan.certificates_updated_at)
        )
        for _ in range(plan.certificates):
            issuer.add(next_id, chunk, dates, short_codes, null, adapt_datetime)
            next_id += 1
            if len(chunk.rows) >= chunk_size:
                yield chunk
                chunk = CertificateChunk([], [], [])
    if chunk.rows:
        yield chunk


def _short_code(code: str) -> str:
    """'ISO/IEC 27001' -> '27001', 'GLOBALG.A.P. IFA' -> 'GLOB': a certificate number part."""
    digits = "".join(re.findall(r"\d+", code.split(":")[0]))
    return digits[:6] or re.sub(r"[^A-Z]", "", code.upper())[:4] or "X"


class _Issuer:
    """Draws one body's certificates; all of its randomness comes from its own Random."""

    def __init__(
        self,
        plan: PlannedBody,
        reference: DemoReference,
        all_sectors: list[int],
        as_of: datetime.date,
        seed: int,
        created_at: object,
    ) -> None:
        self.rng = random.Random(f"certdir-demo:{seed}:certificates:{plan.index}")
        self.plan = plan
        self.as_of = as_of.toordinal()
        self.created_at = created_at
        self.sequence = 0
        self.width = max(6, len(str(plan.certificates)))
        self.number_style = self.rng.randrange(4)
        self.holders = max(10, plan.certificates * 2 // 3)
        kind_schemes = reference.scheme_ids_for_kind(plan.kind)
        uses_sectors = plan.kind == BodyKind.MANAGEMENT_SYSTEM_CB
        self.scopes = {
            BodyKind.PRODUCT_CB: PRODUCT_SCOPES,
            BodyKind.PERSONS_CB: PERSONS_SCOPES,
        }.get(plan.kind, SCOPE_ACTIVITIES)
        office_countries = [country for country, *_ in plan.offices]
        # The head office issues most certificates.
        self.countries = [plan.country] * 3 + office_countries
        window_start = self.as_of - CERTIFICATE_ISSUE_SPAN_DAYS
        self.unaccredited = _Source(
            None,
            kind_schemes,
            [],
            all_sectors if uses_sectors else [],
            [],
            window_start,
            self.as_of,
        )
        self.sources: list[_Source] = []
        weights = []
        for planned in plan.accreditations:
            if planned.issue_window is None or not planned.scheme_ids:
                continue
            start, end = planned.issue_window
            schemes = [
                scheme_id
                for scheme_id, weight in reference.weighted_schemes(planned.casco_id)
                if scheme_id in planned.scheme_ids
                for _ in range(weight)
            ]
            covered = set(planned.sector_ids)
            self.sources.append(
                _Source(
                    planned.obj,
                    schemes,
                    [s for s in kind_schemes if s not in planned.scheme_ids],
                    planned.sector_ids,
                    [s for s in all_sectors if s not in covered] if covered else [],
                    start.toordinal(),
                    end.toordinal(),
                )
            )
            weights.append(1.0 if planned.status == "active" else 0.3)
        total = sum(weights)
        self.cumulative = []
        running = 0.0
        for weight in weights:
            running += weight / total
            self.cumulative.append(running)

    def _source(self) -> _Source:
        r = self.rng.random
        if not self.sources or r() < SHARE_UNACCREDITED:
            return self.unaccredited
        draw = r()
        for source, bound in zip(self.sources, self.cumulative, strict=True):
            if draw < bound:
                return source
        return self.sources[-1]

    def add(
        self,
        certificate_id: int,
        chunk: CertificateChunk,
        dates: _Dates,
        short_codes: dict[int, str],
        null: object,
        adapt_datetime: Callable[[datetime.datetime], object],
    ) -> None:
        r = self.rng.random
        source = self._source()
        if source.schemes_not_covered and r() < SHARE_SCHEME_NOT_COVERED:
            scheme = source.schemes_not_covered[int(r() * len(source.schemes_not_covered))]
        else:
            scheme = source.schemes[int(r() * len(source.schemes))]
        if source.sectors:
            wanted = 1 if (draw := r()) < 0.7 else (2 if draw < 0.92 else 3)
            sectors = {source.sectors[int(r() * len(source.sectors))] for _ in range(wanted)}
            if source.sectors_not_covered and r() < SHARE_SECTOR_NOT_COVERED:
                sectors.add(source.sectors_not_covered[int(r() * len(source.sectors_not_covered))])
            chunk.sector_rows.extend((certificate_id, sector) for sector in sorted(sectors))
        issued = source.first_day + int(r() * (source.last_day - source.first_day + 1))
        expires = dates.expiry(issued)
        draw = r()
        if expires < self.as_of:
            status = EXPIRED if draw < SHARE_EXPIRED_MARKED else VALID
        elif draw < SHARE_SUSPENDED:
            status = SUSPENDED
        elif draw < SHARE_SUSPENDED + SHARE_WITHDRAWN:
            status = WITHDRAWN
        else:
            status = VALID
        country = (
            HOLDER_COUNTRIES[int(r() * len(HOLDER_COUNTRIES))]
            if r() < SHARE_HOLDERS_ABROAD
            else self.countries[int(r() * len(self.countries))]
        )
        holder = f"Demo Holder {int(r() * self.holders) + 1:07d} "
        holder += HOLDER_SUFFIXES.get(country, HOLDER_SUFFIX_DEFAULT)
        self.sequence += 1
        chunk.rows.append(
            (
                certificate_id,
                self._number(short_codes[scheme], issued),
                holder,
                country,
                self.plan.obj.pk,
                source.accreditation.pk if source.accreditation else null,
                scheme,
                self.scopes[int(r() * len(self.scopes))],
                dates.iso(issued),
                dates.iso(expires),
                status,
                self.created_at,
                self.created_at,
            )
        )
        if status in (SUSPENDED, WITHDRAWN) and r() < SHARE_CHANGES_RECORDED:
            day = datetime.date.fromordinal(issued + int(r() * (self.as_of - issued + 1)))
            certificate = Certificate(
                id=certificate_id,
                issuing_body_id=self.plan.obj.pk,
                accreditation=source.accreditation,
            )
            change = certificate.build_status_change(
                old_status=VALID,
                new_status=status,
                effective_on=day.isoformat(),
                source=DEMO_SOURCE,
                note=STATUS_CHANGE_NOTES[status],
                recorded_at=adapt_datetime(noon(day)),
            )
            values = (getattr(change, f.attname) for f in _STATUS_CHANGE_COLUMNS)
            chunk.status_change_rows.append(tuple(null if v is None else v for v in values))

    def _number(self, scheme_code: str, issued: int) -> str:
        """Per-body numbering; every style ends in the zero-padded sequence, so numbers stay
        unique per body even with case, spaces and dashes ignored."""
        sequence = f"{self.sequence:0{self.width}d}"
        prefix = self.plan.acronym
        style = self.number_style
        if style == 0:
            year = datetime.date.fromordinal(issued).year
            return f"{prefix}-{scheme_code}-{year}-{sequence}"
        if style == 1:
            return f"{prefix} {sequence}"
        if style == 2:
            return f"{prefix}/{scheme_code}/{sequence}"
        return f"{prefix}{datetime.date.fromordinal(issued).year % 100:02d}-{sequence}"
