"""The public site as a list of real addresses, for tests that sweep every page.

`public_patterns()` walks the URL resolver, so a page added later (by any app) is swept
without touching these tests. `resolve_addresses()` fills each pattern's path parameters
with values from the database (the first candidate that the page answers without a 404),
and `page_forms()` reads the fields of the forms a page shows, so hostile input can be
aimed at the names the views actually read.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

from accreditation.models import Standard, StandardKind
from accreditation.services import change_status
from bodies.models import Accreditation, Body, Certificate, CertificateStatus
from bodies.sitemaps import SITEMAPS
from complaints.models import ReportKind
from complaints.services import submit_report
from tests.conftest import run_load_reference

# Namespaces that are staff-only: the admin and the import pages mounted under its path.
STAFF_NAMESPACES = {"admin", "imports"}

# What only staff may see, planted in the population: a reporter's address on a complaint and
# the curator who recorded status changes.
REPORTER_EMAIL = "reporter-q7x3@example.org"
RECORDER_USERNAME = "curator-q7x3"


@dataclass(frozen=True)
class PublicPattern:
    """One named public URL pattern: `name` is what reverse() takes; `params` its kwargs."""

    name: str
    params: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


def _walk(
    patterns: Iterable[URLPattern | URLResolver], namespace: str, params: tuple[str, ...]
) -> Iterator[PublicPattern]:
    for entry in patterns:
        groups = tuple(entry.pattern.regex.groupindex)
        if isinstance(entry, URLResolver):
            if entry.namespace in STAFF_NAMESPACES:
                continue
            if isinstance(entry.pattern, LocalePrefixPattern):
                groups = ()
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, params + groups)
        elif entry.name:
            yield PublicPattern(f"{namespace}{entry.name}", params + groups)


def public_patterns() -> list[PublicPattern]:
    """Every named URL pattern a visitor can reach (the admin excluded), once each."""
    found = dict.fromkeys(_walk(get_resolver().url_patterns, "", ()))
    return sorted(found, key=str)


# --- A population with one of everything a page can show -------------------------------


@dataclass
class Population:
    body: Body
    certificate: Certificate
    recorder: User
    staff_only: tuple[str, ...] = field(default=(REPORTER_EMAIL, RECORDER_USERNAME))


def populate() -> Population:
    """The real reference data, plus a certificate, staff-recorded status changes and a
    complaint with the reporter's address: every kind of row a public page renders."""
    run_load_reference()
    recorder = User.objects.create_user(RECORDER_USERNAME, is_staff=True)
    accreditation = (
        Accreditation.objects.filter(body__kind="management_system_cb")
        .select_related("body")
        .order_by("pk")
        .first()
    )
    assert accreditation is not None, "the reference data has no CB accreditation"
    body = accreditation.body
    scheme = Standard.objects.filter(kind=StandardKind.SCHEME).order_by("pk").first()
    certificate = Certificate.objects.create(
        issuing_body=body,
        scheme=scheme,
        accreditation=accreditation,
        number="HOSTILE-2025-0001",
        holder_name="Brightwater Foundry GmbH",
        holder_country="DE",
        issued_on=datetime.date(2025, 1, 1),
        expires_on=datetime.date(2028, 1, 1),
        status=CertificateStatus.VALID,
    )
    effective = datetime.date(2026, 3, 1)
    for subject, status in (
        (certificate, CertificateStatus.SUSPENDED),
        (accreditation, "suspended"),
        (accreditation.accreditation_body.recognitions.order_by("pk").first(), "suspended"),
    ):
        if subject is not None:
            change_status(
                subject=subject,
                new_status=status,
                effective_on=effective,
                source="https://ab.example/notice",
                note="Suspended after an audit.",
                recorded_by=recorder,
            )
    submit_report(
        kind=ReportKind.FAKE_CERTIFICATE,
        description="The number on this certificate is not in the body's register.",
        certificate=certificate,
        email=REPORTER_EMAIL,
    )
    return Population(body=body, certificate=certificate, recorder=recorder)


# --- Path parameters ----------------------------------------------------------------------


