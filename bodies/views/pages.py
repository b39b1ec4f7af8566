"""Detail and list pages: a body, accreditation bodies, standards."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accreditation.models import AccreditationBody, Standard, StandardKind
from bodies.csv import csv_response
from bodies.evaluation import core_checks
from bodies.models import Body
from bodies.queries import directory, history
from bodies.queries import evaluation as evaluation_queries
from bodies.queries import pages as queries
from bodies.queries.coverage import coverage_for_accreditation_bodies
from bodies.structured_data import organization_for_accreditation_body, organization_for_body


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        body = evaluation_queries.with_recognitions(queries.body_for_page(slug))
    except Body.DoesNotExist:
        raise Http404 from None
    today = timezone.localdate()
    context = {
        "body": body,
        # The buyer's three checks per accreditation (templates/bodies/_checks_panel.html).
        "accreditation_checks": core_checks(body, today=today),
        "accreditation_rows": queries.accreditation_rows(body, day=today),
        "certificate_counts": queries.certificate_counts(body, day=today),
        "structured_data": organization_for_body(body, request=request),
        "timeline": history.body_timeline(body.pk),
    }
    return render(request, "bodies/body_detail.html", context)


def accreditation_body_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "bodies/accreditation_body_list.html",
        {"accreditation_bodies": queries.accreditation_bodies()},
    )


def accreditation_body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        ab = queries.accreditation_body_for_page(slug)
    except AccreditationBody.DoesNotExist:
        raise Http404 from None
    # The bodies it accredits: the directory's filters, with this AB as the accreditor.
    filterset = directory.filterset_within(request.GET, accreditor=ab.slug)
    valid = filterset.is_valid()
    if request.GET.get("format") == "csv" and valid:
        return csv_response(
            filename=f"certdir-{ab.slug}-bodies-{timezone.now():%Y%m%d-%H%M%S}.csv",
            header=directory.CSV_HEADER,
            rows=directory.csv_records(filterset, request.build_absolute_uri),
        )
    bodies = directory.compact_rows(filterset) if valid else Body.objects.none()
    found = directory.page_of(bodies, request.GET.get("page"))
    directory.label_statuses(found.page.object_list)
    structured_data = organization_for_accreditation_body(ab, request=request)
    context = {
        "ab": ab,
        "form": filterset.form,
        "valid": valid,
        "page": found.page,
        "page_message": found.message,
        "coverage": coverage_for_accreditation_bodies([ab.pk])[ab.pk],
        "structured_data": structured_data,
        "timeline": history.accreditation_body_timeline(ab.pk),
    }
    return render(request, "bodies/accreditation_body_detail.html", context)


def standard_list(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"certdir-standards-{timezone.now():%Y%m%d-%H%M%S}.csv",
            header=queries.STANDARDS_CSV_HEADER,
            rows=queries.standard_rows(),
        )
    return render(request, "bodies/standard_list.html", {"standards": queries.standards()})


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        standard = queries.standard_for_page(slug)
    except Standard.DoesNotExist:
        raise Http404 from None
    context: dict = {"standard": standard, "governed_kinds": queries.governed_kinds(standard)}
    # Who is accredited to it (a CASCO standard) or to certify it (a scheme): the directory's
    # filters with this standard fixed; requirement documents have no such list.
    role = {StandardKind.CASCO: "casco", StandardKind.SCHEME: "standard"}.get(standard.kind)
    if role:
        filterset = directory.filterset_within(request.GET, **{role: standard.slug})
        valid = filterset.is_valid()
        bodies = directory.compact_rows(filterset) if valid else Body.objects.none()
        found = directory.page_of(bodies, request.GET.get("page"))
        directory.label_statuses(found.page.object_list)
        context |= {
            "role": role,
            "form": filterset.form,
            "valid": valid,
            "page": found.page,
            "page_message": found.message,
            "countries": directory.country_counts(filterset) if valid else [],
        }
    return render(request, "bodies/standard_detail.html", context)
