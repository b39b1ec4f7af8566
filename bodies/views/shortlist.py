"""The shortlist: add and remove (POST, htmx or plain form), the page, and its CSV export."""

from urllib.parse import urlencode, urlsplit

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bodies import shortlist
from bodies.comparison import CompareRow
from bodies.evaluation import core_checks, only_flagged_accreditors
from bodies.forms import has_need, to_querydict, validate_need
from bodies.models import Body
from bodies.queries.evaluation import bodies_by_slugs
from bodies.queries.needs import need_choices
from bodies.views.compare import MAX_BODIES as COMPARE_MAX
from bodies.views.compare import build_comparison, csv_download, need_for


def _safe_next(request: HttpRequest) -> str:
    """Where to go back to: the form's `next`, else the referring page, if on this site."""
    for candidate in (request.POST.get("next", ""), request.headers.get("referer", "")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return candidate
    return reverse("bodies:shortlist")


def _respond(
    request: HttpRequest, body: Body | None, *, message: str, level: int, status: int = 200
) -> HttpResponse:
    """htmx: the button swapped in place plus the header count (out of band). Plain form:
    a message and a redirect back."""
    if request.htmx and body is not None:
        context = {
            "body": body,
            "shortlist_next": _safe_next(request),
            "shortlist_message": message,
            "shortlist_error": level == messages.ERROR,
            "oob_count": True,
        }
        return render(request, "bodies/_shortlist_button.html", context, status=status)
    messages.add_message(request, level, message)
    return HttpResponseRedirect(_safe_next(request))


def _posted_body(request: HttpRequest) -> Body | None:
    slug = request.POST.get("body", "")
    if not shortlist.is_slug(slug):
        return None
    return Body.objects.only("pk", "slug", "name").filter(slug=slug).first()


@require_POST
def shortlist_add(request: HttpRequest) -> HttpResponse:
    body = _posted_body(request)
    if body is None:
        return _respond(
            request, None, message=_("That body is not in the directory."), level=messages.ERROR
        )
    result = shortlist.add(request.session, body.slug)
    if result == shortlist.AddResult.FULL:
        text = _(
            "Your shortlist already holds %(max)d bodies, the most it can: remove one before "
            "adding %(name)s."
        ) % {"max": shortlist.MAX_BODIES, "name": body.name}
        return _respond(request, body, message=text, level=messages.ERROR)
    _remember_need_of_origin(request)
    text = _("%(name)s is on your shortlist.") % {"name": body.name}
    return _respond(request, body, message=text, level=messages.SUCCESS)


def _remember_need_of_origin(request: HttpRequest) -> None:
    """A body added from an evaluation result: keep that evaluation's need for /shortlist/."""
    origin = urlsplit(_safe_next(request))
    if origin.path != reverse("bodies:evaluate"):
        return
    answers = validate_need(QueryDict(origin.query), need_choices())
    if answers.need is not None:
        shortlist.store_need(request.session, answers.params)


@require_POST
def shortlist_remove(request: HttpRequest) -> HttpResponse:
    body = _posted_body(request)
    slug = request.POST.get("body", "")
    # A body gone from the directory can still be taken off the list.
    shortlist.remove(request.session, slug)
    name = body.name if body else slug
    text = _("%(name)s is no longer on your shortlist.") % {"name": name}
    return _respond(request, body, message=text, level=messages.SUCCESS)


def shortlist_page(request: HttpRequest) -> HttpResponse:
    """The shortlisted bodies with their checks for the current need: the URL's, else the
    need of the visitor's last evaluation (kept in the session)."""
    notices: list[str] = []
    params = (
        request.GET
        if has_need(request.GET)
        else to_querydict(shortlist.stored_need(request.session))
    )
    answers = need_for(params, notices=notices)
    bodies = bodies_by_slugs(shortlist.slugs(request.session))
    rows, evaluations = build_comparison(bodies, answers.need)
    if request.GET.get("format") == "csv":
        return csv_download(request, bodies, rows, answers.need, prefix="shortlist")
    today = timezone.localdate()
    last_checked = next(row for row in rows if row.key == CompareRow.LAST_CHECKED)
    entries = [
        {
            "body": body,
            "evaluation": evaluations[index] if evaluations else None,
            "core": None if evaluations else core_checks(body, today=today),
            "flagged": only_flagged_accreditors(body),
            "last_checked": last_checked.cells[index].text,
        }
        for index, body in enumerate(bodies)
    ]
    slugs = [body.slug for body in bodies]
    context = {
        "entries": entries,
        "need": answers.need,
        "notices": notices,
        "need_query": urlencode(answers.params),
        "need_pairs": answers.params,
        "compare_query": urlencode([("bodies", ",".join(slugs[:COMPARE_MAX])), *answers.params])
        if len(slugs) > 1
        else "",
        "compare_max": COMPARE_MAX,
        "csv_query": urlencode([*answers.params, ("format", "csv")]),
        "generated_at": timezone.now(),
    }
    return render(request, "bodies/shortlist.html", context)
