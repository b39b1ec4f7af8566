"""The client's IP address, for rate limits and admin lockouts.

Behind a load balancer every request comes from the balancer's address, so counting per
REMOTE_ADDR would put all visitors in one bucket. Proxies append the address they received the
request from to X-Forwarded-For; with N trusted proxies in front of the app the client is the
N-th entry from the right. Entries further left were written by the client and can be forged,
so they are never used.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address to count requests against (settings.CERTDIR_TRUSTED_PROXY_COUNT proxies)."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CERTDIR_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies and _is_ip(forwarded[-proxies]):
            return forwarded[-proxies]
    return remote_addr


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
