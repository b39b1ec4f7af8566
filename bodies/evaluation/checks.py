"""The buyer's checks, one function each: outcome, one plain sentence, and the evidence.

Each takes prefetched rows and returns a `Check`; none touches the database. Sentences are
translated when the check runs (inside a request, in the user's language).
"""

import datetime
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries as all_countries

from accreditation.models import AccreditationBody, BodyKind, RecognitionBasis, Sector, Standard
from bodies.evaluation.recognition import (
    describe,
    format_date,
    recognitions_for,
    wanted_scheme_ids,
    why_not_current,
)
from bodies.evaluation.results import (
    Check,
    CheckName,
    Evidence,
    Need,
    Outcome,
    expiry_warning_horizon,
    one_year_before,
)
from bodies.models import Accreditation, AccreditationStatus, Body


def accreditation_evidence(accreditation: Accreditation) -> tuple[Evidence, ...]:
    ab = accreditation.accreditation_body
    number = f" {accreditation.number}" if accreditation.number else ""
    standard = accreditation.standard
    return (
        Evidence(_("Accreditation"), f"{ab.acronym}{number}", ab.get_absolute_url()),
        Evidence(_("CASCO standard"), standard.code, standard.get_absolute_url()),
    )


def check_casco_standard(
    body: Body, accreditation: Accreditation | None, need: Need | None
) -> Check:
    """Right CASCO standard for the kind of body.

    With a need: accredited against one of the need's CASCO standards, and listed as a kind
    of body that both the need and that standard cover. Without one (body page): the standard
    governs the body's kind — otherwise the accreditation covers another activity (a warning,
    not a fail: one body may do several things, but only one kind is recorded).
    """
    name = CheckName.CASCO_STANDARD
    if accreditation is None:
        codes = ", ".join(standard.code for standard in need.cascos) if need else "—"
        text = _("No accreditation against %(standards)s, the CASCO standard this need calls for.")
        return Check(name, Outcome.FAIL, text % {"standards": codes})
    kind = str(BodyKind(body.kind).label).lower()
    standard = accreditation.standard
    evidence = (*accreditation_evidence(accreditation), Evidence(_("Kind of body"), kind))
    values = {"standard": standard.code, "kind": kind}
    if standard.governs(body.kind) and (need is None or body.kind in need.kinds):
        text = _("Accredited against %(standard)s, the CASCO standard that governs a %(kind)s.")
        return Check(name, Outcome.PASS, text % values, evidence)
    if need is None:
        text = _(
            "%(standard)s governs other kinds of body than a %(kind)s, so this accreditation "
            "covers another activity of the body."
        )
    else:
        text = _(
            "Accredited against %(standard)s, but listed as a %(kind)s, not the kind of body "
            "this need calls for: check that the scope covers what you need."
        )
    return Check(name, Outcome.WARN, text % values, evidence)


def check_active(accreditation: Accreditation | None, *, today: datetime.date) -> Check:
    """Active = pass; expiring within 90 days or status not confirmed = warning; else fail."""
    name = CheckName.ACTIVE
    if accreditation is None:
        return Check(name, Outcome.FAIL, _("No accreditation for this need, so none is active."))
    evidence = (
        *accreditation_evidence(accreditation),
        Evidence(_("Status"), str(accreditation.get_status_display())),
        Evidence(_("Granted"), format_date(accreditation.granted_on)),
        Evidence(_("Expires"), format_date(accreditation.expires_on)),
    )
    status = accreditation.effective_status(today)
    expires = accreditation.expires_on
    if status == AccreditationStatus.ACTIVE:
        if expires is None:
            text = _("The accreditation is active, with no expiry date recorded.")
            return Check(name, Outcome.PASS, text, evidence)
        if expires <= expiry_warning_horizon(today):
            days = (expires - today).days
            text = ngettext(
                "The accreditation is active but expires on %(date)s, in %(days)d day: "
                "ask whether it is being renewed.",
                "The accreditation is active but expires on %(date)s, in %(days)d days: "
                "ask whether it is being renewed.",
                days,
            ) % {"date": format_date(expires), "days": days}
            return Check(name, Outcome.WARN, text, evidence)
        text = _("The accreditation is active and valid until %(date)s.")
        return Check(name, Outcome.PASS, text % {"date": format_date(expires)}, evidence)
    if status == AccreditationStatus.UNKNOWN:
        text = _(
            "A source documents this accreditation but not whether it is still in force: "
            "ask the body or its accreditation body."
        )
        return Check(name, Outcome.WARN, text, evidence)
    if status == AccreditationStatus.SUSPENDED:
        text = _(
            "The accreditation is suspended, so the body cannot issue accredited certificates "
            "under it."
        )
    elif status == AccreditationStatus.WITHDRAWN:
        text = _(
            "The accreditation has been withdrawn, so the body cannot issue accredited "
            "certificates under it."
        )
    elif expires is not None and expires < today:
        text = _("The accreditation expired on %(date)s.") % {"date": format_date(expires)}
    else:
        text = _("The accreditation is recorded as expired.")
    return Check(name, Outcome.FAIL, text, evidence)


