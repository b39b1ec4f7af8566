"""schema.org JSON-LD (Organization) for body and accreditation body pages.

Only facts the page itself shows: name, address country, website, and for a body its
accreditations in force with the accreditation body that granted them. Demo bodies are
fictional, so they get none: search engines must not index made-up organisations as real.
Rendered by templates/includes/jsonld.html (`json_ld` filter).
"""

from django.http import HttpRequest
from django.utils import timezone

from accreditation.models import AccreditationBody
from bodies.models import AccreditationStatus, Body

SCHEMA_ORG = "https://schema.org"


def _organization(
    *, page: str, name: str, acronym: str, website: str, country: str, city: str = ""
) -> dict:
    data: dict = {
        "@context": SCHEMA_ORG,
        "@type": "Organization",
        "@id": f"{page}#organization",
        "name": name,
        "mainEntityOfPage": page,
    }
    if acronym:
        data["alternateName"] = acronym
    if website:
        data["url"] = website
    if country:
        address = {"@type": "PostalAddress", "addressCountry": country}
        if city:
            address["addressLocality"] = city
        data["address"] = address
    return data


def organization_for_body(body: Body, *, request: HttpRequest) -> dict | None:
    """Uses `body.accreditations.all()` with accreditation_body and standard: prefetch them."""
    if body.is_demo:
        return None
    page = request.build_absolute_uri(body.get_absolute_url())
    data = _organization(
        page=page,
        name=body.name,
        acronym=body.acronym,
        website=body.website,
        country=body.country.code,
        city=body.city,
    )
    if body.founded_year:
        data["foundingDate"] = str(body.founded_year)
    if body.group:
        data["parentOrganization"] = {"@type": "Organization", "name": body.group}
    today = timezone.localdate()
    credentials = []
    for accreditation in body.accreditations.all():
        if accreditation.effective_status(today) != AccreditationStatus.ACTIVE:
            continue
        ab = accreditation.accreditation_body
        credential = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "accreditation",
            "name": f"{accreditation.standard.code} accreditation",
            "recognizedBy": {
                "@type": "Organization",
                "@id": request.build_absolute_uri(ab.get_absolute_url()) + "#organization",
                "name": ab.name,
            },
        }
        if accreditation.number:
            credential["identifier"] = accreditation.number
        if accreditation.expires_on:
            credential["expires"] = accreditation.expires_on.isoformat()
        credentials.append(credential)
    if credentials:
        data["hasCredential"] = credentials
    return data


def organization_for_accreditation_body(ab: AccreditationBody, *, request: HttpRequest) -> dict:
    """Uses `ab.region` (select it)."""
    page = request.build_absolute_uri(ab.get_absolute_url())
    data = _organization(
        page=page,
        name=ab.name,
        acronym=ab.acronym,
        website=ab.website,
        country=ab.country.code if ab.country else "",
    )
    if ab.region and not ab.is_flagged:
        data["memberOf"] = {"@type": "Organization", "name": ab.region.name}
    return data
