"""Probes and /favicon.ico, mounted at the site root outside i18n_patterns (see certdir/urls.py)."""

from django.urls import path

from ops import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("favicon.ico", views.favicon, name="favicon"),
]
