"""/api/v1/: the read-only API. Wired in certdir/urls.py outside i18n_patterns (one address
per resource, whatever the language)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from bodies.api import views

app_name = "api"

router = DefaultRouter()
router.register("bodies", views.BodyViewSet, basename="body")
router.register(
    "accreditation-bodies", views.AccreditationBodyViewSet, basename="accreditation-body"
)
router.register("standards", views.StandardViewSet, basename="standard")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("accreditations", views.AccreditationViewSet, basename="accreditation")
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's init script as a separate file (?script=): the CSP
    # forbids inline scripts. The UI's own files come from drf-spectacular-sidecar (/static/).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("v1/verify/", views.VerifyView.as_view(), name="verify"),
    path("v1/", include(router.urls)),
    # Anything else, newlines included: unnamed, as nothing links to it.
    re_path(r"^", views.not_found),
]
