"""The directory: conformity-assessment bodies, their offices, accreditations and certificates.

Imports `accreditation` (the reference world), never the reverse.
"""

import datetime
import re

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from accreditation.models import (
    AccreditationBody,
    BodyKind,
    Provenance,
    Sector,
    Standard,
    StatusChangeRecord,
)


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")
    # A source documents the accreditation but not whether it is still in force.
    UNKNOWN = "unknown", _("Status not confirmed")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


_NUMBER_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise_certificate_number(number: str) -> str:
    """The form certificate numbers are matched in: case, spaces and dashes ignored.

    Must agree with `Certificate.number_normalised`, which the database computes from the
    stored number; imports store numbers with unicode dashes and white space already
    reduced to ASCII '-' and ' ' (see `clean_certificate_number`).
    """
    return _NUMBER_SEPARATORS.sub("", number).upper()


def clean_certificate_number(number: str) -> str:
    """The stored form of a number as written: trimmed, unicode dashes and spaces as ASCII."""
    number = re.sub(r"[\u2010-\u2015\u2212]", "-", number)
    return re.sub(r"\s+", " ", number).strip()


class BodyQuerySet(models.QuerySet):
    def demo(self) -> "BodyQuerySet":
        return self.filter(is_demo=True)

    def real(self) -> "BodyQuerySet":
        return self.filter(is_demo=False)


