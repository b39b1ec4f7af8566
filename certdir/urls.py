"""URL wiring only. English is unprefixed; other languages live under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Probes for load balancers and containers: no language prefix, no SSL redirect.
    path("", include("ops.urls")),
]

urlpatterns += i18n_patterns(
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("bodies.urls")),
    prefix_default_language=False,
)

handler404 = "bodies.views.errors.page_not_found"
handler500 = "bodies.views.errors.server_error"
