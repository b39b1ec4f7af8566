"""Side-by-side comparison of 2–5 bodies; the URL alone reproduces it (shareable)."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bodies import shortlist
from bodies.comparison import CSV_COLUMNS, Row, compare_rows, csv_records
from bodies.csv import csv_response
from bodies.evaluation import Need, evaluate, only_flagged_accreditors
from bodies.forms import NeedAnswers, has_need, validate_need
from bodies.models import Body
from bodies.queries.evaluation import bodies_by_slugs, certificate_counts
from bodies.queries.needs import need_choices

MIN_BODIES = 2
MAX_BODIES = 5
# Slugs read from ?bodies= at most; a longer list is cut before anything else.
MAX_REQUESTED = 50


def requested_slugs(params: QueryDict) -> list[str]:
    """`?bodies=a,b,c` (or repeated `bodies=`): trimmed, blanks dropped, each once, in order."""
    tokens = [
        token.strip()
        for value in params.getlist("bodies")[:MAX_REQUESTED]
        for token in value.split(",")[:MAX_REQUESTED]
    ]
    return list(dict.fromkeys(token for token in tokens if token))[:MAX_REQUESTED]


def need_for(params: QueryDict, *, notices: list[str]) -> NeedAnswers:
    """The need in the URL (validated); a broken one is reported and ignored."""
    if not has_need(params):
        return NeedAnswers(None, [])
    answers = validate_need(params, need_choices())
    if answers.need is None:
        errors = "; ".join(
            str(error) for errors in answers.form.errors.values() for error in errors
        )
        notices.append(
            _(
                "The need in this address could not be used (%(errors)s), "
                "so no checks for it are shown."
            )
            % {"errors": errors}
        )
    return answers


def build_comparison(bodies: list[Body], need: Need | None) -> tuple[list[Row], list]:
    """Rows for `bodies` and their evaluations for `need` (none without a need)."""
    today = timezone.localdate()
    evaluations = [evaluate(body, need, today=today) for body in bodies] if need else None
    rows = compare_rows(
        bodies,
        evaluations=evaluations,
        certificates=certificate_counts(bodies, today=today),
        today=today,
    )
    return rows, evaluations or []


def csv_download(
    request: HttpRequest, bodies: list[Body], rows: list[Row], need: Need | None, *, prefix: str
) -> HttpResponse:
    """The comparison or shortlist as CSV: one record per body, columns CSV_COLUMNS."""
    now = timezone.now()
    records = csv_records(
        bodies,
        rows,
        urls=[request.build_absolute_uri(body.get_absolute_url()) for body in bodies],
        need=need.label if need else "",
        generated_at=now.isoformat(timespec="seconds"),
    )
    filename = f"certdir-{prefix}-{now:%Y%m%d-%H%M%S}.csv"
    return csv_response(filename=filename, header=CSV_COLUMNS, rows=records)


def compare(request: HttpRequest) -> HttpResponse:
    params = request.GET
    notices: list[str] = []
    requested = requested_slugs(params)
    if len(requested) > MAX_BODIES:
        notices.append(
            _(
                "certdir compares at most %(max)d bodies: the first %(max)d of the %(count)d "
                "you asked for are shown."
            )
            % {"max": MAX_BODIES, "count": len(requested)}
        )
        requested = requested[:MAX_BODIES]
    valid = [slug for slug in requested if shortlist.is_slug(slug)]
    bodies = bodies_by_slugs(valid)
    found = {body.slug for body in bodies}
    unknown = [slug for slug in requested if slug not in found]
    if unknown:
        notices.append(
            ngettext(
                "No body is listed as %(slugs)s; it is left out.",
                "No bodies are listed as %(slugs)s; they are left out.",
                len(unknown),
            )
            % {"slugs": ", ".join(_("“%(slug)s”") % {"slug": slug[:120]} for slug in unknown)}
        )
    answers = need_for(params, notices=notices)
    if len(bodies) < MIN_BODIES:
        notices.append(_("Choose at least two bodies to compare, for example from your shortlist."))
    rows, evaluations = build_comparison(bodies, answers.need) if bodies else ([], [])
    if params.get("format") == "csv" and len(bodies) >= MIN_BODIES:
        return csv_download(request, bodies, rows, answers.need, prefix="comparison")
    only_differences = params.get("only") == "differences"
    slugs_param = ",".join(body.slug for body in bodies)
    base = [("bodies", slugs_param), *answers.params]
    context = {
        "bodies": bodies,
        "columns": [{"body": body, "flagged": only_flagged_accreditors(body)} for body in bodies],
        "rows": [row for row in rows if not row.is_empty],
        "need": answers.need,
        "notices": notices,
        "only_differences": only_differences,
        "comparable": len(bodies) >= MIN_BODIES,
        "carried": [pair for pair in base if pair[0] != "only"],
        "csv_query": urlencode([*base, ("format", "csv")]),
        "generated_at": timezone.now(),
    }
    return render(request, "bodies/compare.html", context)
