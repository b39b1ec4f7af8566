"""What a certificate verification concludes, as pure functions over prefetched rows.

The queries in `bodies.queries.verify` load a certificate with everything the answer needs
(its sectors, the accreditation it names with schemes, sectors and status timeline, the
accreditation body's recognitions, the issuing body's other accreditations); the functions
here only read those rows, so the single-number page, the certificate page and bulk
verification give the same answer for the same row and can be tested without HTTP.

"Recognised for a scope" follows the one shared definition (BRIEF / README), through its
Python side `bodies.evaluation.recognition.recognitions_for`: a recognition of the
accreditation's AB, current on the day, whose scope is the accreditation's CASCO standard and
whose scheme is empty or the certificate's scheme.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodies.evaluation.recognition import recognitions_for
from bodies.models import Accreditation, AccreditationStatus, Body, Certificate, CertificateStatus


class CheckLevel(models.TextChoices):
    PASS = "pass", gettext_lazy("passed")
    WARN = "warn", gettext_lazy("check this")
    FAIL = "fail", gettext_lazy("failed")


_SEVERITY = {CheckLevel.PASS: 0, CheckLevel.WARN: 1, CheckLevel.FAIL: 2}


class NotFoundKind(models.TextChoices):
    """Why a number gave no certificate: each kind tells the user something different."""

    NOT_AMONG_BODY_CERTIFICATES = (
        "not_among_body_certificates",
        gettext_lazy("Not among the body's certificates"),
    )
    BODY_SHARES_NO_DATA = (
        "body_shares_no_data",
        gettext_lazy("The body does not share certificate data with us"),
    )
    BODY_NOT_RECOGNISED = (
        "body_not_recognised",
        gettext_lazy("The body is accredited only by a body that is not recognised"),
    )
    BODY_UNKNOWN = "body_unknown", gettext_lazy("The issuing body is unknown to us")
    NOT_IN_OUR_DATA = "not_in_our_data", gettext_lazy("Not in the certificate data we hold")


@dataclass(frozen=True)
class Check:
    code: str
    level: str
    message: str

    @property
    def level_label(self) -> str:
        return str(CheckLevel(self.level).label)


@dataclass
class CertificateVerdict:
    """The answer for one certificate: its status today and the checks behind the verdict."""

    certificate: Certificate
    day: datetime.date
    status: str
    accreditation: Accreditation | None
    accreditation_inferred: bool
    body_flagged: bool
    checks: list[Check] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(CertificateStatus(self.status).label)

    @property
    def level(self) -> str:
        """The worst check: the verdict a summary line or a CSV column shows."""
        worst = max((_SEVERITY[CheckLevel(c.level)] for c in self.checks), default=0)
        return next(level for level, rank in _SEVERITY.items() if rank == worst)

    @property
    def level_label(self) -> str:
        return str(CheckLevel(self.level).label)

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID

    @property
    def accredited(self) -> bool:
        """Issued under an accreditation that covered it, by a recognised AB: no failed check."""
        return self.accreditation is not None and not any(
            c.level == CheckLevel.FAIL and c.code != "status" for c in self.checks
        )

    def summary(self) -> str:
        """One line: status, then whether the accreditation behind it holds up."""
        if self.accredited and self.level == CheckLevel.PASS:
            accreditation = _("issued under an accreditation that covered it, by a recognised AB")
        elif self.accredited:
            accreditation = _("accreditation behind it: see the points to check")
        else:
            accreditation = _("not backed by an accreditation that covered it")
        return f"{self.status_label} — {accreditation}"


@dataclass(frozen=True)
class NotFound:
    kind: str
    number: str
    body: Body | None = None
    body_query: str = ""

    @property
    def label(self) -> str:
        return str(NotFoundKind(self.kind).label)

    @property
    def is_warning(self) -> bool:
        return self.kind in {NotFoundKind.BODY_NOT_RECOGNISED, NotFoundKind.BODY_UNKNOWN}

    def advice(self) -> str:
        """What the answer means and what to do next, in plain words."""
        body = self.body
        if self.kind == NotFoundKind.NOT_AMONG_BODY_CERTIFICATES:
            return _(
                "%(body)s shares its certificate data with us (last update %(date)s) and no "
                "certificate with this number is among it. Check the number as printed; if it "
                "is right, ask %(body)s whether it issued this certificate."
            ) % {"body": body.name, "date": _date(body.certificates_updated_at.date())}
        if self.kind == NotFoundKind.BODY_SHARES_NO_DATA:
            return _(
                "%(body)s does not share its certificate data with us, so its absence here says "
                "nothing. Ask %(body)s directly whether certificate %(number)s is valid."
            ) % {"body": body.name, "number": self.number}
        if self.kind == NotFoundKind.BODY_NOT_RECOGNISED:
            abs_ = ", ".join(
                sorted({a.accreditation_body.acronym for a in body.accreditations.all()})
            )
            return _(
                "%(body)s is accredited only by %(abs)s, which we do not list as a recognised "
                "accreditation body. A certificate from it is not an accredited certificate even "
                "if it is genuine. Check the accreditation body's membership of the Global "
                "Accreditation Cooperation MRA (or its regional cooperation)."
            ) % {"body": body.name, "abs": abs_}
        if self.kind == NotFoundKind.BODY_UNKNOWN:
            return _(
                "We know no certification body called “%(query)s”. Check the issuing body's name "
                "as printed on the certificate, the accreditation mark and accreditation number "
                "on it, that the accreditation body lists the issuing body, and that the "
                "accreditation body is a signatory of the Global Accreditation Cooperation MRA."
            ) % {"query": self.body_query}
        return _(
            "No certificate with this number is in the data we hold, and many bodies do not "
            "share their certificates with us (see the coverage table). Name the issuing body "
            "for a precise answer, or ask the body directly."
        )


def _date(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def status_on(day: datetime.date, *, current_status: str, changes: Iterable[models.Model]) -> str:
    """The status a record had on a past day, read back from its status timeline.

    The last change effective on or before the day gives the status then; if every recorded
    change came later, the first one's old status is what held before it. With no timeline
    the current status is all we know.
    """
    ordered = sorted(changes, key=lambda change: (change.effective_on, change.recorded_at))
    status = None
    for change in ordered:
        if change.effective_on <= day:
            status = change.new_status
        elif status is None:
            return change.old_status or current_status
        else:
            break
    return status or current_status


def body_flagged(body: Body) -> bool:
    """Accredited only by accreditation bodies flagged as not recognised.

    Uses the query annotation `only_flagged_accreditation` when present (lists), otherwise
    the prefetched `accreditations` with their AB.
    """
    annotated = getattr(body, "only_flagged_accreditation", None)
    if annotated is not None:
        return bool(annotated)
    accreditations = list(body.accreditations.all())
    return bool(accreditations) and all(a.accreditation_body.is_flagged for a in accreditations)


def covers_on(accreditation: Accreditation, certificate: Certificate) -> bool:
    """Whether an accreditation covered the certificate's scheme on its issue date (dates)."""
    day = certificate.issued_on
    scheme_ids = {s.pk for s in accreditation.schemes.all()}
    return (
        certificate.scheme_id in scheme_ids
        and (accreditation.granted_on is None or accreditation.granted_on <= day)
        and (accreditation.expires_on is None or accreditation.expires_on >= day)
    )


