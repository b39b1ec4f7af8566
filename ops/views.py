"""Health probes, the database-outage page, the lockout page and /favicon.ico.

Both probes sit outside the language prefixes and the SSL redirect (SECURE_REDIRECT_EXEMPT)
so that load balancers and container runtimes can call them over plain HTTP.
"""

from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, Error, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

# What Django raises when the database cannot be reached or the connection broke.
DATABASE_ERRORS = (OperationalError, InterfaceError)

# Seconds a client (or a load balancer) is asked to wait before retrying during an outage.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no database, so an outage does not restart it."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the default database answers `SELECT 1`; 503 while it does not."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error:  # any database failure, InterfaceError included
        response = HttpResponse(
            "database unavailable", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ready", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86_400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says (the admin names none)."""
    return HttpResponseRedirect(static("img/favicon.svg"))


def service_unavailable() -> HttpResponse:
    """The outage page: 503, Retry-After, never cached.

    Rendered without a request, hence without context processors: they query the database,
    which is what is down.
    """
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a page, not a bare message.

    Says how many failures caused it and how long the lock lasts, in words.
    """
    now = timezone.now()
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "wait": timeuntil(now + cool_off, now) if cool_off else "",
    }
    response = render(request, "ops/lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
