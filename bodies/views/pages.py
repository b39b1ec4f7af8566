"""Detail and list pages: a body, accreditation bodies, standards."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accreditation.models import AccreditationBody, Standard
from bodies.evaluation import core_checks
from bodies.models import Body
from bodies.queries import evaluation as evaluation_queries
from bodies.queries import history
from bodies.queries import pages as queries
from bodies.structured_data import organization_for_accreditation_body, organization_for_body


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        body = queries.body_for_page(slug)
    except Body.DoesNotExist:
        raise Http404 from None
    context = {
        "body": body,
        # The buyer's three checks per accreditation (templates/bodies/_checks_panel.html).
        "accreditation_checks": core_checks(
            evaluation_queries.with_recognitions(body), today=timezone.localdate()
        ),
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
    page = Paginator(queries.bodies_accredited_by(ab), 25).get_page(request.GET.get("page"))
    structured_data = organization_for_accreditation_body(ab, request=request)
    context = {
        "ab": ab,
        "page": page,
        "structured_data": structured_data,
        "timeline": history.accreditation_body_timeline(ab.pk),
    }
    return render(request, "bodies/accreditation_body_detail.html", context)


def standard_list(request: HttpRequest) -> HttpResponse:
    return render(request, "bodies/standard_list.html", {"standards": queries.standards()})


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        standard = queries.standard_for_page(slug)
    except Standard.DoesNotExist:
        raise Http404 from None
    return render(request, "bodies/standard_detail.html", {"standard": standard})