def _status_check(certificate: Certificate, day: datetime.date) -> list[Check]:
    status = certificate.effective_status(day)
    checks = []
    if status == CertificateStatus.VALID:
        checks.append(
            Check(
                "status",
                CheckLevel.PASS,
                _("Valid on %(day)s: expires on %(expires)s.")
                % {"day": _date(day), "expires": _date(certificate.expires_on)},
            )
        )
    elif status == CertificateStatus.EXPIRED:
        checks.append(
            Check(
                "status",
                CheckLevel.FAIL,
                _("Expired: its last valid day was %(expires)s.")
                % {"expires": _date(certificate.expires_on)},
            )
        )
    else:
        checks.append(
            Check(
                "status",
                CheckLevel.FAIL,
                _("%(status)s by the issuing body.") % {"status": CertificateStatus(status).label},
            )
        )
    if certificate.issued_on > day:
        checks.append(
            Check(
                "issued_in_future",
                CheckLevel.WARN,
                _("The issue date %(issued)s is in the future.")
                % {"issued": _date(certificate.issued_on)},
            )
        )
    return checks


def _accreditation_checks(
    certificate: Certificate, accreditation: Accreditation, day: datetime.date
) -> list[Check]:
    issued = certificate.issued_on
    ab = accreditation.accreditation_body
    checks = []
    label = f"{ab.acronym} {accreditation.number}".strip()

    # In force on the issue date: dates, then the status it had that day.
    if accreditation.granted_on and accreditation.granted_on > issued:
        checks.append(
            Check(
                "accreditation_dates",
                CheckLevel.FAIL,
                _("Issued on %(issued)s, before accreditation %(label)s was granted (%(granted)s).")
                % {
                    "issued": _date(issued),
                    "label": label,
                    "granted": _date(accreditation.granted_on),
                },
            )
        )
    elif accreditation.expires_on and accreditation.expires_on < issued:
        checks.append(
            Check(
                "accreditation_dates",
                CheckLevel.FAIL,
                _("Issued on %(issued)s, after accreditation %(label)s expired (%(expires)s).")
                % {
                    "issued": _date(issued),
                    "label": label,
                    "expires": _date(accreditation.expires_on),
                },
            )
        )
    else:
        status_then = status_on(
            issued,
            current_status=accreditation.status,
            changes=accreditation.status_changes.all(),
        )
        if status_then == AccreditationStatus.ACTIVE:
            checks.append(
                Check(
                    "accreditation_on_issue",
                    CheckLevel.PASS,
                    _("Accreditation %(label)s was active on the issue date, %(issued)s.")
                    % {"label": label, "issued": _date(issued)},
                )
            )
        elif status_then == AccreditationStatus.UNKNOWN:
            checks.append(
                Check(
                    "accreditation_on_issue",
                    CheckLevel.WARN,
                    _(
                        "Our source does not confirm that accreditation %(label)s was in force "
                        "on %(issued)s; ask %(ab)s."
                    )
                    % {"label": label, "issued": _date(issued), "ab": ab.acronym},
                )
            )
        else:
            checks.append(
                Check(
                    "accreditation_on_issue",
                    CheckLevel.FAIL,
                    _("Accreditation %(label)s was %(status)s on the issue date, %(issued)s.")
                    % {
                        "label": label,
                        "status": AccreditationStatus(status_then).label.lower(),
                        "issued": _date(issued),
                    },
                )
            )

    # Scheme: the accreditation's CASCO standard and its list of schemes.
    scheme = certificate.scheme
    if scheme.casco_standard_id and scheme.casco_standard_id != accreditation.standard_id:
        checks.append(
            Check(
                "scheme",
                CheckLevel.FAIL,
                _(
                    "%(scheme)s certification needs accreditation against %(needed)s; "
                    "%(label)s is against %(standard)s."
                )
                % {
                    "scheme": scheme.code,
                    "needed": scheme.casco_standard.code,
                    "label": label,
                    "standard": accreditation.standard.code,
                },
            )
        )
    elif scheme.pk in {s.pk for s in accreditation.schemes.all()}:
        checks.append(
            Check(
                "scheme",
                CheckLevel.PASS,
                _("The accreditation covers %(scheme)s.") % {"scheme": scheme.code},
            )
        )
    else:
        checks.append(
            Check(
                "scheme",
                CheckLevel.FAIL,
                _("The accreditation does not cover %(scheme)s.") % {"scheme": scheme.code},
            )
        )

    # Sectors: every IAF sector on the certificate must be in the accreditation's scope.
    certificate_sectors = {s.code: s for s in certificate.sectors.all()}
    accredited_codes = {s.code for s in accreditation.sectors.all()}
    if certificate_sectors and not accredited_codes:
        checks.append(
            Check(
                "sectors",
                CheckLevel.WARN,
                _(
                    "We hold no sector scope for this accreditation; check IAF sectors %(codes)s "
                    "in %(ab)s's scope document."
                )
                % {"codes": ", ".join(map(str, sorted(certificate_sectors))), "ab": ab.acronym},
            )
        )
    elif certificate_sectors:
        uncovered = sorted(set(certificate_sectors) - accredited_codes)
        if uncovered:
            checks.append(
                Check(
                    "sectors",
                    CheckLevel.FAIL,
                    _("The accreditation does not cover IAF sector(s) %(sectors)s.")
                    % {"sectors": "; ".join(str(certificate_sectors[c]) for c in uncovered)},
                )
            )
        else:
            checks.append(
                Check(
                    "sectors",
                    CheckLevel.PASS,
                    _("The accreditation covers IAF sector(s) %(codes)s.")
                    % {"codes": ", ".join(map(str, sorted(certificate_sectors)))},
                )
            )

    # The accreditation today.
    now = accreditation.effective_status(day)
    if now == AccreditationStatus.ACTIVE:
        checks.append(
            Check(
                "accreditation_now",
                CheckLevel.PASS,
                _("Accreditation %(label)s is active today.") % {"label": label},
            )
        )
    elif now in {AccreditationStatus.SUSPENDED, AccreditationStatus.UNKNOWN}:
        checks.append(
            Check(
                "accreditation_now",
                CheckLevel.WARN,
                _("Accreditation %(label)s today: %(status)s.")
                % {"label": label, "status": AccreditationStatus(now).label.lower()},
            )
        )
    else:
        checks.append(
            Check(
                "accreditation_now",
                CheckLevel.FAIL,
                _("Accreditation %(label)s is %(status)s today.")
                % {"label": label, "status": AccreditationStatus(now).label.lower()},
            )
        )

    checks.append(_recognition_check(certificate, accreditation, day))
    return checks


