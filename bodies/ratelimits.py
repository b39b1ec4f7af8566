"""Rate limits for public forms, read from settings at request time.

django-ratelimit accepts a callable rate; reading the setting on each request (rather than
once at import) lets `override_settings` in tests and a settings change take effect.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest


def rate_from_setting(name: str) -> Callable[[str, HttpRequest], str]:
    """A django-ratelimit `rate` callable returning `settings.<name>` ("10/m", "100/h"...)."""

    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, name)

    rate.__name__ = f"rate_{name.lower()}"
    return rate
