"""JSON shapes of the API: ISO dates, countries as ISO alpha-2 codes, related objects by slug
with their API `url` and their HTML `page`.

Only public facts are serialized, each field listed explicitly (never `fields = "__all__"`),
so a column added to a model for staff (a note, who recorded a change) stays private until
someone decides to publish it here.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accreditation.models import AccreditationBody, Cooperation, Recognition, Sector, Standard
from bodies.evaluation.recognition import recognition_in_force
from bodies.models import Accreditation, Body, Certificate, Office, StatusChange
from bodies.verification import CheckLevel


@extend_schema_field({"type": "string", "nullable": True, "example": "DE"})
class CountryCodeField(serializers.Field):
    """A django-countries value as its ISO 3166-1 alpha-2 code; null when not set."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: object) -> str | None:
        return getattr(value, "code", None) or None


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class SourceKeysField(serializers.Field):
    """`source_refs` ("S-IAF-RAG2023; https://...") as a list of keys or URLs."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(read_only=True, source="source_keys", **kwargs)

    def to_representation(self, value: list[str]) -> list[str]:
        return list(value)


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The object's HTML page (`get_absolute_url`) as an absolute URL."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, value: object) -> str:
        url = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


def _today(serializer: serializers.Serializer) -> datetime.date:
    return serializer.context.get("today") or timezone.localdate()


# --- References: how one object names another ------------------------------------------------


class StandardRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:standard-detail", lookup_field="slug")

    class Meta:
        model = Standard
        fields = ["slug", "code", "url"]


class SectorRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sector-detail", lookup_field="code")

    class Meta:
        model = Sector
        fields = ["code", "name", "url"]


class CooperationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cooperation
        fields = [
            "slug",
            "acronym",
            "name",
            "arrangement",
            "level",
            "status",
            "recognitions_valid_until",
        ]


class AccreditationBodyRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:accreditation-body-detail", lookup_field="slug"
    )
    page = PageField()

    class Meta:
        model = AccreditationBody
        fields = ["slug", "acronym", "name", "url", "page"]


class BodyRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:body-detail", lookup_field="slug")
    page = PageField()

    class Meta:
        model = Body
        fields = ["slug", "name", "url", "page"]


# --- Reference world -------------------------------------------------------------------------


class StandardSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:standard-detail", lookup_field="slug")
    page = PageField()
    casco_standard = StandardRefSerializer(read_only=True, allow_null=True)
    sources = SourceKeysField()

    class Meta:
        model = Standard
        fields = [
            "url",
            "page",
            "slug",
            "code",
            "title",
            "kind",
            "edition_year",
            "casco_standard",
            "body_kinds",
            "applies_to",
            "topic",
            "status_note",
            "sources",
            "basis",
        ]


class SectorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:sector-detail", lookup_field="code")
    sources = SourceKeysField()

    class Meta:
        model = Sector
        fields = ["url", "code", "name", "nace_hint", "sources", "basis"]


class RecognitionSerializer(serializers.ModelSerializer):
    arrangement = CooperationRefSerializer(read_only=True)
    scope = StandardRefSerializer(read_only=True)
    scheme = StandardRefSerializer(read_only=True, allow_null=True)
    sources = SourceKeysField()
    in_force = serializers.SerializerMethodField(
        help_text=_("Counts today under a global arrangement (the shared rule of recognised).")
    )

    class Meta:
        model = Recognition
        fields = [
            "arrangement",
            "scope",
            "scheme",
            "activity",
            "status",
            "since",
            "until",
            "in_force",
            "basis",
            "sources",
            "note",
        ]

    def get_in_force(self, recognition: Recognition) -> bool:
        return recognition_in_force(recognition, recognition.accreditation_body, _today(self))


class AccreditationBodySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:accreditation-body-detail", lookup_field="slug"
    )
    page = PageField()
    country = CountryCodeField()
    region = CooperationRefSerializer(read_only=True, allow_null=True)
    recognitions = RecognitionSerializer(many=True, read_only=True)
    sources = SourceKeysField()

    class Meta:
        model = AccreditationBody
        fields = [
            "url",
            "page",
            "slug",
            "acronym",
            "name",
            "country",
            "website",
            "region",
            "standing",
            "standing_note",
            "standing_checked_on",
            "recognitions",
            "sources",
            "basis",
        ]


# --- The directory ---------------------------------------------------------------------------


class StatusChangeSerializer(serializers.ModelSerializer):
    """A public timeline entry; who recorded it is staff-only and not a field here."""

    class Meta:
        model = StatusChange
        fields = ["effective_on", "old_status", "new_status", "source", "note"]


class AccreditationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:accreditation-detail")
    body = BodyRefSerializer(read_only=True)
    accreditation_body = AccreditationBodyRefSerializer(read_only=True)
    standard = StandardRefSerializer(read_only=True)
    schemes = StandardRefSerializer(many=True, read_only=True)
    sectors = SectorRefSerializer(many=True, read_only=True)
    effective_status = serializers.SerializerMethodField(
        help_text=_("The status today: an active accreditation past its expiry is expired.")
    )
    recognised = serializers.BooleanField(
        read_only=True,
        help_text=_("Its accreditation body is recognised today for its CASCO standard."),
    )
    status_changes = StatusChangeSerializer(many=True, read_only=True)
    sources = SourceKeysField()

    class Meta:
        model = Accreditation
        fields = [
            "url",
            "id",
            "body",
            "accreditation_body",
            "standard",
            "number",
            "status",
            "effective_status",
            "granted_on",
            "expires_on",
            "schemes",
            "sectors",
            "recognised",
            "scope_url",
            "source_url",
            "as_of",
            "last_checked_on",
            "note",
            "status_changes",
            "sources",
            "basis",
        ]

    def get_effective_status(self, accreditation: Accreditation) -> str:
        return accreditation.effective_status(_today(self))


class AccreditationSummarySerializer(serializers.ModelSerializer):
    """An accreditation as listed under its body."""

    url = serializers.HyperlinkedIdentityField(view_name="api:accreditation-detail")
    accreditation_body = AccreditationBodyRefSerializer(read_only=True)
    standard = StandardRefSerializer(read_only=True)
    effective_status = serializers.SerializerMethodField()

    class Meta:
        model = Accreditation
        fields = [
            "url",
            "id",
            "accreditation_body",
            "standard",
            "number",
            "status",
            "effective_status",
            "expires_on",
        ]

    def get_effective_status(self, accreditation: Accreditation) -> str:
        return accreditation.effective_status(_today(self))


class OfficeSerializer(serializers.ModelSerializer):
    country = CountryCodeField()

    class Meta:
        model = Office
        fields = ["country", "city", "is_head_office", "is_accredited_location"]


class BodySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:body-detail", lookup_field="slug")
    page = PageField()
    country = CountryCodeField(help_text=_("Country of the head office (ISO 3166-1 alpha-2)."))
    offices = OfficeSerializer(many=True, read_only=True)
    accreditations = AccreditationSummarySerializer(many=True, read_only=True)
    accredited_only_by_flagged = serializers.BooleanField(
        source="only_flagged_accreditation",
        read_only=True,
        help_text=_("Accredited, and only by accreditation bodies flagged as not recognised."),
    )
    sources = SourceKeysField()

    class Meta:
        model = Body
        fields = [
            "url",
            "page",
            "slug",
            "name",
            "acronym",
            "kind",
            "country",
            "city",
            "website",
            "founded_year",
            "group",
            "description",
            "certificates_updated_at",
            "is_demo",
            "accredited_only_by_flagged",
            "offices",
            "accreditations",
            "sources",
            "basis",
        ]


class CertificateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:certificate-detail")
    page = PageField(help_text=_("The certificate's permanent verification page."))
    holder_country = CountryCodeField()
    issuing_body = BodyRefSerializer(read_only=True)
    accreditation = serializers.HyperlinkedRelatedField(
        view_name="api:accreditation-detail", read_only=True, allow_null=True
    )
    scheme = StandardRefSerializer(read_only=True)
    sectors = SectorRefSerializer(many=True, read_only=True)
    effective_status = serializers.SerializerMethodField(
        help_text=_("The status today: a valid certificate past its expiry is expired.")
    )

    class Meta:
        model = Certificate
        fields = [
            "url",
            "page",
            "id",
            "number",
            "holder_name",
            "holder_country",
            "issuing_body",
            "accreditation",
            "scheme",
            "sectors",
            "scope",
            "issued_on",
            "expires_on",
            "status",
            "effective_status",
        ]

    def get_effective_status(self, certificate: Certificate) -> str:
        return certificate.effective_status(_today(self))


# --- Verification: the answer of /verify/ as data ---------------------------------------------


class CheckSerializer(serializers.Serializer):
    code = serializers.CharField()
    level = serializers.ChoiceField(choices=CheckLevel.choices)
    message = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    certificate = CertificateSerializer()
    status = serializers.CharField(help_text=_("The certificate's status on the day verified."))
    status_label = serializers.CharField()
    level = serializers.ChoiceField(choices=CheckLevel.choices, help_text=_("Worst check."))
    accredited = serializers.BooleanField(
        help_text=_("Issued under an accreditation that covered it, by a recognised AB.")
    )
    summary = serializers.CharField()
    accreditation = serializers.HyperlinkedRelatedField(
        view_name="api:accreditation-detail", read_only=True, allow_null=True
    )
    accreditation_inferred = serializers.BooleanField(
        help_text=_("The certificate names no accreditation; this one of the body's covered it.")
    )
    body_flagged = serializers.BooleanField()
    checks = CheckSerializer(many=True)


class NotFoundSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    advice = serializers.CharField()
    body = BodyRefSerializer(allow_null=True)


class HolderMatchesSerializer(serializers.Serializer):
    certificates = CertificateSerializer(many=True)
    too_broad = serializers.BooleanField(
        help_text=_("Very many holders match: these are some of them; type more of the name.")
    )


class VerifyAnswerSerializer(serializers.Serializer):
    number = serializers.CharField()
    body_query = serializers.CharField()
    holder = serializers.CharField()
    verified_at = serializers.DateTimeField()
    day = serializers.DateField(help_text=_("The day validity is judged on."))
    body = BodyRefSerializer(allow_null=True)
    body_choices = BodyRefSerializer(
        many=True, help_text=_("The typed body is ambiguous: choose one and ask again.")
    )
    body_not_matched = serializers.BooleanField()
    verdicts = VerdictSerializer(many=True)
    not_found = NotFoundSerializer(allow_null=True)
    holder_matches = HolderMatchesSerializer(allow_null=True)
