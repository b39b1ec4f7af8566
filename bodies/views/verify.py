"""Certificate verification: one number or holder name, one certificate, a whole CSV file."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bodies import bulk_verification, holder_csv
from bodies.csv import csv_response
from bodies.models import Certificate
from bodies.queries import history
from bodies.queries import verify as queries
from bodies.queries.coverage import coverage_table
from bodies.verification import verify_certificate
from bodies.verify_forms import BulkVerifyForm, VerifyForm
from ops.ratelimit import rate_limit


@require_GET
@rate_limit("CERTDIR_RATE_VERIFY", methods=("GET",))
def verify(request: HttpRequest) -> HttpResponse:
    """The form and, once submitted (GET, so the address is the permalink), the answer.

    `format=csv` downloads every certificate of the holder-name search (bodies.holder_csv).
    """
    form = VerifyForm(request.GET or None)
    if request.GET.get("format") == "csv":
        return _holder_csv(request, form)
    answer = None
    if form.is_bound and form.is_valid():
        answer = queries.verify_lookup(
            number=form.cleaned_data["number"],
            body_query=form.cleaned_data["body"],
            holder=form.cleaned_data["holder"],
            now=timezone.now(),
        )
    return render(
        request,
        "bodies/verify/verify.html",
        {
            "form": form,
            "answer": answer,
            "permalink": request.build_absolute_uri(),
            "coverage": coverage_table(),
        },
    )


def _holder_csv(request: HttpRequest, form: VerifyForm) -> HttpResponse:
    """The holder search as CSV; without a valid holder name, the form says why (400)."""
    if form.is_valid() and form.cleaned_data["holder"]:
        now = timezone.now()
        return csv_response(
            filename=f"certdir-certificates-{now:%Y%m%d-%H%M%S}.csv",
            header=holder_csv.header(),
            rows=holder_csv.rows(
                form.cleaned_data["holder"],
                day=timezone.localdate(now),
                base_url=request.build_absolute_uri("/"),
            ),
        )
    if form.is_valid():
        form.add_error("holder", _("Type a holder's name to download its certificates as CSV."))
    context = {"form": form, "answer": None, "coverage": coverage_table()}
    return render(request, "bodies/verify/verify.html", context, status=400)


@require_GET
@rate_limit("CERTDIR_RATE_VERIFY", methods=("GET",))
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One certificate's permanent page: today's verdict and its status timeline."""
    try:
        certificate = queries.certificate_for_page(pk)
    except Certificate.DoesNotExist:
        raise Http404 from None
    now = timezone.now()
    return render(
        request,
        "bodies/verify/certificate_detail.html",
        {
            "certificate": certificate,
            "verdict": verify_certificate(certificate, day=timezone.localdate(now)),
            "verified_at": now,
            "permalink": request.build_absolute_uri(certificate.get_absolute_url()),
            "timeline": history.certificate_timeline(certificate.pk),
        },
    )


@require_http_methods(["GET", "POST"])
@rate_limit("CERTDIR_RATE_BULK_VERIFY")
def bulk_verify(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of certificates; download the same rows with the outcome appended."""
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            bulk = bulk_verification.parse(
                form.cleaned_data["file"], max_rows=settings.CERTDIR_BULK_VERIFY_MAX_ROWS
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            now = timezone.now()
            return csv_response(
                filename=f"certdir-verification-{now:%Y%m%d-%H%M%S}.csv",
                header=bulk_verification.output_header(bulk),
                rows=bulk_verification.verify_rows(
                    bulk, day=timezone.localdate(now), base_url=request.build_absolute_uri("/")
                ),
            )
    return render(
        request,
        "bodies/verify/bulk.html",
        {
            "form": form,
            "max_rows": settings.CERTDIR_BULK_VERIFY_MAX_ROWS,
            "columns": bulk_verification.OUTPUT_COLUMNS,
        },
    )
