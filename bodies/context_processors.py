"""Site-wide template context: the demo-data banner and the shortlist count."""

from django.http import HttpRequest

from bodies.queries.site import demo_data_present


def site(request: HttpRequest) -> dict:
    return {"demo_data_present": demo_data_present()}
