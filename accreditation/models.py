"""The reference world: standards, IAF sectors, cooperations, accreditation bodies, recognitions.

This app imports nothing from the rest of certdir. Whether an accreditation body is
"recognised" is never a column: it is derived from Recognition rows, because on 2026-01-01
Global Accreditation Cooperation Incorporated replaced IAF and ILAC and the former IAF MLA /
ILAC MRA recognitions stay valid through a transition (see `RecognitionQuerySet.current`).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class BodyKind(models.TextChoices):
    """Kinds of conformity-assessment body; each is governed by one or more CASCO standards.

    Defined here (not in `bodies`) because a CASCO standard says which kinds it governs.
    """

    MANAGEMENT_SYSTEM_CB = "management_system_cb", _("Management-system certification body")
    PRODUCT_CB = "product_cb", _("Product certification body")
    PERSONS_CB = "persons_cb", _("Persons certification body")
    INSPECTION_BODY = "inspection_body", _("Inspection body")
    TESTING_LAB = "testing_lab", _("Testing laboratory")
    CALIBRATION_LAB = "calibration_lab", _("Calibration laboratory")
    MEDICAL_LAB = "medical_lab", _("Medical laboratory")
    PT_PROVIDER = "pt_provider", _("Proficiency-testing provider")
    RM_PRODUCER = "rm_producer", _("Reference-material producer")
    VALIDATION_VERIFICATION_BODY = "vvb", _("Validation / verification body")
    BIOBANK = "biobank", _("Biobank")


# An accreditation body is governed by ISO/IEC 17011; it is not a kind of Body in the directory.
ACCREDITATION_BODY_KIND = "accreditation_body"
GOVERNED_KIND_VALUES = [*BodyKind.values, ACCREDITATION_BODY_KIND]


class StandardKind(models.TextChoices):
    CASCO = "casco", _("CASCO standard (requirements for the assessing body)")
    REQUIREMENTS = "requirements", _("Supplementary or sector-specific requirements")
    SCHEME = "scheme", _("Certification scheme (a standard organisations are certified to)")


class RecognitionStatus(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RecognitionBasis(models.TextChoices):
    FOUND = "found", _("Found in a source")
    UNVERIFIED = "unverified", _("Unverified")


class CooperationLevel(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL = "regional", _("Regional")


class CooperationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    FORMER = "former", _("Former")


class Standing(models.TextChoices):
    """Whether certdir lists an accreditation body as a real one or flags it."""

    LISTED = "listed", _("Listed")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")


class Provenance(models.Model):
    """Where a curated row comes from: source keys (see Source) or URLs, and how sure we are.

    `basis` is free text that starts with `found`, `mixed`, `unverified` or
    `general_knowledge`; anything but a plain `found` is shown as partly unverified.
    """

    source_refs = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("Source keys from SOURCES.md (e.g. S-IAF-RAG2023) or URLs, separated by ';'."),
    )
    basis = models.TextField(
        _("basis"),
        blank=True,
        help_text=_(
            "How the facts were established: 'found' (read in a source), 'mixed', "
            "'unverified' or 'general_knowledge', with a note on which facts are which."
        ),
    )

    class Meta:
        abstract = True

    @property
    def source_keys(self) -> list[str]:
        return [ref.strip() for ref in self.source_refs.split(";") if ref.strip()]

    @property
    def is_verified(self) -> bool:
        return self.basis.strip() == "found"


class Source(models.Model):
    """A public document cited by reference rows (the key tables of SOURCES.md)."""

    key = models.CharField(max_length=60, unique=True, help_text=_("e.g. S-IAF-RAG2023"))
    citation = models.TextField(help_text=_("The address or document, with what was read there."))
    url = models.URLField(max_length=500, blank=True)
    dated = models.CharField(max_length=40, blank=True, help_text=_("The source's own date."))
    section = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class StandardQuerySet(models.QuerySet):
    def casco(self) -> "StandardQuerySet":
        return self.filter(kind=StandardKind.CASCO)

    def schemes(self) -> "StandardQuerySet":
        return self.filter(kind=StandardKind.SCHEME)


class Standard(Provenance):
    code = models.CharField(max_length=60, unique=True, help_text=_("e.g. ISO/IEC 17021-1"))
    slug = models.SlugField(max_length=80, unique=True, help_text=_("e.g. iso-iec-17021-1"))
    title = models.CharField(max_length=300)
    edition_year = models.PositiveSmallIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=StandardKind)
    casco_standard = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schemes",
        limit_choices_to={"kind": StandardKind.CASCO},
        help_text=_("For a scheme: the CASCO standard its certifiers are accredited against."),
    )
    requirement_documents = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="supplemented_schemes",
        limit_choices_to={"kind__in": [StandardKind.CASCO, StandardKind.REQUIREMENTS]},
        help_text=_("For a scheme: sector-specific requirements (e.g. ISO/IEC 27006-1)."),
    )
    sector_requirements_note = models.TextField(
        blank=True, help_text=_("Sector-specific requirement documents as published.")
    )
    body_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text=_("For a CASCO standard: the kinds of body it governs (BodyKind values)."),
    )
    applies_to = models.CharField(max_length=300, blank=True)
    topic = models.CharField(max_length=80, blank=True)
    iaf_mla_subscope = models.CharField(max_length=200, blank=True)
    status_note = models.TextField(blank=True)

    objects = StandardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=StandardKind.values),
                name="standard_kind_valid",
                violation_error_message=_("Choose a valid kind of standard."),
            ),
            models.CheckConstraint(
                condition=Q(kind=StandardKind.SCHEME) | Q(casco_standard__isnull=True),
                name="standard_only_schemes_point_to_casco",
                violation_error_message=_(
                    "Only a certification scheme points to a CASCO standard: clear the CASCO "
                    "standard or make this standard a scheme."
                ),
            ),
            models.CheckConstraint(
                condition=Q(edition_year__isnull=True)
                | Q(edition_year__gte=1946, edition_year__lte=2100),
                name="standard_edition_year_plausible",
                violation_error_message=_("The edition year must be between 1946 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("bodies:standard-detail", args=[self.slug])

    @property
    def is_casco(self) -> bool:
        return self.kind == StandardKind.CASCO

    def governs(self, kind: str) -> bool:
        return kind in self.body_kinds

    def clean(self) -> None:
        unknown = [k for k in self.body_kinds if k not in GOVERNED_KIND_VALUES]
        if not isinstance(self.body_kinds, list) or unknown:
            raise ValidationError({"body_kinds": _("Unknown kinds of body: %s") % unknown})
        if self.body_kinds and self.kind != StandardKind.CASCO:
            raise ValidationError({"body_kinds": _("Only a CASCO standard governs bodies.")})


class Sector(Provenance):
    """An IAF sector (IAF ID 1 codes 1–39), the scope unit of management-system accreditation."""

    code = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=200)
    nace_hint = models.CharField(
        max_length=200, blank=True, help_text=_("Indicative NACE Rev. 2 divisions.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__gte=1, code__lte=39),
                name="sector_code_iaf_range",
                violation_error_message=_("IAF sector codes run from 1 to 39."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Cooperation(Provenance):
    """An accreditation cooperation and the arrangement it runs (MLA / MRA)."""

    acronym = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    arrangement = models.CharField(
        max_length=20, blank=True, help_text=_("The name of its arrangement: MLA or MRA.")
    )
    level = models.CharField(max_length=10, choices=CooperationLevel)
    status = models.CharField(max_length=10, choices=CooperationStatus)
    recognitions_valid_until = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "For a former cooperation: the last day its recognitions still count "
            "(the end of the transition to Global Accreditation Cooperation)."
        ),
    )
    region_description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    status_note = models.TextField(blank=True)
    membership_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["level", "acronym"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=CooperationLevel.values),
                name="cooperation_level_valid",
                violation_error_message=_("Choose a valid level: global or regional."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CooperationStatus.values),
                name="cooperation_status_valid",
                violation_error_message=_("Choose a valid status: active or former."),
            ),
        ]

    def __str__(self) -> str:
        return self.acronym

    @property
    def arrangement_name(self) -> str:
        return f"{self.acronym} {self.arrangement}".strip()


class AccreditationBodyQuerySet(models.QuerySet):
    def listed(self) -> "AccreditationBodyQuerySet":
        return self.filter(standing=Standing.LISTED)

    def not_recognised(self) -> "AccreditationBodyQuerySet":
        return self.filter(standing=Standing.NOT_RECOGNISED)


class AccreditationBody(Provenance):
    acronym = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    country = CountryField(blank=True, help_text=_("Empty for international organisations."))
    website = models.URLField(blank=True)
    region = models.ForeignKey(
        Cooperation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        limit_choices_to={"level": CooperationLevel.REGIONAL},
        help_text=_("Its regional cooperation (EA, APAC, IAAC, ...)."),
    )
    other_regions = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)
    standing = models.CharField(
        max_length=20,
        choices=Standing,
        default=Standing.LISTED,
        help_text=_(
            "'Not recognised' flags an organisation that presents itself as an accreditation "
            "body or forum but is in no IAF, ILAC or Global Accreditation Cooperation source."
        ),
    )
    standing_note = models.TextField(
        blank=True, help_text=_("Factual and dated: what was checked, when, against what.")
    )
    standing_checked_on = models.DateField(null=True, blank=True)
    claims = models.TextField(blank=True, help_text=_("What the organisation says of itself."))

    objects = AccreditationBodyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["acronym"]
        verbose_name_plural = _("accreditation bodies")
        constraints = [
            models.CheckConstraint(
                condition=Q(standing__in=Standing.values),
                name="accreditation_body_standing_valid",
                violation_error_message=_("Choose a valid standing: listed or not recognised."),
            ),
        ]
        indexes = [
            # AB list grouped by region and country (/accreditation-bodies/).
            models.Index(fields=["region", "country"], name="ab_region_country_idx"),
        ]

    def __str__(self) -> str:
        return self.acronym

    def get_absolute_url(self) -> str:
        return reverse("bodies:accreditation-body-detail", args=[self.slug])

    @property
    def is_flagged(self) -> bool:
        return self.standing == Standing.NOT_RECOGNISED


# Transition: Global Accreditation Cooperation took over IAF and ILAC on this day.
GLOBAL_ACCREDITATION_COOPERATION_START = datetime.date(2026, 1, 1)


class RecognitionQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "RecognitionQuerySet":
        """Recognitions in force on a day under a global arrangement.

        Global Accreditation Cooperation MRA, or a former IAF MLA / ILAC MRA recognition
        while its cooperation's transition lasts (`recognitions_valid_until`).
        """
        day = on or timezone.localdate()
        return self.filter(
            Q(since__isnull=True) | Q(since__lte=day),
            Q(until__isnull=True) | Q(until__gte=day),
            Q(arrangement__recognitions_valid_until__isnull=True)
            | Q(arrangement__recognitions_valid_until__gte=day),
            status=RecognitionStatus.SIGNATORY,
            arrangement__level=CooperationLevel.GLOBAL,
            accreditation_body__standing=Standing.LISTED,
        )

    def for_scope(self, standard_id: int) -> "RecognitionQuerySet":
        return self.filter(scope_id=standard_id)


class Recognition(models.Model):
    """An accreditation body's place in an arrangement, for one scope, over time."""

    accreditation_body = models.ForeignKey(
        AccreditationBody, on_delete=models.CASCADE, related_name="recognitions"
    )
    arrangement = models.ForeignKey(
        Cooperation,
        on_delete=models.PROTECT,
        related_name="recognitions",
        help_text=_("Whose arrangement: Global Accreditation Cooperation MRA, IAF MLA, ..."),
    )
    scope = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="recognitions",
        limit_choices_to={"kind": StandardKind.CASCO},
        help_text=_("The CASCO standard the recognition covers."),
    )
    scheme = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scheme_recognitions",
        limit_choices_to={"kind": StandardKind.SCHEME},
        help_text=_("Optional sub-scope: one scheme (e.g. ISO 9001 under ISO/IEC 17021-1)."),
    )
    activity = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Optional sub-scope label as published (Testing, Calibration, QMS, ...)."),
    )
    status = models.CharField(
        max_length=12, choices=RecognitionStatus, default=RecognitionStatus.SIGNATORY
    )
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    source_refs = models.TextField(_("sources"), blank=True)
    basis = models.CharField(
        max_length=12, choices=RecognitionBasis, default=RecognitionBasis.UNVERIFIED
    )
    note = models.TextField(blank=True)

    objects = RecognitionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["accreditation_body", "arrangement", "scope", "activity"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RecognitionStatus.values),
                name="recognition_status_valid",
                violation_error_message=_(
                    "Choose a valid recognition status: signatory, suspended or withdrawn."
                ),
            ),
            models.CheckConstraint(
                condition=Q(basis__in=RecognitionBasis.values),
                name="recognition_basis_valid",
                violation_error_message=_("Choose a valid basis: found in a source or unverified."),
            ),
            models.CheckConstraint(
                condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(until__gte=F("since")),
                name="recognition_dates_ordered",
                violation_error_message=_("A recognition cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["accreditation_body", "arrangement", "scope", "activity"],
                condition=Q(scheme__isnull=True),
                name="recognition_unique_without_scheme",
                violation_error_message=_(
                    "This accreditation body already has a recognition under this arrangement "
                    "for this scope and activity."
                ),
            ),
            models.UniqueConstraint(
                fields=["accreditation_body", "arrangement", "scope", "scheme", "activity"],
                condition=Q(scheme__isnull=False),
                name="recognition_unique_with_scheme",
                violation_error_message=_(
                    "This accreditation body already has a recognition under this arrangement "
                    "for this scope, scheme and activity."
                ),
            ),
        ]
        indexes = [
            # "Is this AB recognised for this scope?" (directory `recognised`, body checks).
            models.Index(fields=["scope", "status"], name="recognition_scope_status_idx"),
        ]

    def __str__(self) -> str:
        label = f" ({self.activity})" if self.activity else ""
        return (
            f"{self.accreditation_body} — {self.arrangement.arrangement_name} {self.scope}{label}"
        )

    @property
    def is_verified(self) -> bool:
        return self.basis == RecognitionBasis.FOUND

    def build_status_change(self, **fields) -> "RecognitionStatusChange":
        """An unsaved timeline row for this recognition (see accreditation.services)."""
        return RecognitionStatusChange(
            recognition=self, accreditation_body_id=self.accreditation_body_id, **fields
        )

    @property
    def source_keys(self) -> list[str]:
        return [ref.strip() for ref in self.source_refs.split(";") if ref.strip()]


