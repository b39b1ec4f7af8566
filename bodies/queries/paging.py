"""Pages of a list in one query: the rows and, beside each, the total (a window count).

Django's Paginator asks COUNT(*) and then the rows: two round trips on every list page.
A COUNT(*) OVER () on the page's own query gives both at once; only a page past the end
(bad input) costs a second query, to find the last page.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_TOTAL = "window_total"


@dataclass(frozen=True)
class PageRequest:
    page: Page
    # Why the page shown is not the one asked for (non-numeric, out of range), or "".
    message: str


def _parse(raw_number: str | None) -> tuple[int, str]:
    if not raw_number:
        return 1, ""
    try:
        number = int(raw_number)
    except (TypeError, ValueError):
        return 1, _("The page number must be a whole number: showing the first page.")
    if number < 1:
        return 1, _("Pages start at 1: showing the first page.")
    return number, ""


def _slice(queryset: QuerySet, number: int, per_page: int) -> list:
    start = (number - 1) * per_page
    return list(queryset.annotate(**{_TOTAL: Window(Count("pk"))})[start : start + per_page])


def page_of(queryset: QuerySet, raw_number: str | None, *, per_page: int) -> PageRequest:
    """The page asked for; a bad number gives the first page, one past the end the last
    page, each with a message saying so. One query, two for a page past the end."""
    number, message = _parse(raw_number)
    rows = _slice(queryset, number, per_page)
    if rows:
        total = getattr(rows[0], _TOTAL)
    elif number == 1:
        total = 0
    else:
        total = queryset.count()
        last = max(1, -(-total // per_page))
        message = ngettext(
            "There is only %(count)d page of results: showing it.",
            "There are only %(count)d pages of results: showing the last page.",
            last,
        ) % {"count": last}
        number = last
        rows = _slice(queryset, number, per_page) if total else []
    paginator = Paginator(queryset, per_page)
    paginator.count = total  # a cached_property: set, it is never queried
    return PageRequest(Page(rows, number, paginator), message)
