"""Site-wide template context: the demo-data banner and the shortlist count."""

from django.http import HttpRequest

from bodies import queries


def site(request: HttpRequest) -> dict:
    return {"demo_data_present": queries.demo_data_present()}
