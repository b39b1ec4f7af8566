"""Choosing the language: the switcher's endpoint, and the API's language.

The switcher's endpoint is Django's `set_language`, able to leave a prefixed page.

Django translates the `next` address by resolving it under the language of the switcher's
own request. /i18n/setlang/ has no prefix, so that language is English, "/ru/verify/?…"
does not resolve, and switching a Russian page to English would land on the Russian page
again. Resolving under the language of the `next` address fixes that; the page and its query
string are kept either way.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.i18n import set_language as django_set_language


def set_language(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next", request.GET.get("next")) or ""
    language = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(language or settings.LANGUAGE_CODE):
        return django_set_language(request)


API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    """The JSON API answers in the language the client asks for (Accept-Language, or the
    site's language cookie), English by default.

    The API lives outside i18n_patterns, so that its addresses do not change with the
    language, and LocaleMiddleware gives every unprefixed address the default language. Its
    human-readable messages (errors, field help) are translated like the pages: this picks
    the language for /api/ after LocaleMiddleware has run, and says so in Content-Language
    and Vary.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers["Content-Language"] = language
        return response
