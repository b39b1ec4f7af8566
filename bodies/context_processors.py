"""Site-wide template context: the demo-data banner and the shortlist count."""

from django.http import HttpRequest

from bodies import shortlist
from bodies.queries.site import demo_data_present


def site(request: HttpRequest) -> dict:
    """Read the session only (no query on bodies): the header shows the shortlist's size and
    the "Add to shortlist" buttons need to know what is already on it."""
    session = getattr(request, "session", None)
    shortlisted = shortlist.slugs(session) if session is not None else []
    return {
        "demo_data_present": demo_data_present(),
        "shortlist_slugs": shortlisted,
        "shortlist_count": len(shortlisted),
    }
