"""The one rate-limit mechanism for HTML views: `@rate_limit("CERTDIR_RATE_…")`.

Counting is django-ratelimit's (fixed windows in the default cache, incremented atomically);
what this module adds is the certdir policy around it:

- the rate is the value of a setting read at request time (so it comes from the environment
  and tests can override it), e.g. CERTDIR_RATE_VERIFY = "60/m";
- a request over the limit gets the friendly 429 page with Retry-After instead of a 403;
- if the cache itself is unreachable (Redis down) the request is let through and the failure
  logged: a broken counter must not take the public pages down with it.

Usage, on a function view::

    from ops.ratelimit import rate_limit

    @rate_limit("CERTDIR_RATE_VERIFY", methods=("GET", "POST"))
    def verify(request): ...

and on a method, with django.utils.decorators.method_decorator (see ops.admin_site).
"""

import logging
from collections.abc import Callable, Sequence
from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

from certdir.env import parse_rate

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponse]


def rate_limit(
    setting_name: str,
    *,
    methods: Sequence[str] = ("POST",),
    key: str = "ip",
    group: str | None = None,
) -> Callable[[View], View]:
    """Limit the decorated view to `settings.<setting_name>` requests per client.

    `setting_name` names a rate string setting ("<count>/<s|m|h|d>", e.g. "10/m"; validated
    by certdir.env.parse_rate). Only requests whose method is in `methods` are counted
    and limited. `key` is any django-ratelimit key ("ip" — the client address from
    ops.client_ip —, "user_or_ip", "post:field", ...). Views sharing a `group` (default: the
    setting name) share one counter.
    """
    if not hasattr(settings, setting_name):
        raise ImproperlyConfigured(f"rate_limit: there is no setting named {setting_name}")
    counter = group or setting_name

    def rate(_group: str, _request: HttpRequest) -> str:
        value = getattr(settings, setting_name)
        try:
            return parse_rate(value)
        except ValueError as error:
            raise ImproperlyConfigured(f"settings.{setting_name}: {error}") from None

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            try:
                usage = get_usage(
                    request, group=counter, key=key, rate=rate, method=list(methods), increment=True
                )
            except ImproperlyConfigured:
                raise  # a bad rate or key is a bug to see, not an outage to ride out
            except Exception:
                logger.exception("Rate limit %s not applied: the cache is unavailable", counter)
                usage = None
            if usage is not None and usage["should_limit"]:
                return rate_limited(request, retry_after=max(usage["time_left"], 1))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def rate_limited(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """The 429 page: what happened, and when the visitor can try again."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response
