"""Atom feeds of status changes, so buyers can watch their suppliers' certifiers.

/feeds/changes/ (everything), and per country, accreditation body, body and scheme. Each
entry is one dated change (accreditation, certificate or recognition): what changed, old
→ new, the effective date, a link to the page about it and the source it was read in.
Staff-only fields (`recorded_by`) are never read here.
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator
from django_countries import countries

from accreditation.models import (
    AccreditationBody,
    RecognitionStatus,
    RecognitionStatusChange,
    Standard,
    StandardKind,
)
from bodies.models import AccreditationStatus, Body, CertificateStatus, StatusChange
from bodies.queries import changes as queries

Change = StatusChange | RecognitionStatusChange


class ChangesAtomFeed(Atom1Feed):
    """Atom, plus a `rel="via"` link to the source a change was read in, when it is a URL."""

    def add_item_elements(self, handler: SimplerXMLGenerator, item: dict) -> None:
        super().add_item_elements(handler, item)
        if item.get("via"):
            handler.addQuickElement("link", "", {"rel": "via", "href": item["via"]})


@dataclass(frozen=True)
class FeedScope:
    title: str
    link: str
    changes: queries.ChangeFilter
    # The feed's own address: its Atom id (two feeds may link to the same page).
    address: str


def _page(name: str, *args: str, query: str = "") -> str:
    """A page's address, or the home page while that page does not exist yet."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return reverse("bodies:home")


def _status(change: Change, value: str) -> str:
    if not value:
        return "—"
    if isinstance(change, RecognitionStatusChange):
        choices = RecognitionStatus
    elif change.certificate_id:
        choices = CertificateStatus
    else:
        choices = AccreditationStatus
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _subject(change: Change) -> str:
    if isinstance(change, RecognitionStatusChange):
        recognition = change.recognition
        scope = recognition.scope.code
        if recognition.scheme:
            scope = f"{scope} / {recognition.scheme.code}"
        if recognition.activity:
            scope = f"{scope} ({recognition.activity})"
        return _("%(ab)s: %(arrangement)s recognition for %(scope)s") % {
            "ab": change.accreditation_body.acronym,
            "arrangement": recognition.arrangement.arrangement_name,
            "scope": scope,
        }
    body = change.body.name
    if change.body.is_demo:
        body = _("%(body)s (fictional demo body)") % {"body": body}
    if change.certificate_id:
        certificate = change.certificate
        return _("%(body)s: certificate %(number)s (%(scheme)s) held by %(holder)s") % {
            "body": body,
            "number": certificate.number,
            "scheme": certificate.scheme.code,
            "holder": certificate.holder_name,
        }
    accreditation = change.accreditation
    number = f" {accreditation.number}" if accreditation.number else ""
    return _("%(body)s: accreditation%(number)s by %(ab)s for %(standard)s") % {
        "body": body,
        "number": number,
        "ab": accreditation.accreditation_body.acronym,
        "standard": accreditation.standard.code,
    }


def _certificate_page(change: StatusChange) -> str:
    """The certificate's own page once one exists, else its issuing body's page."""
    try:
        return reverse("bodies:certificate-detail", args=[change.certificate_id])
    except NoReverseMatch:
        return change.body.get_absolute_url()