class Body(Provenance):
    """A conformity-assessment body: a certification body, inspection body, lab, PT provider..."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    acronym = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=24, choices=BodyKind)
    country = CountryField(help_text=_("Country of the head office."))
    city = models.CharField(max_length=100, blank=True, help_text=_("City of the head office."))
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    founded_year = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    group = models.CharField(max_length=120, blank=True, help_text=_("Parent group, if any."))
    notes = models.TextField(blank=True)
    certificates_updated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "When we last received this body's certificate data. Empty: the body does not "
            "share certificate data with us, so a number missing here says nothing."
        ),
    )
    is_demo = models.BooleanField(
        default=False, help_text=_("Fictional row made by `seed_demo`; never real data.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BodyQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BodyKind.values),
                name="body_kind_valid",
                violation_error_message=_("Choose a valid kind of body."),
            ),
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(founded_year__gte=1800, founded_year__lte=2100),
                name="body_founded_year_plausible",
                violation_error_message=_("The founding year must be between 1800 and 2100."),
            ),
        ]
        indexes = [
            # Directory filters `kind` and `country` (head office), and its default name order.
            models.Index(fields=["kind", "name"], name="body_kind_name_idx"),
            models.Index(fields=["country", "name"], name="body_country_name_idx"),
            # Demo banner and `seed_demo --clear`.
            models.Index(fields=["is_demo"], name="body_is_demo_idx"),
            # Directory `q` (UPPER(col) LIKE, as icontains compiles); PostgreSQL only, created
            # by migration 0002 with an operation that skips other databases.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="body_name_upper_trgm"),
            GinIndex(
                OpClass(Upper("acronym"), name="gin_trgm_ops"), name="body_acronym_upper_trgm"
            ),
            GinIndex(OpClass(Upper("city"), name="gin_trgm_ops"), name="body_city_upper_trgm"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bodies:body-detail", args=[self.slug])

    @property
    def shares_certificates(self) -> bool:
        return self.certificates_updated_at is not None


class Office(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="offices")
    country = CountryField()
    city = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    is_head_office = models.BooleanField(default=False)
    is_accredited_location = models.BooleanField(
        default=False, help_text=_("Covered by the body's accreditation (a critical location).")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_head_office", "country", "city"]
        constraints = [
            models.UniqueConstraint(
                fields=["body"],
                condition=Q(is_head_office=True),
                name="office_one_head_office",
                violation_error_message=_(
                    "A body has only one head office: untick “head office” on the other office "
                    "first."
                ),
            ),
        ]
        indexes = [
            # Directory filter `country` (any office in the country).
            models.Index(fields=["country", "body"], name="office_country_body_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.body} — {self.city or self.country.name}"


class AccreditationQuerySet(models.QuerySet):
    def active(self) -> "AccreditationQuerySet":
        return self.filter(status=AccreditationStatus.ACTIVE)

    def in_force(self, on: datetime.date | None = None) -> "AccreditationQuerySet":
        """Active and not past expiry on a day: `effective_status(day) == active` in SQL."""
        day = on or timezone.localdate()
        return self.active().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


class Accreditation(Provenance):
    """One body's accreditation by one accreditation body against one CASCO standard."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="accreditations")
    accreditation_body = models.ForeignKey(
        AccreditationBody, on_delete=models.PROTECT, related_name="accreditations"
    )
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="accreditations",
        limit_choices_to={"kind": "casco"},
        help_text=_("The CASCO standard the body is accredited against (e.g. ISO/IEC 17021-1)."),
    )
    number = models.CharField(
        max_length=60, blank=True, help_text=_("The AB's accreditation number; unique per AB.")
    )
    status = models.CharField(
        max_length=12, choices=AccreditationStatus, default=AccreditationStatus.ACTIVE
    )
    granted_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    schemes = models.ManyToManyField(
        Standard,
        blank=True,
        related_name="scheme_accreditations",
        limit_choices_to={"kind": "scheme"},
        help_text=_("Schemes the accreditation covers (ISO 9001, ISO/IEC 27001, ...)."),
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="accreditations", help_text=_("IAF sectors covered.")
    )
    scope_url = models.URLField(max_length=500, blank=True, help_text=_("Scope document."))
    source_url = models.URLField(max_length=500, blank=True, help_text=_("Where this was read."))
    as_of = models.CharField(
        max_length=20, blank=True, help_text=_("The source's date as published (may be a year).")
    )
    last_checked_on = models.DateField(
        null=True, blank=True, help_text=_("When these facts were last checked against a source.")
    )
    note = models.TextField(blank=True)

    objects = AccreditationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "accreditation_body", "standard"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AccreditationStatus.values),
                name="accreditation_status_valid",
                violation_error_message=_("Choose a valid accreditation status."),
            ),
            models.CheckConstraint(
                condition=Q(granted_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(expires_on__gte=F("granted_on")),
                name="accreditation_dates_ordered",
                violation_error_message=_("An accreditation cannot expire before it is granted."),
            ),
            models.UniqueConstraint(
                fields=["accreditation_body", "number"],
                condition=~Q(number=""),
                name="accreditation_number_unique_per_ab",
                violation_error_message=_(
                    "This accreditation body already has an accreditation with this number."
                ),
            ),
        ]
        indexes = [
            # Directory filters `casco` + `status`, and the AB page's "bodies it accredits".
            models.Index(fields=["standard", "status", "body"], name="accr_standard_status_idx"),
            models.Index(
                fields=["accreditation_body", "status", "body"], name="accr_ab_status_idx"
            ),
            # Directory sort "recently checked".
            models.Index(fields=["body", "last_checked_on"], name="accr_body_checked_idx"),
        ]

    def __str__(self) -> str:
        number = f" {self.number}" if self.number else ""
        return f"{self.body} — {self.accreditation_body}{number} ({self.standard})"

    def build_status_change(self, **fields) -> "StatusChange":
        """An unsaved timeline row for this accreditation (see accreditation.services)."""
        return StatusChange(
            accreditation=self,
            body_id=self.body_id,
            accreditation_body_id=self.accreditation_body_id,
            **fields,
        )

    def is_expired_on(self, day: datetime.date) -> bool:
        return self.expires_on is not None and self.expires_on < day

    def effective_status(self, day: datetime.date | None = None) -> str:
        """The stored status, except that an active accreditation past its expiry is expired."""
        day = day or timezone.localdate()
        if self.status == AccreditationStatus.ACTIVE and self.is_expired_on(day):
            return AccreditationStatus.EXPIRED
        return self.status

    @property
    def effective_status_label(self) -> str:
        """Today's effective status in words (lists show it as a badge with text)."""
        return AccreditationStatus(self.effective_status()).label


def certificate_status_on(status: str, expires_on: datetime.date, day: datetime.date) -> str:
    """A certificate's status on a day: a valid one past its expiry is expired.

    `Certificate.effective_status` for values read without a model instance (CSV exports
    iterate plain tuples: building 100,000 instances would double their cost).
    """
    if status == CertificateStatus.VALID and expires_on < day:
        return CertificateStatus.EXPIRED
    return status


