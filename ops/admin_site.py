"""certdir's AdminSite: the stock admin with a rate limit on login attempts.

django-axes locks a username + address out after AXES_FAILURE_LIMIT failed logins; the rate
limit below caps how fast any one address can post to the login form at all, whichever
usernames it tries (which axes alone does not bound).
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator

from ops.ratelimit import rate_limit


class CertdirAdminSite(admin.AdminSite):
    @method_decorator(rate_limit("CERTDIR_RATE_ADMIN_LOGIN", methods=("POST",)))
    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        return super().login(request, extra_context)
