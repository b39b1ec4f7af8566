"""The site's URLs plus one page that shows the filters panel pattern of site.css / site.js
(`<details class="filters-panel">`), for the layout tests. Use with
`@pytest.mark.urls("tests.i18n.urls")`."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from certdir.urls import urlpatterns as site_urlpatterns

FILTERS_PAGE = """{% extends "base.html" %}{% block content %}
<h1>Bodies</h1>
<details class="filters-panel" id="filters-panel">
  <summary>Filters</summary>
  <form class="filters" id="filters" method="get">
    <label for="id_q">Name</label> <input id="id_q" name="q" type="search">
    <button type="submit">Show bodies</button>
  </form>
</details>
{% endblock %}"""


def filters_page(request: HttpRequest) -> HttpResponse:
    template = engines["django"].from_string(FILTERS_PAGE)
    return HttpResponse(template.render({}, request))


urlpatterns = [path("test-filters-panel/", filters_page), *site_urlpatterns]
