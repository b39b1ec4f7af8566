"""Strict readers for environment variables.

Settings must import with no environment at all (development defaults), and a malformed value
must stop the process at start-up with a message naming the variable, never be silently
reinterpreted. Every setting that comes from the environment goes through one of these.
"""

import os
import re
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean; use one of: {', '.join(sorted(_TRUE | _FALSE))}"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; empty items are rejected rather than ignored."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip() == "":
        return []
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item between commas")
    return items


def env_parsed(name: str, default: T, parse: Callable[[str], T], expected: str) -> T:
    """Parse a value with `parse`; any exception becomes ImproperlyConfigured naming `expected`."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return parse(value)
    except Exception as error:
        raise ImproperlyConfigured(f"{name}={value!r} is not {expected}: {error}") from None


_RATE = re.compile(r"[1-9]\d*/\d*[smhd]")


def parse_rate(value: str) -> str:
    """A rate limit as django-ratelimit reads it: "<count>/<period>", e.g. 60/m, 10/h, 100/5m."""
    value = value.strip()
    if not _RATE.fullmatch(value):
        raise ValueError(f"{value!r} is not a rate like 60/m, 10/h or 100/5m")
    return value


def env_rate(name: str, default: str) -> str:
    return env_parsed(name, default, parse_rate, "a rate such as 60/m, 10/h or 100/5m")