def _scope_check(
    name: str,
    accreditation: Accreditation | None,
    *,
    covered: Sequence[str],
    wanted: str,
    label: str,
) -> Check:
    """The scheme and sector checks: in the recorded scope, outside it, or nothing recorded."""
    values = {"item": label}
    if accreditation is None:
        text = _("No accreditation for this need, so nothing covers %(item)s.")
        return Check(name, Outcome.FAIL, text % values)
    evidence = (
        *accreditation_evidence(accreditation),
        Evidence(_("Scope recorded"), ", ".join(covered) or "—"),
    )
    if accreditation.scope_url:
        url = accreditation.scope_url
        evidence += (Evidence(_("Scope document"), url, url),)
    if wanted in covered:
        text = _("The scope of the accreditation includes %(item)s.")
        return Check(name, Outcome.PASS, text % values, evidence)
    if not covered:
        text = _(
            "No scope details are recorded for this accreditation: check its scope document "
            "for %(item)s."
        )
        return Check(name, Outcome.WARN, text % values, evidence)
    text = _("The recorded scope of the accreditation does not include %(item)s.")
    return Check(name, Outcome.FAIL, text % values, evidence)


def check_scheme(accreditation: Accreditation | None, scheme: Standard) -> Check:
    covered = [s.code for s in accreditation.schemes.all()] if accreditation else []
    return _scope_check(
        CheckName.SCHEME, accreditation, covered=covered, wanted=scheme.code, label=scheme.code
    )


def check_sector(accreditation: Accreditation | None, sector: Sector) -> Check:
    covered = [str(s.code) for s in accreditation.sectors.all()] if accreditation else []
    label = _("IAF sector %(code)s (%(name)s)") % {"code": sector.code, "name": sector.name}
    return _scope_check(
        CheckName.SECTOR, accreditation, covered=covered, wanted=str(sector.code), label=label
    )


def check_recognised(
    accreditation: Accreditation | None, *, today: datetime.date, scheme: Standard | None = None
) -> Check:
    """Accreditor recognised under a global arrangement for this scope (BRIEF's definition).

    A current recognition found in a source: pass; only unverified ones: warning; none, or
    an accreditation body flagged as not recognised: fail, with the recognitions that do
    not count and why.
    """
    name = CheckName.RECOGNISED
    if accreditation is None:
        text = _("No accreditation for this need, so no accreditor to be recognised.")
        return Check(name, Outcome.FAIL, text)
    ab = accreditation.accreditation_body
    scope = accreditation.standard.code
    values = {"ab": ab.acronym, "scope": f"{scope} ({scheme.code})" if scheme else scope}
    evidence = accreditation_evidence(accreditation)
    ab_url = ab.get_absolute_url()
    if ab.is_flagged:
        checked = format_date(ab.standing_checked_on)
        evidence += (Evidence(_("Standing"), ab.standing_note or checked, ab_url),)
        text = _(
            "%(ab)s is not a member or signatory of any international accreditation arrangement "
            "we checked, so this accreditation is not internationally recognised."
        )
        return Check(name, Outcome.FAIL, text % values, evidence)
    matching = recognitions_for(accreditation, day=today, scheme=scheme)
    verified = [r for r in matching if r.basis == RecognitionBasis.FOUND]
    shown = verified or matching
    evidence += tuple(Evidence(_("Recognition"), describe(r), ab_url) for r in shown)
    if verified:
        values["arrangement"] = verified[0].arrangement.arrangement_name
        text = _(
            "%(ab)s is a signatory of the %(arrangement)s for %(scope)s, so this accreditation "
            "is recognised internationally."
        )
        return Check(name, Outcome.PASS, text % values, evidence)
    if matching:
        values["arrangement"] = matching[0].arrangement.arrangement_name
        text = _(
            "%(ab)s is listed as a signatory of the %(arrangement)s for %(scope)s, but no source "
            "we hold confirms it (unverified)."
        )
        return Check(name, Outcome.WARN, text % values, evidence)
    wanted = wanted_scheme_ids(accreditation, scheme)
    for recognition in ab.recognitions.all():
        if recognition.scope_id == accreditation.standard_id:
            reason = why_not_current(recognition, ab, today, wanted)
            line = describe(recognition) + (f" — {reason}" if reason else "")
            evidence += (Evidence(_("Not counted"), line, ab_url),)
    text = _(
        "%(ab)s holds no current recognition for %(scope)s under the Global Accreditation "
        "Cooperation MRA or the former IAF MLA / ILAC MRA."
    )
    return Check(name, Outcome.FAIL, text % values, evidence)


