"""The scope lists of accreditation_bodies.csv (`iaf_mla_scopes`, `ilac_mra_scopes`).

A list is ';'-separated, but an item may carry a parenthesised note that itself contains
';' or ',' ("Management systems (incl. FSMS/FSSC 22000, OHSMS)", "Certification (recognised
2024; detailed scopes not captured)"), so items are split only outside parentheses. Every
word must map: an unknown one is an error, never silently dropped, because a dropped
scope would make an accreditation body look less recognised than its source says.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accreditation.models import RecognitionStatus
from accreditation.reference.files import parse_text_date

IAF = "IAF"
ILAC = "ILAC"

# Scope words of the IAF MLA column -> (CASCO standard, scheme or None). The abbreviations
# are those SOURCES.md §4 defines; a management-system sub-scope (QMS, EMS, ...) is a
# scheme under ISO/IEC 17021-1, as the IAF MLA structures it (level 3 -> level 5).
IAF_SCOPES: dict[str, tuple[str, str | None]] = {
    "QMS": ("ISO/IEC 17021-1", "ISO 9001"),
    "EMS": ("ISO/IEC 17021-1", "ISO 14001"),
    "OHSMS": ("ISO/IEC 17021-1", "ISO 45001"),
    "ISMS": ("ISO/IEC 17021-1", "ISO/IEC 27001"),
    "FSMS": ("ISO/IEC 17021-1", "ISO 22000"),
    "EnMS": ("ISO/IEC 17021-1", "ISO 50001"),
    "MDMS": ("ISO/IEC 17021-1", "ISO 13485"),
    "ABMS": ("ISO/IEC 17021-1", "ISO 37001"),
    "Management systems": ("ISO/IEC 17021-1", None),
    "Product": ("ISO/IEC 17065", None),
    "Persons": ("ISO/IEC 17024", None),
    # Validation/verification of greenhouse-gas statements: ISO 14065 (with ISO/IEC 17029).
    "GHG": ("ISO 14065", None),
}

# Scope words of the ILAC MRA column. Testing and Calibration share ISO/IEC 17025 and stay
# apart through Recognition.activity; "Laboratories" (SAAC) does not say which of the two.
ILAC_SCOPES: dict[str, tuple[str, str | None]] = {
    "Testing": ("ISO/IEC 17025", None),
    "Calibration": ("ISO/IEC 17025", None),
    "Laboratories": ("ISO/IEC 17025", None),
    "Medical": ("ISO 15189", None),
    "Inspection": ("ISO/IEC 17020", None),
    "PT": ("ISO/IEC 17043", None),
    "RMP": ("ISO 17034", None),
}

SCOPES = {IAF: IAF_SCOPES, ILAC: ILAC_SCOPES}

# Words that name an arrangement's whole field without saying which scopes ("Certification
# (recognised 2024; detailed scopes not captured)"): treated like an empty list.
UNSPECIFIED = {IAF: {"Certification"}, ILAC: set()}

# Where a signatory's scopes were not captured, one row records the signatory status under
# the arrangement's main CASCO standard, always with basis unverified.
MAIN_SCOPE = {IAF: "ISO/IEC 17021-1", ILAC: "ISO/IEC 17025"}
NOT_CAPTURED_NOTE = (
    "Scopes not captured in the sources read; recorded under the arrangement's main "
    "CASCO standard ({scope}), basis unverified."
)

# Management-system scope words, which "IAF MS" in a basis text refers to.
MANAGEMENT_SYSTEM_WORDS = [
    word for word, (casco, _s) in IAF_SCOPES.items() if casco == MAIN_SCOPE[IAF]
]

_INCLUDED = re.compile(r"incl\.\s+(?P<items>.+)")
_SUSPENDED = re.compile(r"(?P<word>.+?) suspended (?P<date>.+)")
_FROM_DATE = re.compile(r"\b(?:from|since) (?P<date>\d{4}-\d{2}-\d{2}|\d{1,2} [A-Za-z]+ \d{4})")


class ScopeError(ValueError):
    """A scope list that cannot be mapped; the message says which word."""


@dataclass(frozen=True)
class ScopeEntry:
    """One recognition a scope list implies."""

    activity: str  # the scope word as published ("QMS"), empty where scopes were not captured
    scope: str  # CASCO standard code
    scheme: str | None  # scheme code, for management-system sub-scopes
    listed_as: str  # the list item as written, kept in the note
    status: str = RecognitionStatus.SIGNATORY
    since: datetime.date | None = None
    status_changed_on: datetime.date | None = None
    captured: bool = True

    @property
    def key(self) -> tuple[str, str | None, str]:
        return (self.scope, self.scheme, self.activity)


def split_top_level(text: str, separator: str = ";") -> list[str]:
    """Split on `separator` outside parentheses; items stripped, empty ones dropped.

    Raises ScopeError on unbalanced parentheses, which would otherwise swallow items.
    """
    items, depth, current = [], 0, []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise ScopeError(_("unbalanced parentheses in %r") % text)
        if char == separator and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth != 0:
        raise ScopeError(_("unbalanced parentheses in %r") % text)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _head_and_clauses(item: str) -> tuple[str, list[str]]:
    """'Calibration (Inspection suspended 2021-03-24)' -> ('Calibration', [clause])."""
    if "(" not in item:
        return item, []
    head, _open, rest = item.partition("(")
    if not rest.endswith(")"):
        raise ScopeError(_("text after the closing parenthesis in %r") % item)
    return head.strip(), split_top_level(rest[:-1], ";")


def _since(text: str) -> datetime.date | None:
    match = _FROM_DATE.search(text)
    return parse_text_date(match.group("date")) if match else None


def parse_scope_list(text: str, arrangement: str) -> list[ScopeEntry]:
    """The recognitions one cell implies, for an arrangement whose column says yes/unverified.

    Parenthesised clauses: "incl. A, B/C" adds the included scope words; "<word> suspended
    <date>" adds that scope as suspended; "... not captured" marks the list incomplete;
    anything else is a note kept through `listed_as`.
    """
    table = SCOPES[arrangement]
    main_scope = MAIN_SCOPE[arrangement]
    entries: dict[tuple, ScopeEntry] = {}

    def add(entry: ScopeEntry) -> None:
        # The same scope twice (e.g. "Management systems (incl. OHSMS);OHSMS") is one row.
        entries.setdefault(entry.key, entry)

    def known(word: str, item: str) -> tuple[str, str | None]:
        if word not in table:
            raise ScopeError(
                _("unknown %(arrangement)s scope %(word)r in %(item)r; known: %(known)s")
                % {
                    "arrangement": arrangement,
                    "word": word,
                    "item": item,
                    "known": ", ".join(table),
                }
            )
        return table[word]

    items = split_top_level(text, ";")
    if not items:
        add(ScopeEntry("", main_scope, None, "", captured=False))
    for item in items:
        head, clauses = _head_and_clauses(item)
        extra: list[ScopeEntry] = []
        notes: list[str] = []
        not_captured = False
        for clause in clauses:
            if included := _INCLUDED.fullmatch(clause):
                for part in included.group("items").split(","):
                    word = re.split(r"[/\s]", part.strip(), maxsplit=1)[0]
                    scope, scheme = known(word, item)
                    extra.append(ScopeEntry(word, scope, scheme, item, since=_since(part)))
            elif (suspended := _SUSPENDED.fullmatch(clause)) and (
                day := parse_text_date(suspended.group("date"))
            ):
                word = suspended.group("word")
                scope, scheme = known(word, item)
                extra.append(
                    ScopeEntry(
                        word,
                        scope,
                        scheme,
                        item,
                        status=RecognitionStatus.SUSPENDED,
                        status_changed_on=day,
                    )
                )
            elif "not captured" in clause:
                not_captured = True
            else:
                notes.append(clause)
        if head == "" or head in UNSPECIFIED[arrangement]:
            if head == "" and not not_captured:
                raise ScopeError(_("a note without a scope word: %r") % item)
            add(ScopeEntry("", main_scope, None, item, captured=False))
        else:
            scope, scheme = known(head, item)
            add(ScopeEntry(head, scope, scheme, item, since=_since("; ".join(notes))))
        for entry in extra:
            add(entry)
    return list(entries.values())


def _general_knowledge_text(basis: str) -> str | None:
    """What a basis says is general knowledge: the parenthesis after `general_knowledge`,
    '' for a bare `general_knowledge` (everything not found), None if it says nothing."""
    position = basis.find("general_knowledge")
    if position < 0:
        return None
    rest = basis[position + len("general_knowledge") :].lstrip()
    if not rest.startswith("("):
        return ""
    depth = 0
    for index, char in enumerate(rest):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return rest[1:index]
    return rest[1:]


def is_general_knowledge(basis: str, arrangement: str, activity: str) -> bool:
    """Whether an AB row's basis text leaves this scope as general knowledge (unverified).

    Reading of the `basis` conventions (SOURCES.md): a bare `+ general_knowledge`, or one
    about "scopes", "other scopes" or "scope lists", leaves every scope unverified, since
    which scopes the `found` part covers cannot be told mechanically; one about "IAF MLA"
    or "ILAC MRA" status leaves that whole arrangement unverified; otherwise only the scope
    words it names are (e.g. "Product, Persons, GHG, PT"; "IAF MS" = management systems;
    "ILAC inspection"). "scopes not verified" anywhere also leaves every scope unverified.
    """
    if "scopes not verified" in basis:
        return True
    text = _general_knowledge_text(basis)
    if text is None:
        return False
    if text == "":
        return True
    for part in re.split(r"[;,/]", text):
        lowered = part.strip().lower()
        applies = {name for name in (IAF, ILAC) if name.lower() in lowered} or {IAF, ILAC}
        if arrangement not in applies:
            continue
        if "status" in lowered or re.search(r"\b(mla|mra)\b", lowered) or "scope" in lowered:
            return True
        named = {
            word
            for word in SCOPES[arrangement]
            if re.search(rf"\b{re.escape(word.lower())}\b", lowered)
        }
        if re.search(r"\bms\b", lowered) and arrangement == IAF:
            named.update(MANAGEMENT_SYSTEM_WORDS)
        if activity in named:
            return True
    return False
