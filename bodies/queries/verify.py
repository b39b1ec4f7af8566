"""Reads for certificate verification: by number, by holder name, one certificate, in bulk.

Every read loads what `bodies.verification.verify_certificate` needs in a fixed number of
queries, whatever the number of certificates: the main query joins the one-to-one rows,
then one query per prefetched relation (certificate sectors; the accreditation's schemes,
sectors and status timeline; the AB's recognitions; the issuing body's accreditations).
"""

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Replace, Upper
from django.utils import timezone

from accreditation.models import Recognition, Standing
from bodies.models import (
    Accreditation,
    Body,
    Certificate,
    StatusChange,
    clean_certificate_number,
    normalise_certificate_number,
)
from bodies.verification import CertificateVerdict, NotFound, not_found, verify_certificate

# How many certificates a holder-name search lists, and how many candidates it ranks at most.
HOLDER_MATCHES = 20
HOLDER_CANDIDATES = 2_000


def only_flagged_accreditation(body_ref: str = "pk") -> Q:
    """A body accredited, and only by accreditation bodies flagged as not recognised.

    `body_ref` names the body's id in the outer query ("pk" on bodies, "issuing_body_id" on
    certificates). Shown as a flag wherever a body is listed.
    """
    accreditations = Accreditation.objects.filter(body_id=OuterRef(body_ref))
    flagged = accreditations.filter(accreditation_body__standing=Standing.NOT_RECOGNISED)
    listed = accreditations.exclude(accreditation_body__standing=Standing.NOT_RECOGNISED)
    return Q(Exists(flagged)) & ~Q(Exists(listed))


def with_flag(bodies: QuerySet[Body]) -> QuerySet[Body]:
    return bodies.annotate(only_flagged_accreditation=only_flagged_accreditation())


def _recognitions() -> QuerySet[Recognition]:
    # No ORDER BY: Recognition's default ordering joins three tables, and the verdict only
    # filters these rows.
    return Recognition.objects.select_related("arrangement", "scheme").order_by()


def _accreditations() -> QuerySet[Accreditation]:
    return Accreditation.objects.select_related("accreditation_body", "standard")


def _status_timeline(prefix: str = "") -> Prefetch:
    return Prefetch(
        f"{prefix}status_changes",
        queryset=StatusChange.objects.order_by("effective_on", "recorded_at"),
    )


def _scope(prefix: str = "") -> list[str | Prefetch]:
    """What a verdict reads about an accreditation: scope, timeline, the AB's recognitions."""
    return [
        f"{prefix}schemes",
        f"{prefix}sectors",
        _status_timeline(prefix),
        Prefetch(f"{prefix}accreditation_body__recognitions", queryset=_recognitions()),
    ]


def _load(certificates: QuerySet[Certificate]) -> list[Certificate]:
    """Certificates with every row their verdict reads, in a bounded number of queries.

    The issuing body's own accreditations (with their scope and recognitions) are loaded only
    for certificates that need them: one naming no accreditation (they are searched for one
    that covered it), or one whose accreditation body is flagged (is the body accredited only
    by flagged ABs?). A certificate issued under a listed AB's accreditation settles that
    question by itself, so the common case costs no extra query.
    """
    rows = list(
        certificates.select_related(
            "issuing_body",
            "scheme__casco_standard",
            "accreditation__accreditation_body",
            "accreditation__standard",
        )
    )
    prefetch_related_objects(rows, "sectors", *_scope("accreditation__"))
    unsettled = []
    for row in rows:
        if row.accreditation is not None and not row.accreditation.accreditation_body.is_flagged:
            row.issuing_body.only_flagged_accreditation = False
        else:
            unsettled.append(row.issuing_body)
    if unsettled:
        prefetch_related_objects(
            unsettled,
            Prefetch("accreditations", queryset=_accreditations().prefetch_related(*_scope())),
        )
    return rows


