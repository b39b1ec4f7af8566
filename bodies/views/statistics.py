"""/statistics/: ISO Survey figures joined to the directory, and a CSV download of each table."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from bodies.queries.statistics import statistics_data
from bodies.statistics import CAVEATS, COVERAGE_CHANGES, TABLES, Table

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value: str | int | None) -> str | int:
    """A CSV cell a spreadsheet shows as text: formula-like text gets a leading apostrophe.

    Numbers are written as numbers. (A shared helper for every CSV export is planned in
    bodies/csv.py; this one is the same rule.)
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


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
    return _csv_response(TABLES[name](statistics_data()).table)


def _bad_request(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(
        request,
        "bodies/statistics_download_error.html",
        {"message": message, "tables": list(TABLES)},
        status=status,
    )


def _csv_response(table: Table) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="certdir-statistics-{table.name}.csv"'
    writer = csv.writer(response)
    writer.writerow([_safe_cell(label) for label in table.header])
    writer.writerows([_safe_cell(cell) for cell in row] for row in table.rows)
    return response
