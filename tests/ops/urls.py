"""The site's URLs plus a few views that exist only to exercise ops in tests.

Use with `@pytest.mark.urls("tests.ops.urls")`.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from accreditation.models import Sector
from certdir.urls import handler404, handler500
from certdir.urls import urlpatterns as site_urlpatterns
from ops.ratelimit import rate_limit


def read_write_read(request: HttpRequest) -> HttpResponse:
    """Counts sectors, adds one, counts again: which connection served each step?"""
    before = Sector.objects.count()
    Sector.objects.create(code=before + 1, name="Added by the request")
    after = Sector.objects.count()
    return HttpResponse(f"{before} {after}")


def count_sectors(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(Sector.objects.count()))


def remember_in_session(request: HttpRequest) -> HttpResponse:
    """Touches no table itself; the session is saved after the view, by SessionMiddleware."""
    request.session["remembered"] = True
    return HttpResponse("remembered")


@rate_limit("CERTDIR_RATE_VERIFY", methods=("GET", "POST"))
def limited(request: HttpRequest) -> HttpResponse:
    return HttpResponse("answered")


urlpatterns = [
    path("ops-test/read-write-read/", read_write_read),
    path("ops-test/count-sectors/", count_sectors),
    path("ops-test/remember/", remember_in_session),
    path("ops-test/limited/", limited),
    *site_urlpatterns,
]

__all__ = ["handler404", "handler500", "urlpatterns"]