def numbers_condition(numbers: Iterable[str]) -> Q:
    """Match `number_normalised` exactly as the database computed it for stored numbers.

    ASCII numbers are normalised here (Python and SQL agree on them) and looked up with one
    IN; a number with other letters is normalised by the database itself, whose UPPER may
    differ from Python's for some scripts (SQLite's only folds ASCII).
    """
    cleaned = {clean_certificate_number(n) for n in numbers}
    ascii_numbers = {normalise_certificate_number(n) for n in cleaned if n.isascii()}
    condition = Q(number_normalised__in=sorted(ascii_numbers - {""}))
    for number in sorted(n for n in cleaned if not n.isascii()):
        condition |= Q(
            number_normalised=Upper(
                Replace(Replace(Value(number), Value(" "), Value("")), Value("-"), Value(""))
            )
        )
    return condition


def certificates_by_number(number: str, *, body: Body | None = None) -> list[Certificate]:
    """Certificates whose number matches with case, spaces and dashes ignored.

    Served by `cert_number_norm_idx` (or the unique (issuing body, number) index when a body
    is given). Several bodies may use the same number; all are returned.
    """
    if not normalise_certificate_number(number):
        return []
    certificates = Certificate.objects.filter(numbers_condition([number]))
    if body is not None:
        certificates = certificates.filter(issuing_body=body)
    return _load(certificates.order_by("issuing_body__name", "pk"))


def certificates_for_numbers(numbers: Collection[str]) -> list[Certificate]:
    """Bulk verification: every certificate carrying any of these numbers (as typed)."""
    if not any(normalise_certificate_number(n) for n in numbers):
        return []
    return _load(Certificate.objects.filter(numbers_condition(numbers)).order_by("pk"))


def certificate_for_page(pk: int) -> Certificate:
    rows = _load(Certificate.objects.filter(pk=pk))
    if not rows:
        raise Certificate.DoesNotExist
    return rows[0]


@dataclass
class HolderMatches:
    """The best-matching certificates for a holder name, and whether the name was too broad."""

    certificates: list[Certificate]
    too_broad: bool = False


def _holder_matching(name: str) -> QuerySet[Certificate]:
    """Every certificate whose holder name matches `name`, unordered: trigram word similarity
    on PostgreSQL (`holder_name %> name`, the `cert_holder_trgm` index), a case-insensitive
    substring elsewhere. One definition for the page's best matches and the CSV of all."""
    if connection.vendor == "postgresql":
        return Certificate.objects.filter(holder_name__trigram_word_similar=name).order_by()
    return Certificate.objects.filter(holder_name__icontains=name).order_by()


def _best_first(certificates: QuerySet[Certificate], name: str) -> QuerySet[Certificate]:
    if connection.vendor == "postgresql":
        return certificates.annotate(
            similarity=TrigramWordSimilarity(name, "holder_name")
        ).order_by("-similarity", "holder_name", "pk")
    return certificates.order_by("holder_name", "pk")


def certificates_by_holder(name: str, *, limit: int = HOLDER_MATCHES) -> HolderMatches:
    """The certificates whose holder name best matches `name`, best first.

    PostgreSQL: trigram *word* similarity (`holder_name %> name`, served by the
    `cert_holder_trgm` GIN index), ordered by it. Word similarity rather than whole-string
    similarity because people type part of a name ("Brightwater" for "Brightwater Foundry
    GmbH": word similarity 1.0, similarity 0.48, under the 0.3..0.5 thresholds that keep
    the whole-string search fast) and because a near miss on 3,000,000 rows took 1.6 s with
    `%` against 0.1 s with `%>`. A name matching more than HOLDER_CANDIDATES certificates
    (a common word) is not ranked in full: the first candidates are ranked and the answer
    says to type more of the name. Other databases: a case-insensitive substring match.
    """
    name = name.strip()
    if not name:
        return HolderMatches([])
    if connection.vendor == "postgresql":
        # No ORDER BY: the LIMIT must stop the scan at the first candidates found.
        # One index scan; the ids (at most a few thousand) are then ranked by a second query.
        ids = list(_holder_matching(name).values_list("pk", flat=True)[: HOLDER_CANDIDATES + 1])
        too_broad = len(ids) > HOLDER_CANDIDATES
        candidates = Certificate.objects.filter(pk__in=ids[:HOLDER_CANDIDATES])
    else:
        too_broad = False
        candidates = _holder_matching(name)
    certificates = (
        _best_first(candidates, name)
        .select_related("issuing_body", "scheme")
        .annotate(only_flagged_accreditation=only_flagged_accreditation("issuing_body_id"))
    )
    return HolderMatches(list(certificates[:limit]), too_broad=too_broad)