def offices_in(body: Body, codes: Sequence[str]) -> set[str]:
    """Which of `codes` have the body's head office or one of its offices."""
    present = {office.country.code for office in body.offices.all()} | {body.country.code}
    return {code for code in codes if code in present}


def check_office(body: Body, codes: Sequence[str]) -> Check:
    """An office or accredited location in each of the buyer's countries (absence: warning)."""
    name = CheckName.OFFICE
    evidence = tuple(
        Evidence(
            _("Head office") if office.is_head_office else _("Office"),
            ", ".join(filter(None, [office.city, str(office.country.name)])),
        )
        for office in body.offices.all()
        if office.country.code in codes
    )
    missing = [code for code in codes if code not in offices_in(body, codes)]
    if not missing:
        names = ", ".join(all_countries.name(code) for code in codes)
        text = _("Has an office or accredited location in %(countries)s.") % {"countries": names}
        return Check(name, Outcome.PASS, text, evidence)
    names = ", ".join(all_countries.name(code) for code in missing)
    text = _(
        "No office or accredited location is recorded in %(countries)s; audits there may be "
        "done by travelling auditors."
    ) % {"countries": names}
    return Check(name, Outcome.WARN, text, evidence)


def check_freshness(accreditation: Accreditation | None, *, today: datetime.date) -> Check:
    """Last checked against a source within a year: pass; longer ago or never: warning."""
    name = CheckName.FRESHNESS
    checked = accreditation.last_checked_on if accreditation else None
    evidence: tuple[Evidence, ...] = ()
    if accreditation is not None:
        evidence = (Evidence(_("Last checked"), format_date(checked)),)
        if accreditation.source_url:
            url = accreditation.source_url
            evidence += (Evidence(_("Source"), url, url),)
    if checked is None:
        text = _("We have no record of when these facts were last checked against a source.")
        return Check(name, Outcome.WARN, text, evidence)
    values = {"date": format_date(checked)}
    if checked < one_year_before(today):
        text = _(
            "These facts were last checked on %(date)s, over a year ago: confirm them with the "
            "accreditation body."
        )
        return Check(name, Outcome.WARN, text % values, evidence)
    text = _("These facts were last checked against a source on %(date)s.")
    return Check(name, Outcome.PASS, text % values, evidence)


def check_accreditor(accreditation: Accreditation | None, wanted: AccreditationBody) -> Check:
    """The buyer's chosen accreditation body: a preference, so its absence is a warning."""
    name = CheckName.ACCREDITOR
    evidence = (Evidence(_("Chosen"), wanted.acronym, wanted.get_absolute_url()),)
    if accreditation is not None and accreditation.accreditation_body_id == wanted.pk:
        text = _("Accredited by %(ab)s, as you asked.") % {"ab": wanted.acronym}
        return Check(name, Outcome.PASS, text, evidence)
    text = _("Not accredited by %(ab)s for this need.") % {"ab": wanted.acronym}
    return Check(name, Outcome.WARN, text, evidence)
