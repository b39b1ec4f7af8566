"""For search engines: robots.txt pointing to the sitemap (bodies.sitemaps)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything public may be crawled; the language switch is a form, not a page."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('set_language')}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
