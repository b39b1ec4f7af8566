"""URL wiring only. English is unprefixed; other languages live under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from bodies.sitemaps import SITEMAPS
from bodies.views.discovery import robots_txt
from ops.language import set_language

urlpatterns = [
    # The language switcher (templates/includes/language_switcher.html).
    path("i18n/setlang/", set_language, name="set_language"),
    # Probes for load balancers and containers: no language prefix, no SSL redirect.
    path("", include("ops.urls")),
    # For search engines, once for every language (the sitemap lists each page per language).
    # The read-only JSON API, its schema and docs: one address whatever the language.
    path("api/", include("bodies.api.urls")),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]

urlpatterns += i18n_patterns(
    # Staff CSV imports (admin login; linked from the certificate / accreditation lists).
    path(f"{settings.ADMIN_PATH}imports/", include("bodies.import_urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("complaints/", include("complaints.urls")),
    path("", include("bodies.urls")),
    prefix_default_language=False,
)

handler404 = "bodies.views.errors.page_not_found"
handler500 = "bodies.views.errors.server_error"