def _values(model_names: Iterable[str], column: str) -> list[str]:
    """`column` of rows of these models, newest first (the population's own rows lead)."""
    values: list[str] = []
    for label in model_names:
        model = apps.get_model(label)
        values += [str(v) for v in model.objects.order_by("-pk").values_list(column, flat=True)[:5]]
    return list(dict.fromkeys(values))


def _slug_models() -> list[str]:
    first = ["bodies.Body", "accreditation.AccreditationBody", "accreditation.Standard"]
    others = [
        model._meta.label
        for model in apps.get_models()
        if any(f.name == "slug" for f in model._meta.fields) and model._meta.label not in first
    ]
    return first + sorted(others)


# Candidates for a path parameter, by its name. A new page whose parameter is named otherwise
# fails resolve_addresses() with a message saying to add it here.
PARAMETER_CANDIDATES: dict[str, Callable[[], list[str]]] = {
    "slug": lambda: _values(_slug_models(), "slug"),
    "pk": lambda: _values(["bodies.Certificate", "bodies.Body", "bodies.Accreditation"], "pk"),
    "id": lambda: _values(["bodies.Certificate", "bodies.Body", "bodies.Accreditation"], "pk"),
    # Country codes (feeds by country) and IAF sector codes (the API's sectors).
    "code": lambda: ["DE", "GB", *_values(["bodies.Body"], "country"), "17", "28"],
    "section": lambda: list(SITEMAPS),
    "format": lambda: ["json", "csv", "api"],
}


def _candidate_kwargs(pattern: PublicPattern) -> Iterator[dict[str, str]]:
    missing = [name for name in pattern.params if name not in PARAMETER_CANDIDATES]
    if missing:
        raise AssertionError(
            f"{pattern}: no candidate values for path parameter(s) {missing}; add them to "
            "tests/ops/public_site.py PARAMETER_CANDIDATES"
        )
    if not pattern.params:
        yield {}
        return
    # One parameter varies at a time; the others keep their first candidate.
    options = {name: PARAMETER_CANDIDATES[name]() for name in pattern.params}
    for varying in pattern.params:
        for value in options[varying]:
            yield {name: value if name == varying else options[name][0] for name in options}


def resolve_addresses(client: Client, patterns: Iterable[PublicPattern]) -> dict[str, str]:
    """pattern name -> a path that the page serves (anything but 404), parameters filled."""
    addresses: dict[str, str] = {}
    for pattern in patterns:
        for kwargs in _candidate_kwargs(pattern):
            try:
                path = reverse(pattern.name, kwargs=kwargs)
            except Exception:  # noqa: S112 - a candidate the converter rejects
                continue
            if client.get(path).status_code != 404:
                addresses[pattern.name] = path
                break
        else:
            raise AssertionError(f"{pattern}: every candidate value answers 404")
    return addresses


# --- Forms ----------------------------------------------------------------------------------


@dataclass
class PageForm:
    method: str
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> input type
    options: dict[str, list[str]] = field(default_factory=dict)  # name -> values offered


class _FormParser(HTMLParser):
    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[PageForm] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page_path, attributes.get("action", ""))).path
            self.forms.append(PageForm(attributes.get("method", "get").lower(), action))
            return
        if not self.forms or "name" not in attributes:
            if tag == "option" and self._select and self.forms:
                self.forms[-1].options[self._select].append(attributes.get("value", ""))
            return
        form, name = self.forms[-1], attributes["name"]
        if tag in ("input", "textarea", "select", "button"):
            form.fields[name] = attributes.get("type", tag)
            form.options.setdefault(name, [])
            if "value" in attributes:
                form.options[name].append(attributes["value"])
        self._select = name if tag == "select" else None


def page_forms(path: str, html: str) -> list[PageForm]:
    parser = _FormParser(path)
    parser.feed(html)
    return parser.forms


def table_counts() -> dict[str, int]:
    """Rows per table of every model (and the table list itself): a fingerprint of the data
    that hostile input must leave as it was."""
    tables = set(connection.introspection.table_names())
    counts = {"<tables>": len(tables)}
    for model in apps.get_models():
        counts[model._meta.label] = model._default_manager.count()
    return counts


def admin_prefix() -> str:
    return "/" + settings.ADMIN_PATH