def holder_matches_for_export(name: str) -> QuerySet[Certificate]:
    """All the certificates of a holder-name search, best first (the page lists the first
    HOLDER_MATCHES of these), for a CSV download: iterate it, never load it whole."""
    return _best_first(_holder_matching(name.strip()), name.strip())


def bodies_accredited_only_by_flagged() -> set[int]:
    """Ids of the bodies accredited, and only by flagged accreditation bodies: a few rows,
    read once per export instead of two subqueries per exported certificate."""
    return set(Body.objects.filter(only_flagged_accreditation()).values_list("pk", flat=True))


def find_bodies(text: str) -> list[Body]:
    """The bodies a typed "issuing body" means: its slug, else its exact name or acronym.

    More than one body may share an acronym; the caller asks the user to choose.
    """
    return bodies_for_texts([text]).get(text.strip(), [])


def bodies_for_texts(texts: Iterable[str]) -> dict[str, list[Body]]:
    """`find_bodies` for many typed values in one query (bulk verification).

    Bodies come with their accreditations and ABs, and the `only_flagged_accreditation`
    annotation, so a not-found answer can be worded without another query.
    """
    wanted = {t.strip() for t in texts if t and t.strip()}
    if not wanted:
        return {}
    upper = {t.upper() for t in wanted}
    bodies = list(
        with_flag(Body.objects.annotate(name_upper=Upper("name"), acronym_upper=Upper("acronym")))
        .filter(
            Q(slug__in={t.lower() for t in wanted})
            | Q(name_upper__in=upper)
            | Q(acronym_upper__in=upper)
        )
        .prefetch_related(Prefetch("accreditations", queryset=_accreditations()))
        .order_by("name", "pk")
    )
    found = {}
    for text in wanted:
        by_slug = [b for b in bodies if b.slug == text.lower()]
        found[text] = by_slug or [
            b for b in bodies if text.upper() in {b.name_upper, b.acronym_upper}
        ]
    return found


@dataclass
class VerifyAnswer:
    """Everything /verify/ shows for one request, computed on the local date of `verified_at`."""

    number: str
    body_query: str
    holder: str
    verified_at: datetime.datetime
    day: datetime.date
    body: Body | None = None
    body_choices: list[Body] = field(default_factory=list)
    body_not_matched: bool = False
    verdicts: list[CertificateVerdict] = field(default_factory=list)
    not_found: NotFound | None = None
    holder_matches: HolderMatches | None = None


def verify_lookup(
    *, number: str = "", body_query: str = "", holder: str = "", now: datetime.datetime
) -> VerifyAnswer:
    """Resolve the typed body, look the number up, judge each certificate, search holders.

    `now` is the moment of verification; its date in settings.TIME_ZONE is the day the
    certificate's validity is judged on (a certificate expiring today is valid today).
    A body typed ambiguously (a shared acronym) is not guessed: the user chooses. A body we
    do not know does not stop the search: the number is looked up among all bodies, and the
    answer says the body was not recognised.
    """
    day = timezone.localdate(now)
    answer = VerifyAnswer(
        number=number, body_query=body_query, holder=holder, verified_at=now, day=day
    )
    if body_query:
        matches = find_bodies(body_query)
        if len(matches) > 1:
            answer.body_choices = matches
        elif matches:
            answer.body = matches[0]
        else:
            answer.body_not_matched = True
    if number and not answer.body_choices:
        certificates = certificates_by_number(number, body=answer.body)
        answer.verdicts = [verify_certificate(c, day=day) for c in certificates]
        if not certificates:
            answer.not_found = not_found(number=number, body=answer.body, body_query=body_query)
    if holder:
        answer.holder_matches = certificates_by_holder(holder)
    return answer
