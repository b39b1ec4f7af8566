"""The language switcher's endpoint: Django's `set_language`, able to leave a prefixed page.

Django translates the `next` address by resolving it under the language of the switcher's
own request. /i18n/setlang/ has no prefix, so that language is English, "/ru/verify/?…"
does not resolve, and switching a Russian page to English would land on the Russian page
again. Resolving under the language of the `next` address fixes that; the page and its query
string are kept either way.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    language = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(language or settings.LANGUAGE_CODE):
        return django_set_language(request)
