"""Staff import pages, mounted under the admin path in certdir/urls.py."""

from django.urls import path

from bodies.views.imports import page_for

app_name = "imports"

urlpatterns = [
    path("certificates/", page_for("certificates"), name="certificates"),
    path("accreditations/", page_for("accreditations"), name="accreditations"),
]