def _recognition_check(
    certificate: Certificate, accreditation: Accreditation, day: datetime.date
) -> Check:
    ab = accreditation.accreditation_body
    if ab.is_flagged:
        return Check(
            "recognition",
            CheckLevel.FAIL,
            _("%(ab)s is not a recognised accreditation body. %(note)s")
            % {"ab": ab.acronym, "note": ab.standing_note},
        )
    # The certificate names one scheme: a recognition counts if it covers the whole CASCO
    # scope or exactly that scheme (the shared rule, "when the user asked for one scheme").
    scheme = certificate.scheme
    then = recognitions_for(accreditation, day=certificate.issued_on, scheme=scheme)
    now = recognitions_for(accreditation, day=day, scheme=scheme)
    values = {
        "ab": ab.acronym,
        "scope": accreditation.standard.code,
        "issued": _date(certificate.issued_on),
    }
    if not then:
        return Check(
            "recognition",
            CheckLevel.FAIL,
            _("%(ab)s was not recognised under a global arrangement for %(scope)s on %(issued)s.")
            % values,
        )
    arrangements = ", ".join(sorted({r.arrangement.arrangement_name for r in then}))
    values["arrangements"] = arrangements
    if not now:
        return Check(
            "recognition",
            CheckLevel.WARN,
            _(
                "%(ab)s was recognised for %(scope)s on %(issued)s (%(arrangements)s) but is "
                "not today."
            )
            % values,
        )
    if not any(r.is_verified for r in then):
        return Check(
            "recognition",
            CheckLevel.WARN,
            _(
                "%(ab)s is recognised for %(scope)s (%(arrangements)s), but our record of it is "
                "unverified."
            )
            % values,
        )
    return Check(
        "recognition",
        CheckLevel.PASS,
        _("%(ab)s is recognised for %(scope)s (%(arrangements)s).") % values,
    )


