"""Where to complain, and the report form."""

from django.core.validators import slug_re
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from complaints import queries, services
from complaints.forms import ReportForm
from ops.ratelimit import rate_limit


def _certificate_id(value: str) -> int | None:
    return int(value) if value.isdigit() and len(value) < 19 else None


def _body_slug(value: str) -> str:
    """A body address from the request, or "" for what cannot be one (PostgreSQL refuses
    text with NUL bytes outright, so such input must not reach a query)."""
    value = value[:120]
    return value if slug_re.match(value) else ""


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The route in plain words; with ?body= or ?certificate=, the route for that one."""
    route = queries.route(
        body_slug=_body_slug(request.GET.get("body", "")),
        certificate_id=_certificate_id(request.GET.get("certificate", "")),
    )
    return render(request, "complaints/index.html", {"route": route})


@require_http_methods(["GET", "POST"])
@rate_limit("CERTDIR_RATE_COMPLAINTS")
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_robot:
            # Answer as if it worked, so the robot learns nothing; store nothing.
            return redirect("complaints:received")
        if form.is_valid():
            data = form.cleaned_data
            services.submit_report(
                kind=data["kind"],
                description=data["description"],
                body=data["body"],
                certificate=data["certificate"],
                subject_text=data["subject_text"],
                email=data["email"],
            )
            return redirect("complaints:received")
    else:
        initial = {}
        if body_slug := _body_slug(request.GET.get("body", "")):
            initial["body"] = body_slug
        certificate_id = _certificate_id(request.GET.get("certificate", ""))
        if certificate_id:
            initial["certificate"] = certificate_id
        form = ReportForm(initial=initial)
    route = queries.route(
        body_slug=_body_slug(str(form["body"].value() or "")),
        certificate_id=_certificate_id(str(form["certificate"].value() or "")),
    )
    return render(
        request,
        "complaints/report.html",
        {"form": form, "route": route, "index_url": reverse("complaints:index")},
    )


@require_GET
def received(request: HttpRequest) -> HttpResponse:
    return render(request, "complaints/received.html", {})
