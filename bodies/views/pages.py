"""Detail and list pages: a body, accreditation bodies, standards."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accreditation.models import AccreditationBody, Standard
from bodies.models import Body
from bodies.queries import history
from bodies.queries import pages as queries
from bodies.structured_data import organization_for_accreditation_body, organization_for_body


def body_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        body = queries.body_for_page(slug)
    except Body.DoesNotExist:
        raise Http404 from None
    structured_data = organization_for_body(body, request=request)
    return render(
        request,
        "bodies/body_detail.html",
        {
            "body": body,
            "structured_data": structured_data,
            "timeline": history.body_timeline(body.pk),
        },
    )


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
