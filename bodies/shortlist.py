"""The shortlist: up to ten body slugs kept in the visitor's session (no account needed).

Whatever the session holds is read defensively: anything but a list of slug-shaped strings
is ignored, duplicates collapse and only the first MAX_BODIES count, so tampered or stale
session data can never break a page.
"""

import re

from django.contrib.sessions.backends.base import SessionBase
from django.db import models

SESSION_KEY = "shortlist"
NEED_SESSION_KEY = "evaluation_need"
MAX_BODIES = 10
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


class AddResult(models.TextChoices):
    ADDED = "added"
    ALREADY = "already"
    FULL = "full"


def is_slug(value: object) -> bool:
    return isinstance(value, str) and bool(_SLUG.match(value))


def slugs(session: SessionBase) -> list[str]:
    """The shortlisted slugs, oldest first, sanitised."""
    stored = session.get(SESSION_KEY)
    if not isinstance(stored, list):
        return []
    return list(dict.fromkeys(value for value in stored if is_slug(value)))[:MAX_BODIES]


def add(session: SessionBase, slug: str) -> AddResult:
    current = slugs(session)
    if slug in current:
        return AddResult.ALREADY
    if len(current) >= MAX_BODIES:
        return AddResult.FULL
    session[SESSION_KEY] = [*current, slug]
    return AddResult.ADDED


def remove(session: SessionBase, slug: str) -> bool:
    current = slugs(session)
    if slug not in current:
        return False
    session[SESSION_KEY] = [value for value in current if value != slug]
    return True


def stored_need(session: SessionBase) -> list[tuple[str, str]]:
    """The need of the last evaluation, as GET parameter pairs (validated again when used)."""
    stored = session.get(NEED_SESSION_KEY)
    if not isinstance(stored, list):
        return []
    return [
        (pair[0], pair[1])
        for pair in stored
        if isinstance(pair, list | tuple)
        and len(pair) == 2
        and all(isinstance(part, str) and len(part) <= 120 for part in pair)
    ][:20]


def store_need(session: SessionBase, pairs: list[tuple[str, str]]) -> None:
    value = [list(pair) for pair in pairs]
    if session.get(NEED_SESSION_KEY) != value:
        session[NEED_SESSION_KEY] = value