class Certificate(models.Model):
    number = models.CharField(max_length=80, help_text=_("As printed on the certificate."))
    number_normalised = models.GeneratedField(
        expression=Upper(
            Replace(Replace(F("number"), Value(" "), Value("")), Value("-"), Value(""))
        ),
        output_field=models.CharField(max_length=80),
        db_persist=True,
        help_text=_("The number with case, spaces and dashes ignored; computed by the database."),
    )
    holder_name = models.CharField(max_length=200)
    holder_country = CountryField()
    issuing_body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="certificates")
    accreditation = models.ForeignKey(
        Accreditation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        help_text=_("The accreditation it was issued under; empty: issued without accreditation."),
    )
    scheme = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="certificates",
        limit_choices_to={"kind": "scheme"},
    )
    scope = models.TextField(blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="certificates")
    issued_on = models.DateField()
    expires_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=CertificateStatus, default=CertificateStatus.VALID
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["number_normalised", "updated_at"])

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CertificateStatus.values),
                name="certificate_status_valid",
                violation_error_message=_("Choose a valid certificate status."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gte=F("issued_on")),
                name="certificate_dates_ordered",
                violation_error_message=_("A certificate cannot expire before it is issued."),
            ),
            models.UniqueConstraint(
                fields=["issuing_body", "number_normalised"],
                name="certificate_number_unique_per_body",
                violation_error_message=_(
                    "This body already has a certificate with this number "
                    "(case, spaces and dashes ignored)."
                ),
            ),
        ]
        indexes = [
            # Verification by number (/verify/?number=...), optionally narrowed by issuing body.
            models.Index(fields=["number_normalised"], name="cert_number_norm_idx"),
            # Certificate counts by scheme on body pages and per AB coverage.
            models.Index(fields=["issuing_body", "scheme"], name="cert_body_scheme_idx"),
            # /verify/ by holder name: trigram similarity (PostgreSQL only, migration 0002).
            GinIndex(OpClass("holder_name", name="gin_trgm_ops"), name="cert_holder_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.holder_name}"

    def get_absolute_url(self) -> str:
        """The certificate's permanent verification page (by id: numbers are not unique)."""
        return reverse("bodies:verify-certificate", args=[self.pk])

    def clean(self) -> None:
        self.number = clean_certificate_number(self.number)

    def build_status_change(self, **fields) -> "StatusChange":
        """An unsaved timeline row for this certificate (see accreditation.services)."""
        accreditation_body_id = (
            self.accreditation.accreditation_body_id if self.accreditation else None
        )
        return StatusChange(
            certificate=self,
            body_id=self.issuing_body_id,
            accreditation_body_id=accreditation_body_id,
            **fields,
        )

    def effective_status(self, day: datetime.date | None = None) -> str:
        """Expiry comes from the dates, not only the stored flag."""
        return certificate_status_on(self.status, self.expires_on, day or timezone.localdate())


class StatusChange(StatusChangeRecord):
    """A dated status change of an accreditation or a certificate, with its source.

    Exactly one subject is set. `body` and `accreditation_body` are copied from the subject
    so that timelines and feeds per body / per AB are one indexed query. Recognition changes
    live in `accreditation.RecognitionStatusChange` (same base), keeping that app standalone.
    """

    accreditation = models.ForeignKey(
        Accreditation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, null=True, blank=True, related_name="status_changes"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="status_changes")
    accreditation_body = models.ForeignKey(
        AccreditationBody,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="status_changes",
    )

    class Meta(StatusChangeRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(accreditation__isnull=False, certificate__isnull=True)
                    | Q(accreditation__isnull=True, certificate__isnull=False)
                ),
                name="status_change_exactly_one_subject",
                violation_error_message=_(
                    "A status change concerns exactly one accreditation or one certificate."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(old_status=F("new_status")),
                name="status_change_changes_something",
                violation_error_message=_(
                    "A status change must change the status: the old and new status are the same."
                ),
            ),
        ]
        indexes = [
            # Timelines on body pages and the per-body feed.
            models.Index(fields=["body", "-effective_on"], name="status_body_effective_idx"),
            # Timelines on AB pages and the per-AB feed.
            models.Index(
                fields=["accreditation_body", "-effective_on"], name="status_ab_effective_idx"
            ),
            # The all-changes feed.
            models.Index(fields=["-effective_on", "-recorded_at"], name="status_effective_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject}: {self.old_status or '—'} → {self.new_status} ({self.effective_on})"

    @property
    def subject(self) -> models.Model:
        return self.accreditation or self.certificate
