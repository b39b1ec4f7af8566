"""Anonymous throttling of the API: settings.CERTDIR_API_RATE requests per client address.

DRF's own AnonRateThrottle, with certdir's policy: the rate is the setting (from the
environment, read per request so tests can override it) in the same "<count>/<period>"
form as every other limit (certdir.env.parse_rate, so "100/5m" works too), the client is
ops.client_ip's (trusted proxies counted the same way as for the HTML pages' limits), and
RATELIMIT_ENABLE=false switches it off for load tests. Over the limit DRF answers 429 with
Retry-After and a JSON body.
"""

import re

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle

from certdir.env import parse_rate
from ops.client_ip import client_ip

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_in_seconds(rate: str) -> tuple[int, int]:
    """ "60/m" -> (60, 60); "100/5m" -> (100, 300)."""
    count, period = parse_rate(rate).split("/")
    multiplier, unit = re.fullmatch(r"(\d*)([smhd])", period).groups()
    return int(count), int(multiplier or 1) * _SECONDS[unit]


class ApiRateThrottle(AnonRateThrottle):
    scope = "api"

    def get_rate(self) -> str:
        return settings.CERTDIR_API_RATE

    def parse_rate(self, rate: str) -> tuple[int, int]:
        return rate_in_seconds(rate)

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: object) -> bool:
        if not settings.RATELIMIT_ENABLE:
            return True
        return super().allow_request(request, view)