def verify_certificate(certificate: Certificate, *, day: datetime.date) -> CertificateVerdict:
    """The verdict on one certificate on `day` (the local date of the verification).

    A certificate that names no accreditation is matched against the issuing body's
    accreditations that covered its scheme on the issue date; such a match is shown as
    inferred (a warning), never as confirmed.
    """
    body = certificate.issuing_body
    checks = _status_check(certificate, day)
    accreditation = certificate.accreditation
    inferred = False
    if accreditation is None:
        candidates = [a for a in body.accreditations.all() if covers_on(a, certificate)]
        if candidates:
            accreditation = candidates[0]
            inferred = True
            checks.append(
                Check(
                    "accreditation",
                    CheckLevel.WARN,
                    _(
                        "The certificate record names no accreditation; %(body)s held "
                        "%(ab)s %(number)s covering %(scheme)s on the issue date."
                    )
                    % {
                        "body": body.name,
                        "ab": accreditation.accreditation_body.acronym,
                        "number": accreditation.number,
                        "scheme": certificate.scheme.code,
                    },
                )
            )
        else:
            checks.append(
                Check(
                    "accreditation",
                    CheckLevel.FAIL,
                    _(
                        "Not issued under any accreditation we know of: %(body)s held none "
                        "covering %(scheme)s on %(issued)s."
                    )
                    % {
                        "body": body.name,
                        "scheme": certificate.scheme.code,
                        "issued": _date(certificate.issued_on),
                    },
                )
            )
    if accreditation is not None:
        checks.extend(_accreditation_checks(certificate, accreditation, day))
    flagged = body_flagged(body)
    if flagged:
        checks.append(
            Check(
                "body_flagged",
                CheckLevel.FAIL,
                _("%(body)s is accredited only by bodies that are not recognised.")
                % {"body": body.name},
            )
        )
    return CertificateVerdict(
        certificate=certificate,
        day=day,
        status=certificate.effective_status(day),
        accreditation=accreditation,
        accreditation_inferred=inferred,
        body_flagged=flagged,
        checks=checks,
    )


def not_found(*, number: str, body: Body | None, body_query: str = "") -> NotFound:
    """Which of the "not found" answers applies when a number matched no certificate.

    A body flagged (accredited only by unrecognised ABs) or unknown gets a warning; a body
    that shares no certificate data must be asked; otherwise the number is not among the
    certificates the body gave us.
    """
    if body is None:
        kind = NotFoundKind.BODY_UNKNOWN if body_query else NotFoundKind.NOT_IN_OUR_DATA
    elif body_flagged(body):
        kind = NotFoundKind.BODY_NOT_RECOGNISED
    elif not body.shares_certificates:
        kind = NotFoundKind.BODY_SHARES_NO_DATA
    else:
        kind = NotFoundKind.NOT_AMONG_BODY_CERTIFICATES
    return NotFound(kind=kind, number=number, body=body, body_query=body_query)
