"""Request-level operations: the database-outage page and read-replica pinning."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from ops import db_router
from ops.views import DATABASE_ERRORS, service_unavailable

logger = logging.getLogger(__name__)

PIN_COOKIE = "certdir_primary"


class DatabaseUnavailableMiddleware:
    """While the database is unreachable, answer 503 with a static page instead of a 500.

    Django turns a failed connection or a broken one into OperationalError / InterfaceError.
    The view's exception is caught here; an error raised later by another middleware (saving
    the session, say) reaches handler500, which renders the same page (bodies.views.errors).
    Nothing else is needed to recover: Django discards an unusable connection at the end of
    the request (CONN_HEALTH_CHECKS is on), so the next request after the database comes back
    connects afresh.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        logger.error("Database unavailable: %s %s", request.method, request.path, exc_info=True)
        return service_unavailable()


class ReplicaPinMiddleware:
    """Scope ops.db_router's read-your-writes pin to one request, and carry it to the next.

    At the start of a request the pin is reset (a sync worker's thread keeps context
    variables from one request to the next). If the request wrote, the response sets a short
    cookie so that the following request — typically the page a form redirects to — also
    reads from the primary while the replicas catch up. Without replicas it does nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not db_router.replica_aliases():
            return self.get_response(request)
        tokens = db_router.start_request(pinned=PIN_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
            pin_seconds = settings.DATABASE_REPLICA_PIN_SECONDS
            if db_router.request_wrote() and pin_seconds:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=pin_seconds,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            db_router.end_request(tokens)
