"""/statistics/: ISO Survey figures joined to the directory, and a CSV download of each table."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from bodies.csv import csv_response
from bodies.queries.statistics import statistics_data
from bodies.statistics import CAVEATS, COVERAGE_CHANGES, TABLES


def statistics(request: HttpRequest) -> HttpResponse:
    if "table" in request.GET or "format" in request.GET:
        return _download(request)
    data = statistics_data()
    blocks = {name.replace("-", "_"): build(data) for name, build in TABLES.items()}
    keys = sorted({key for figure in data.figures for key in figure.source_keys})
    context = {
        "blocks": blocks,
        "data": data,
        "coverage_changes": [COVERAGE_CHANGES[year] for year in sorted(COVERAGE_CHANGES)],
        "caveats": CAVEATS,
        "sources": [data.sources[key] for key in keys if key in data.sources],
    }
    return render(request, "bodies/statistics.html", context)


def _download(request: HttpRequest) -> HttpResponse:
    """`?table=<name>&format=csv`; anything else is explained, never a 500."""
    name, file_format = request.GET.get("table", ""), request.GET.get("format", "csv")
    if file_format != "csv":
        message = _("Tables download as CSV only: use format=csv.")
        return _bad_request(request, message, status=400)
    if not name:
        return _bad_request(request, _("Say which table to download with table=<name>."), 400)
    if name not in TABLES:
        message = _("There is no statistics table named “%(name)s”.") % {"name": name}
        return _bad_request(request, message, status=404)
    table = TABLES[name](statistics_data()).table
    return csv_response(
        filename=f"certdir-statistics-{table.name}.csv", header=table.header, rows=table.rows
    )


def _bad_request(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "bodies/statistics_download_error.html",
        {"message": message, "tables": list(TABLES)},
        status=status,
    )
