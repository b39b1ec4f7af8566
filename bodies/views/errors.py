"""Error pages in the site's style."""

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader

from ops.views import DATABASE_ERRORS, service_unavailable


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", {}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database may be what failed.

    A database error raised outside the view (saving the session, say) lands here rather than
    in ops.middleware.DatabaseUnavailableMiddleware: it gets the same 503 outage page.
    """
    if isinstance(sys.exception(), DATABASE_ERRORS):
        return service_unavailable()
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
