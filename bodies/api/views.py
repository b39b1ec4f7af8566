"""Read-only API views: a queryset from bodies.queries.api, a FilterSet, a serializer.

Lists are paginated in a stable order (a unique last sort key); certificates use cursor
pagination (no COUNT over millions of rows, pages that do not shift while data is imported).
Bad filter values answer 400 naming the parameter; unknown objects 404; both as JSON.
"""

from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bodies.api import filters
from bodies.api import serializers as api_serializers
from bodies.queries import api as queries
from bodies.queries import verify as verify_queries
from bodies.queries.directory import PER_PAGE
from bodies.verify_forms import VerifyForm


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


# Documented on every operation, so clients (and schemathesis) know what a refusal looks like.
_BAD_INPUT = OpenApiResponse(
    response={"type": "object", "additionalProperties": {"type": "array", "items": {}}},
    description=_("A parameter has a value it cannot take; each key names one parameter."),
)
_NOT_FOUND = OpenApiResponse(response=ErrorSerializer, description=_("No such object or page."))
_THROTTLED = OpenApiResponse(
    response=ErrorSerializer, description=_("Too many requests: wait Retry-After seconds.")
)


class Pages(PageNumberPagination):
    # The directory's page size: /api/v1/bodies/?page=2 holds the bodies of /bodies/?page=2.
    page_size = PER_PAGE

    def get_page_number(self, request: Request, paginator: object) -> str | int:
        """An empty `page=` is not a number: 404 "Invalid page", as DRF answers for "abc"."""
        number = super().get_page_number(request, paginator)
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound(self.invalid_page_message.format(page_number="", message=""))
        return number


class CertificatePages(CursorPagination):
    page_size = PER_PAGE
    ordering = "pk"


# What a slug can hold: anything else (a NUL byte, which PostgreSQL refuses in a string) is a
# 404 from the router instead of reaching the database.
SLUG_PATTERN = "[-a-zA-Z0-9_]+"


class _ReadOnly(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend]
    pagination_class = Pages

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """List filters apply to lists only: an object's own address finds it whatever its
        state (a body with no active accreditation is not in the default list, but it exists)."""
        if self.action == "retrieve":
            return queryset
        return super().filter_queryset(queryset)


_LIST_RESPONSES = {400: _BAD_INPUT, 404: _NOT_FOUND, 429: _THROTTLED}
_DETAIL_RESPONSES = {404: _NOT_FOUND, 429: _THROTTLED}


def _documented(viewset: type) -> type:
    """Add the error responses to the list and retrieve operations of a viewset.

    Through extend_schema_view, which copies inherited methods first: decorating the mixin's
    `list` itself would give every viewset the last one's schema.
    """
    serializer = viewset.serializer_class
    operations = {
        "list": extend_schema(responses={200: serializer(many=True), **_LIST_RESPONSES}),
        "retrieve": extend_schema(responses={200: serializer, **_DETAIL_RESPONSES}),
    }
    return extend_schema_view(
        **{action: schema for action, schema in operations.items() if hasattr(viewset, action)}
    )(viewset)


@_documented
class AccreditationBodyViewSet(_ReadOnly):
    """Accreditation bodies with their recognitions (arrangement, scope, dates, in force)."""

    queryset = queries.accreditation_bodies()
    serializer_class = api_serializers.AccreditationBodySerializer
    filterset_class = filters.AccreditationBodyFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


@_documented
class StandardViewSet(_ReadOnly):
    """CASCO standards, supplementary requirements and certification schemes."""

    queryset = queries.standards()
    serializer_class = api_serializers.StandardSerializer
    filterset_class = filters.StandardFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


@_documented
class SectorViewSet(_ReadOnly):
    """IAF sectors (IAF ID 1 codes 1–39)."""

    queryset = queries.sectors()
    serializer_class = api_serializers.SectorSerializer
    lookup_field = "code"
    lookup_value_regex = "[0-9]{1,2}"


@_documented
class AccreditationViewSet(_ReadOnly):
    """Accreditations: body, accreditation body, CASCO standard, scope, status and timeline."""

    serializer_class = api_serializers.AccreditationSerializer
    filterset_class = filters.AccreditationFilterSet
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> QuerySet:
        """Per request: "recognised" is computed for today."""
        return queries.accreditations()


@_documented
class CertificateViewSet(_ReadOnly):
    """Certificates; `?number=` finds one by number as /verify/ does (case, spaces, dashes
    ignored; several bodies may use the same number)."""

    queryset = queries.certificates()
    serializer_class = api_serializers.CertificateSerializer
    filterset_class = filters.CertificateFilterSet
    pagination_class = CertificatePages
    lookup_value_regex = "[0-9]{1,18}"


@_documented
class BodyViewSet(_ReadOnly):
    """Conformity-assessment bodies with offices and accreditations. The list takes the
    directory's filters (bodies.filters.BodyFilterSet): the same query string gives the same
    bodies, in the same order and pages, as /bodies/."""

    queryset = queries.bodies()
    serializer_class = api_serializers.BodySerializer
    filterset_class = filters.BodyFilterSet
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN


class VerifyView(APIView):
    """Certificate verification: the same answer as /verify/ for the same query string."""

    @extend_schema(
        parameters=[
            OpenApiParameter("number", str, description=_("Certificate number as printed.")),
            OpenApiParameter("body", str, description=_("Issuing body: name, acronym or slug.")),
            OpenApiParameter("holder", str, description=_("Holder's name (3 characters or more).")),
        ],
        responses={
            200: api_serializers.VerifyAnswerSerializer,
            400: _BAD_INPUT,
            429: _THROTTLED,
        },
    )
    def get(self, request: Request) -> Response:
        form = VerifyForm(request.query_params)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {
                    ("non_field_errors" if name == "__all__" else name): [
                        error["message"] for error in items
                    ]
                    for name, items in errors.items()
                }
            )
        answer = verify_queries.verify_lookup(
            number=form.cleaned_data["number"],
            body_query=form.cleaned_data["body"],
            holder=form.cleaned_data["holder"],
            now=timezone.now(),
        )
        if answer.holder_matches:
            prefetch_related_objects(answer.holder_matches.certificates, "sectors")
        context = {"request": request, "today": answer.day}
        return Response(api_serializers.VerifyAnswerSerializer(answer, context=context).data)


def not_found(request: HttpRequest) -> JsonResponse:
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": _("There is no API endpoint at this address.")}, status=404)