class StatusChangeRecord(models.Model):
    """A dated status change with its source: the public timeline of a curated record.

    simple-history keeps every edit (who, when, what); this keeps what users need to read:
    the effective date, old -> new, and where the change was published. Concrete subclasses
    add the subject and copy its owners (body, accreditation body) for indexed timelines.
    """

    old_status = models.CharField(max_length=12, blank=True)
    new_status = models.CharField(max_length=12)
    effective_on = models.DateField()
    source = models.CharField(
        max_length=500, blank=True, help_text=_("URL or document the change was read in.")
    )
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Staff only: never shown publicly."),
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-effective_on", "-recorded_at"]


class RecognitionStatusChange(StatusChangeRecord):
    recognition = models.ForeignKey(
        Recognition, on_delete=models.CASCADE, related_name="status_changes"
    )
    accreditation_body = models.ForeignKey(
        AccreditationBody, on_delete=models.CASCADE, related_name="recognition_status_changes"
    )

    class Meta(StatusChangeRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=~Q(old_status=F("new_status")),
                name="recognition_status_change_changes_something",
                violation_error_message=_(
                    "A status change must change the status: the old and new status are the same."
                ),
            ),
        ]
        indexes = [
            # Timeline on AB pages and the per-AB feed.
            models.Index(
                fields=["accreditation_body", "-effective_on"], name="recog_change_ab_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recognition}: {self.old_status or '—'} → {self.new_status}"


class SurveyBreakdown(models.TextChoices):
    """What one ISO Survey figure counts: the world, one country, or one IAF sector."""

    WORLD = "world", _("World")
    COUNTRY = "country", _("Country")
    SECTOR = "sector", _("IAF sector (world)")
    SECTOR_UNKNOWN = "sector_unknown", _("Sector not known (world)")


class SurveyFigure(Provenance):
    """One figure of the ISO Survey of certifications, as a secondary report quotes it.

    Reference data from iso_survey.csv (SOURCES.md §5), owned by the file: `load_reference`
    creates, updates and deletes these rows, so the file's git history is their history
    (no simple-history table). ISO's own files were not available: every figure is quoted
    from a report of the survey, and the survey's coverage changed from year to year, so
    the statistics page shows each figure with its sources and the year's caveats.
    """

    year = models.PositiveSmallIntegerField()
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_figures",
        limit_choices_to={"kind": StandardKind.SCHEME},
        help_text=_("Empty for a total over several standards (see the label)."),
    )
    standard_label = models.CharField(
        max_length=80,
        help_text=_("The standard as the file names it, e.g. 'ALL (12 standards surveyed)'."),
    )
    breakdown = models.CharField(max_length=16, choices=SurveyBreakdown)
    country = CountryField(blank=True, help_text=_("Set only for a country's figure."))
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_figures",
        help_text=_("Set only for a figure by IAF sector."),
    )
    certificates = models.PositiveIntegerField()
    sites = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Certified sites, where a source gives them.")
    )
    note = models.TextField(blank=True)

    class Meta:
        # About a hundred rows, read all at once by the statistics page: no index needed.
        ordering = ["year", "standard_label", "breakdown", "country", "sector"]
        constraints = [
            models.CheckConstraint(
                condition=Q(breakdown__in=SurveyBreakdown.values),
                name="survey_figure_breakdown_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="survey_figure_year_plausible"
            ),
            models.CheckConstraint(
                condition=(Q(breakdown=SurveyBreakdown.COUNTRY) & ~Q(country=""))
                | (~Q(breakdown=SurveyBreakdown.COUNTRY) & Q(country="")),
                name="survey_figure_country_iff_country_breakdown",
            ),
            models.CheckConstraint(
                condition=Q(breakdown=SurveyBreakdown.SECTOR, sector__isnull=False)
                | (~Q(breakdown=SurveyBreakdown.SECTOR) & Q(sector__isnull=True)),
                name="survey_figure_sector_iff_sector_breakdown",
            ),
            models.CheckConstraint(
                condition=Q(standard__isnull=False) | Q(breakdown=SurveyBreakdown.WORLD),
                name="survey_figure_totals_are_world_figures",
            ),
            models.UniqueConstraint(
                fields=["year", "standard_label", "breakdown", "country"],
                condition=Q(sector__isnull=True),
                name="survey_figure_unique_without_sector",
            ),
            models.UniqueConstraint(
                fields=["year", "standard_label", "sector"],
                condition=Q(sector__isnull=False),
                name="survey_figure_unique_with_sector",
            ),
        ]

    def __str__(self) -> str:
        where = self.country.name if self.country else str(self.sector or _("World"))
        return f"{self.year} {self.standard_label} — {where}: {self.certificates}"
