"""The sitemap: the site's pages, every body, accreditation body and standard, in every language.

Served as an index (/sitemap.xml) of one sitemap per section (/sitemap-<section>.xml),
each paginated by Django past 50,000 addresses. With `i18n` every page is listed once per
language with its alternates (English unprefixed, Russian under /ru/). Django builds the
(page, language) pairs as a list of every row, which would read a million bodies to serve
one page of the sitemap; `QuerySetSitemap` reads only the rows of the requested page.
"""

import datetime
from collections.abc import Sequence

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Model, QuerySet
from django.urls import NoReverseMatch, reverse

from accreditation.models import AccreditationBody, Standard
from bodies.models import Body

# Pages without an object (URL names of the `bodies` namespace). Names that do not resolve
# (a journey not built yet) are left out rather than listed broken.
STATIC_PAGES = [
    "home",
    "body-list",
    "accreditation-body-list",
    "standard-list",
    "statistics",
    "evaluate",
    "verify",
]


class LanguagePairs(Sequence):
    """(row, language) pairs of an ordered queryset, read one slice at a time.

    What `Paginator` needs: a length (one COUNT query) and slices (one query each).
    """

    def __init__(self, queryset: QuerySet, languages: list[str]) -> None:
        self.queryset = queryset
        self.languages = languages
        self._length: int | None = None

    def __len__(self) -> int:
        if self._length is None:
            self._length = self.queryset.count() * len(self.languages)
        return self._length

    def __getitem__(self, index: int | slice) -> tuple[Model, str] | list[tuple[Model, str]]:
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_row = len(self.languages)
        first_row = start // per_row
        rows = self.queryset[first_row : -(-stop // per_row)]
        pairs = [(row, language) for row in rows for language in self.languages]
        offset = start - first_row * per_row
        return pairs[offset : offset + max(stop - start, 0)]


class I18nSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class QuerySetSitemap(I18nSitemap):
    def _items(self) -> Sequence:
        return LanguagePairs(self.items(), list(self._languages()))


class StaticPagesSitemap(I18nSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self) -> list[str]:
        names = []
        for name in STATIC_PAGES:
            try:
                reverse(f"bodies:{name}")
            except NoReverseMatch:
                continue
            names.append(name)
        return names

    def location(self, name: str) -> str:
        return reverse(f"bodies:{name}")


class BodySitemap(QuerySetSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Body]:
        return Body.objects.only("slug", "updated_at").order_by("slug")

    def lastmod(self, body: Body) -> datetime.datetime:
        return body.updated_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        """One aggregate instead of Django's default, which reads every row."""
        return Body.objects.aggregate(latest=Max("updated_at"))["latest"]


class AccreditationBodySitemap(QuerySetSitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[AccreditationBody]:
        return AccreditationBody.objects.only("slug").order_by("slug")


class StandardSitemap(QuerySetSitemap):
    changefreq = "monthly"

    def items(self) -> QuerySet[Standard]:
        return Standard.objects.only("slug").order_by("slug")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "bodies": BodySitemap,
    "accreditation-bodies": AccreditationBodySitemap,
    "standards": StandardSitemap,
}
