"""The demo population planned in memory: bodies, offices, accreditations, certificate counts.

Every random draw comes from the one `random.Random` passed in, in a fixed order, so a seed
gives the same population. Names are invented (see `vocabulary`), countries follow the
certification market, and only ~70% of the bodies that certify share certificate data.
"""

import datetime
import math
import random
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

from bodies.demo.accreditations import PlannedAccreditation, plan_accreditations
from bodies.demo.errors import DemoDataError
from bodies.demo.reference import DemoReference
from bodies.demo.vocabulary import (
    CITIES,
    COUNTRIES_WITHOUT_AB,
    COUNTRY_WEIGHTS,
    DEMO_SLUG_PREFIX,
    DEMO_SUFFIX,
    KIND_PHRASES,
    KIND_WEIGHTS,
    NAME_HEADS,
    NAME_TAILS,
    STREET_KINDS,
)
from bodies.models import Body

SHARE_OF_BODIES_SHARING_CERTIFICATES = 0.7


@dataclass
class PlannedBody:
    index: int
    kind: str
    name: str
    slug: str
    acronym: str
    country: str
    city: str
    founded_year: int
    street: str
    offices: list[tuple[str, str, bool, bool]]  # country, city, head office, accredited
    accreditations: list[PlannedAccreditation] = field(default_factory=list)
    shares_certificates: bool = False
    certificates_updated_at: datetime.datetime | None = None
    certificates: int = 0
    obj: Body | None = None


def plan_population(
    rng: random.Random,
    reference: DemoReference,
    *,
    bodies: int,
    certificates: int,
    as_of: datetime.date,
    taken_slugs: set[str],
) -> list[PlannedBody]:
    """Every demo body with its offices, accreditations and share of the certificates."""
    kinds = list(KIND_WEIGHTS)
    countries = sorted({*reference.countries, *COUNTRIES_WITHOUT_AB})
    country_weights = [COUNTRY_WEIGHTS.get(code, 1) for code in countries]
    certifying = set(reference.certifying_kinds())
    numbers: dict[int, int] = {}
    names: set[str] = set()
    plans = []
    for index in range(bodies):
        # The first bodies take one kind each, so even a small population has every kind.
        kind = (
            kinds[index]
            if index < len(kinds)
            else rng.choices(kinds, weights=list(KIND_WEIGHTS.values()))[0]
        )
        name = _unique_name(rng, kind, names)
        slug = _unique_slug(name, index, taken_slugs)
        country = rng.choices(countries, weights=country_weights)[0]
        body = PlannedBody(
            index=index,
            kind=kind,
            name=f"{name} {DEMO_SUFFIX}",
            slug=slug,
            acronym="".join(word[0] for word in name.split()).upper()[:6],
            country=country,
            city=_city(rng, country),
            founded_year=rng.randint(1950, as_of.year - 2),
            street=(
                f"{rng.randint(1, 240)} {rng.choice(NAME_HEADS)}{rng.choice(NAME_TAILS)} "
                f"{rng.choice(STREET_KINDS)}"
            ),
            offices=[],
        )
        body.accreditations = plan_accreditations(
            rng, reference, kind=kind, country=country, as_of=as_of, numbers=numbers
        )
        body.offices = _plan_offices(rng, body, countries, country_weights)
        body.shares_certificates = (
            kind in certifying and rng.random() < SHARE_OF_BODIES_SHARING_CERTIFICATES
        )
        plans.append(body)
    _allocate_certificates(rng, plans, certificates, certifying, as_of)
    return plans


def _unique_name(rng: random.Random, kind: str, names: set[str]) -> str:
    """An invented name; after a few collisions, a longer (two-word) one."""
    for attempt in range(40):
        word = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        if attempt >= 8:
            word = f"{word} {rng.choice(NAME_HEADS)}{rng.choice(NAME_TAILS)}"
        name = f"{word} {rng.choice(KIND_PHRASES[kind])}"
        if name not in names:
            names.add(name)
            return name
    raise DemoDataError(_("ran out of invented names"))  # pragma: no cover - 10^6 combinations


def _unique_slug(name: str, index: int, taken: set[str]) -> str:
    slug = f"{DEMO_SLUG_PREFIX}{slugify(name)}"
    if slug in taken:
        slug = f"{slug}-{index}"
    taken.add(slug)
    return slug


def _city(rng: random.Random, country: str) -> str:
    cities = CITIES.get(country)
    return rng.choice(cities) if cities else ""


def _plan_offices(
    rng: random.Random, body: PlannedBody, countries: list[str], weights: list[int]
) -> list[tuple[str, str, bool, bool]]:
    accredited = bool(body.accreditations)
    offices = [(body.country, body.city, True, accredited)]
    used = {body.country}
    for _office in range(rng.choices(range(5), weights=[35, 30, 20, 10, 5])[0]):
        country = rng.choices(countries, weights=weights)[0]
        if country in used:
            continue
        used.add(country)
        offices.append((country, _city(rng, country), False, accredited and rng.random() < 0.4))
    return offices


def _allocate_certificates(
    rng: random.Random,
    plans: list[PlannedBody],
    certificates: int,
    certifying: set[str],
    as_of: datetime.date,
) -> None:
    """Share certificates among the bodies that share data: a few big ones, many small ones."""
    sharing = [body for body in plans if body.shares_certificates]
    if certificates and not sharing:
        issuers = [body for body in plans if body.kind in certifying]
        if not issuers:
            raise DemoDataError(
                _(
                    "--certificates needs certification bodies that can issue them, and "
                    "there are none: no scheme points to a CASCO standard that governs "
                    "certification bodies (run `manage.py load_reference` first), or pass "
                    "--certificates 0"
                )
            )
        issuers[0].shares_certificates = True
        sharing = issuers[:1]
    midnight = datetime.datetime.combine(as_of, datetime.time(), tzinfo=datetime.UTC)
    weights = [rng.lognormvariate(0, 1.2) for _ in sharing]
    total = sum(weights)
    shares = [certificates * weight / total for weight in weights] if sharing else []
    counts = [math.floor(share) for share in shares]
    # Largest remainders get the rounding leftovers, so counts add up exactly.
    by_remainder = sorted(range(len(shares)), key=lambda i: (counts[i] - shares[i], i))
    for i in by_remainder[: certificates - sum(counts)]:
        counts[i] += 1
    for body, count in zip(sharing, counts, strict=True):
        body.certificates = count
        body.certificates_updated_at = midnight - datetime.timedelta(
            days=rng.randint(0, 45), hours=rng.randint(0, 23)
        )
