"""The directory, /bodies/: filter, page through, download as CSV.

Every state is the query string (shareable, bookmarkable). With htmx, a request carrying
HX-Request gets only the results fragment (facet counts swap out of band) and pushes a
clean URL; a history restore (back button after htmx's cache missed) gets the whole page.
"""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django_htmx.http import push_url

from bodies.csv import csv_response
from bodies.filters import MAX_Q_LENGTH, BodyFilterSet, FilterDefaults
from bodies.models import Body
from bodies.queries import directory as queries


def _wants_fragment(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def _clean_url(request: HttpRequest) -> str:
    """The address to push after an htmx refresh: the query string without empty fields and
    without the defaults (`status=active`, `sort=name`), which the form always sends."""
    params: QueryDict = request.GET
    query = urlencode(
        [
            (key, value)
            for key, values in params.lists()
            for value in values
            if value and (key, value) not in FilterDefaults.ITEMS
        ]
    )
    return f"{request.path}?{query}" if query else request.path


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    filterset = BodyFilterSet(request.GET, queryset=Body.objects.all())
    valid = filterset.is_valid()
    wants_csv = request.GET.get("format") == "csv"
    if wants_csv and valid:
        return csv_response(
            filename=f"certdir-bodies-{timezone.now():%Y%m%d-%H%M%S}.csv",
            header=queries.CSV_HEADER,
            rows=queries.csv_records(filterset, request.build_absolute_uri),
        )
    # Invalid filters show their messages and no results: never a list nobody asked for.
    page_number = request.GET.get("page")
    if valid:
        found = queries.directory_page(filterset, page_number)
    else:
        found = queries.page_of(Body.objects.none(), page_number)
    context = {
        "form": filterset.form,
        "valid": valid,
        "page": found.page,
        "page_message": found.message,
        # Lazy: a cached filter sidebar (see body_list.html) needs no facets at all.
        "facets": SimpleLazyObject(lambda: queries.facets(filterset)),
        "max_q_length": MAX_Q_LENGTH,
        # The sidebar's HTML depends only on the valid state (sort included): cacheable.
        "filters_cache_key": queries.state_key(filterset, request.GET.get("sort", ""))
        if valid
        else "",
        "filters_cache_seconds": queries.FACETS_CACHE_SECONDS,
        # A row's HTML depends on the body, the filters (its matching accreditations) and
        # the language; the shortlist button is rendered outside the cached part.
        "rows_cache_key": f"{queries.state_key(filterset)}:{get_language()}",
        "rows_cache_seconds": queries.FACETS_CACHE_SECONDS,
    }
    # A CSV asked for with bad filters gets the page explaining why, as a client error.
    status = 400 if wants_csv else 200
    if _wants_fragment(request):
        response = render(request, "bodies/_directory_results.html", context, status=status)
        return push_url(response, _clean_url(request))
    return render(request, "bodies/body_list.html", context, status=status)