class ChangesFeed(Feed):
    """Every status change; subclasses narrow the scope from the URL (`scope`)."""

    feed_type = ChangesAtomFeed
    author_name = "certdir"

    def scope(self) -> tuple[str, str, queries.ChangeFilter]:
        """(feed title, the page it is about, which changes) from the URL's arguments."""
        return _("certdir: status changes"), reverse("bodies:home"), queries.ALL_CHANGES

    def get_object(self, request: HttpRequest, **kwargs: str) -> FeedScope:
        title, link, changes = self.scope(**kwargs)
        return FeedScope(title, link, changes, request.build_absolute_uri(request.path))

    def title(self, scope: FeedScope) -> str:
        return scope.title

    def link(self, scope: FeedScope) -> str:
        return scope.link

    def feed_guid(self, scope: FeedScope) -> str:
        return scope.address

    def subtitle(self, scope: FeedScope) -> str:
        return _(
            "Accreditations, certificates and recognitions whose status changed, newest "
            "first, each with its effective date and source."
        )

    def items(self, scope: FeedScope) -> list[Change]:
        return queries.latest_changes(scope.changes)

    def item_title(self, change: Change) -> str:
        return _("%(subject)s: %(old)s → %(new)s") % {
            "subject": _subject(change),
            "old": _status(change, change.old_status),
            "new": _status(change, change.new_status),
        }

    def item_link(self, change: Change) -> str:
        """The page about the subject; the fragment makes each entry's Atom id unique."""
        if isinstance(change, RecognitionStatusChange):
            page = change.accreditation_body.get_absolute_url()
            return f"{page}#recognition-change-{change.pk}"
        page = (
            _certificate_page(change) if change.certificate_id else change.body.get_absolute_url()
        )
        return f"{page}#status-change-{change.pk}"

    def item_description(self, change: Change) -> str:
        lines = [
            format_html(
                "{}: {} → {}",
                _("Effective %(date)s") % {"date": change.effective_on.isoformat()},
                _status(change, change.old_status),
                _status(change, change.new_status),
            )
        ]
        if change.source.startswith(("http://", "https://")):
            lines.append(
                format_html('{}: <a href="{}">{}</a>', _("Source"), change.source, change.source)
            )
        elif change.source:
            lines.append(format_html("{}: {}", _("Source"), change.source))
        if change.note:
            lines.append(format_html("{}: {}", _("Note"), change.note))
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines))

    def item_pubdate(self, change: Change) -> datetime.datetime:
        return datetime.datetime.combine(change.effective_on, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, change: Change) -> datetime.datetime:
        return change.recorded_at

    def item_categories(self, change: Change) -> list[str]:
        return [_status(change, change.new_status)]

    def item_extra_kwargs(self, change: Change) -> dict:
        via = change.source if change.source.startswith(("http://", "https://")) else ""
        return {"via": via}


class CountryChangesFeed(ChangesFeed):
    def scope(self, code: str) -> tuple[str, str, queries.ChangeFilter]:  # type: ignore[override]
        code = code.upper()
        if countries.alpha2(code) != code:
            raise Http404(_("%(code)s is not an ISO 3166-1 alpha-2 country code") % {"code": code})
        return (
            _("certdir: status changes in %(country)s") % {"country": countries.name(code)},
            _page("bodies:body-list", query=f"?country={code}"),
            queries.for_country(code),
        )


class AccreditationBodyChangesFeed(ChangesFeed):
    def scope(self, slug: str) -> tuple[str, str, queries.ChangeFilter]:  # type: ignore[override]
        ab = get_object_or_404(AccreditationBody, slug=slug)
        return (
            _("certdir: status changes — %(ab)s") % {"ab": f"{ab.name} ({ab.acronym})"},
            ab.get_absolute_url(),
            queries.for_accreditation_body(ab),
        )


class BodyChangesFeed(ChangesFeed):
    def scope(self, slug: str) -> tuple[str, str, queries.ChangeFilter]:  # type: ignore[override]
        body = get_object_or_404(Body, slug=slug)
        return (
            _("certdir: status changes — %(body)s") % {"body": body.name},
            body.get_absolute_url(),
            queries.for_body(body),
        )


class SchemeChangesFeed(ChangesFeed):
    def scope(self, slug: str) -> tuple[str, str, queries.ChangeFilter]:  # type: ignore[override]
        scheme = get_object_or_404(Standard, slug=slug, kind=StandardKind.SCHEME)
        return (
            _("certdir: status changes — %(scheme)s") % {"scheme": scheme.code},
            scheme.get_absolute_url(),
            queries.for_scheme(scheme),
        )
