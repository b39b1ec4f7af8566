"""What the buyer's checks take and give: the need, checks with their evidence, evaluations."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accreditation.models import AccreditationBody, BodyKind, Sector, Standard
from bodies.models import Accreditation, Body

# An active accreditation expiring within this many days (inclusive) is a warning.
EXPIRY_WARNING_DAYS = 90


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    WARN = "warn", _("Warning")
    FAIL = "fail", _("Fail")


class CheckName(models.TextChoices):
    """The checks, in the order they are shown; values are stable (CSV columns, CSS hooks)."""

    CASCO_STANDARD = "casco_standard", _("Right CASCO standard for the kind of body")
    ACTIVE = "active", _("Accreditation active")
    SCHEME = "scheme", _("Scope covers the scheme")
    SECTOR = "sector", _("Scope covers the sector")
    RECOGNISED = "recognised", _("Accreditor recognised for this scope")
    OFFICE = "office", _("Office in your country")
    FRESHNESS = "freshness", _("Data freshness")
    ACCREDITOR = "accreditor", _("Accredited by the accreditation body you chose")


@dataclass(frozen=True)
class Need:
    """What a buyer needs assessed, and where: the input of `evaluate`.

    `cascos` are the CASCO standards a body must be accredited against (a scheme's own
    CASCO standard, or those governing the kind of body a non-scheme need calls for);
    `kinds` the kinds of body that meet the need. `office_required` only narrows the
    candidate list; the office check is made whenever `countries` is given.
    """

    cascos: tuple[Standard, ...]
    kinds: frozenset[str]
    scheme: Standard | None = None
    countries: tuple[str, ...] = ()
    sector: Sector | None = None
    accreditation_body: AccreditationBody | None = None
    office_required: bool = False

    @property
    def label(self) -> str:
        if self.scheme is not None:
            return self.scheme.code
        return ", ".join(str(BodyKind(kind).label) for kind in sorted(self.kinds))

    @property
    def country_names(self) -> list[str]:
        return [str(countries.name(code)) for code in self.countries]

    @property
    def casco_ids(self) -> frozenset[int]:
        return frozenset(standard.pk for standard in self.cascos)


@dataclass(frozen=True)
class Evidence:
    """One fact behind a verdict, with the page it can be checked on."""

    label: str
    text: str
    url: str = ""


@dataclass(frozen=True)
class Check:
    name: str
    outcome: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()

    @property
    def title(self) -> str:
        return CheckName(self.name).label

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label


def _worst(outcomes: set[str]) -> str:
    for outcome in (Outcome.FAIL, Outcome.WARN):
        if outcome in outcomes:
            return outcome
    return Outcome.PASS


@dataclass(frozen=True)
class Evaluation:
    """A body's checklist for a need, made on the body's best accreditation for it."""

    body: Body
    need: Need
    accreditation: Accreditation | None
    checks: tuple[Check, ...]

    def count(self, outcome: str) -> int:
        return sum(1 for check in self.checks if check.outcome == outcome)

    @property
    def passed(self) -> int:
        return self.count(Outcome.PASS)

    @property
    def warnings(self) -> int:
        return self.count(Outcome.WARN)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAIL)

    @property
    def verdict(self) -> str:
        """The worst outcome: what a one-word summary of the checklist must say."""
        return _worst({check.outcome for check in self.checks})

    @property
    def flagged(self) -> bool:
        return only_flagged_accreditors(self.body)

    def check(self, name: str) -> Check | None:
        return next((check for check in self.checks if check.name == name), None)


@dataclass(frozen=True)
class AccreditationChecks:
    """The three core checks of one accreditation (body page panel, comparison)."""

    accreditation: Accreditation
    checks: tuple[Check, ...]

    @property
    def verdict(self) -> str:
        return _worst({check.outcome for check in self.checks})


def only_flagged_accreditors(body: Body) -> bool:
    """Whether every accreditor of the body (prefetched) is flagged as not recognised.

    BRIEF: a body accredited only by flagged ABs is flagged wherever it is listed. A body
    with no accreditation at all is not "flagged" (its checks fail instead).
    """
    accreditors = [accreditation.accreditation_body for accreditation in body.accreditations.all()]
    return bool(accreditors) and all(ab.is_flagged for ab in accreditors)


def one_year_before(day: datetime.date) -> datetime.date:
    """The same calendar day a year earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def expiry_warning_horizon(day: datetime.date) -> datetime.date:
    """Active accreditations expiring on or before this day (not before `day`) are warnings."""
    return day + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
