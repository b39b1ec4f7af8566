"""The reference rows demo data is built on, read once into plain values.

Demo bodies are accredited by the real accreditation bodies to the real CASCO standards,
schemes and IAF sectors that `load_reference` loads, so demo pages look like real ones.
Everything is sorted by natural keys (acronym, code), never by id, so that the same
reference data gives the same demo data whatever ids the database handed out.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from accreditation.models import (
    AccreditationBody,
    BodyKind,
    Recognition,
    RecognitionStatus,
    Sector,
    Standard,
    Standing,
)
from bodies.demo.errors import DemoDataError
from bodies.demo.vocabulary import CERTIFYING_KINDS, SCHEME_WEIGHTS, SECTOR_WEIGHTS


@dataclass(frozen=True)
class RefAB:
    id: int
    acronym: str
    country: str
    region_id: int | None
    scope_ids: frozenset[int]
    # How many recognitions it holds: the "well-known" ones accredit bodies from abroad.
    renown: int


@dataclass(frozen=True)
class RefStandard:
    id: int
    code: str


@dataclass
class DemoReference:
    listed: list[RefAB]
    flagged: list[RefAB]
    # CASCO standards a body of each kind is accredited against (only those with schemes for
    # certifying kinds, so every accreditation has something to certify to).
    casco_by_kind: dict[str, list[RefStandard]]
    schemes_by_casco: dict[int, list[RefStandard]]
    sector_ids_by_code: dict[int, int]
    _ab_cache: dict[tuple[str, int], tuple[list[RefAB], list[RefAB]]] = field(
        default_factory=dict, repr=False
    )

    @property
    def countries(self) -> list[str]:
        return sorted({ab.country for ab in self.listed if ab.country})

    def certifying_kinds(self) -> list[str]:
        """Kinds that can issue certificates here: a scheme exists for their CASCO standard."""
        return [
            kind
            for kind in CERTIFYING_KINDS
            if any(self.schemes_by_casco.get(s.id) for s in self.casco_by_kind.get(kind, []))
        ]

    def scheme_ids_for_kind(self, kind: str) -> list[int]:
        return [
            scheme.id
            for casco in self.casco_by_kind.get(kind, [])
            for scheme in self.schemes_by_casco.get(casco.id, [])
        ]

    def weighted_schemes(self, casco_id: int) -> list[tuple[int, int]]:
        """(scheme id, weight) for a CASCO standard's schemes, popular schemes weighing more."""
        return [(s.id, SCHEME_WEIGHTS.get(s.code, 1)) for s in self.schemes_by_casco[casco_id]]

    def weighted_sectors(self) -> list[tuple[int, int]]:
        return [
            (sector_id, SECTOR_WEIGHTS.get(code, 2))
            for code, sector_id in sorted(self.sector_ids_by_code.items())
        ]

    def pick_ab(
        self, rng: random.Random, *, country: str, casco_id: int, abroad: bool, exclude: set[int]
    ) -> RefAB | None:
        """An accreditation body for a body in `country`, for one CASCO standard.

        Mostly the country's own listed AB (one recognised for the standard if it has one);
        otherwise, or when `abroad`, a well-known AB recognised for the standard, from the
        same region as the country's ABs when there is one.
        """
        home, foreign = self._candidates(country, casco_id)
        home = [ab for ab in home if ab.id not in exclude]
        foreign = [ab for ab in foreign if ab.id not in exclude]
        if home and not (abroad and foreign):
            return rng.choice(home)
        if not foreign:
            return None
        # The few best-known carry most foreign accreditations.
        return rng.choices(foreign, weights=[ab.renown + 1 for ab in foreign])[0]

    def _candidates(self, country: str, casco_id: int) -> tuple[list[RefAB], list[RefAB]]:
        key = (country, casco_id)
        if key not in self._ab_cache:
            in_country = [ab for ab in self.listed if ab.country == country]
            recognised_home = [ab for ab in in_country if casco_id in ab.scope_ids]
            regions = {ab.region_id for ab in in_country if ab.region_id}
            others = [ab for ab in self.listed if ab.country != country]
            recognised = [ab for ab in others if casco_id in ab.scope_ids] or others
            same_region = [ab for ab in recognised if ab.region_id in regions]
            pool = same_region or recognised
            well_known = sorted(pool, key=lambda ab: (-ab.renown, ab.acronym))[:8]
            self._ab_cache[key] = (recognised_home or in_country, well_known)
        return self._ab_cache[key]


def load_reference() -> DemoReference:
    """Read the reference rows demo data needs; stop with a clear reason if they are missing."""
    scopes: dict[int, set[int]] = defaultdict(set)
    for ab_id, scope_id in Recognition.objects.filter(
        status=RecognitionStatus.SIGNATORY
    ).values_list("accreditation_body_id", "scope_id"):
        scopes[ab_id].add(scope_id)
    abs_ = [
        (
            RefAB(
                id=ab.id,
                acronym=ab.acronym,
                country=ab.country.code or "",
                region_id=ab.region_id,
                scope_ids=frozenset(scopes[ab.id]),
                renown=ab.n_recognitions,
            ),
            ab.standing,
        )
        for ab in AccreditationBody.objects.annotate(n_recognitions=Count("recognitions"))
        .only("id", "acronym", "country", "region_id", "standing")
        .order_by("acronym")
    ]
    listed = [ab for ab, standing in abs_ if standing == Standing.LISTED]
    flagged = [ab for ab, standing in abs_ if standing == Standing.NOT_RECOGNISED]

    casco = list(Standard.objects.casco().order_by("code").values_list("id", "code", "body_kinds"))
    schemes_by_casco: dict[int, list[RefStandard]] = defaultdict(list)
    for scheme_id, code, casco_id in (
        Standard.objects.schemes()
        .filter(casco_standard__isnull=False)
        .order_by("code")
        .values_list("id", "code", "casco_standard_id")
    ):
        schemes_by_casco[casco_id].append(RefStandard(scheme_id, code))
    casco_by_kind: dict[str, list[RefStandard]] = {}
    for kind in BodyKind.values:
        governing = [RefStandard(pk, code) for pk, code, kinds in casco if kind in (kinds or [])]
        with_schemes = [s for s in governing if schemes_by_casco.get(s.id)]
        if kind in CERTIFYING_KINDS and with_schemes:
            governing = with_schemes
        if governing:
            casco_by_kind[kind] = governing
    sectors = dict(Sector.objects.order_by("code").values_list("code", "id"))

    missing = []
    if not listed:
        missing.append(_("no listed accreditation body"))
    if BodyKind.MANAGEMENT_SYSTEM_CB not in casco_by_kind:
        missing.append(_("no CASCO standard governs management-system certification bodies"))
    if not sectors:
        missing.append(_("no IAF sector"))
    if missing:
        raise DemoDataError(
            _("Reference data is missing (%(what)s): run `manage.py load_reference` first.")
            % {"what": "; ".join(missing)}
        )
    return DemoReference(
        listed=listed,
        flagged=flagged,
        casco_by_kind=casco_by_kind,
        schemes_by_casco=dict(schemes_by_casco),
        sector_ids_by_code=sectors,
    )
