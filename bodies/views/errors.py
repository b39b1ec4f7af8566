"""Error pages in the site's style."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", {}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors: the database may be what failed."""
    return HttpResponse(loader.get_template("500.html").render({}), status=500)


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's RATELIMIT_VIEW: too many requests from this address."""
    return render(request, "429.html", {}, status=429)
