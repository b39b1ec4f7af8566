"""Message catalogues without GNU gettext: .po -> .mo with polib, and their health checks.

Django reads compiled .mo files at run time, and `compilemessages` needs GNU gettext's
`msgfmt`. A fresh machine (or the Docker image) should not need gettext just to show the
Russian pages, so the compiled .mo files are committed next to their .po files and this
module recompiles them in pure Python (`manage.py compile_translations`). The same functions
let the tests say whether a catalogue is complete and whether its .mo is up to date.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

# A Python %-format placeholder: %(name)s, %d, %.1f, %r (and %% for a literal percent).
_PLACEHOLDER = re.compile(r"%(?:\(([^)]+)\))?[-#0 +]*\d*(?:\.\d+)?([srdifx%])")


def _placeholders(text: str) -> tuple[frozenset[str], list[str]]:
    """(named placeholders, unnamed conversions in order) of a python-format string."""
    named, unnamed = set(), []
    for name, conversion in _PLACEHOLDER.findall(text):
        if conversion == "%":
            continue
        if name:
            named.add(name)
        else:
            unnamed.append(conversion)
    return frozenset(named), unnamed


@dataclass(frozen=True)
class CatalogueProblem:
    """One entry a translator still has to look at."""

    po_path: Path
    line: int
    kind: str  # "untranslated", "fuzzy" or "placeholders"
    msgid: str

    def __str__(self) -> str:
        return f"{self.po_path}:{self.line}: {self.kind}: {self.msgid!r}"


def catalogues(locale_dirs: Iterable[Path] | None = None) -> Iterator[Path]:
    """Every <locale dir>/<lang>/LC_MESSAGES/<domain>.po under LOCALE_PATHS, in a stable order."""
    for directory in locale_dirs if locale_dirs is not None else settings.LOCALE_PATHS:
        yield from sorted(Path(directory).glob("*/LC_MESSAGES/*.po"))


def mo_path_for(po_path: Path) -> Path:
    return po_path.with_suffix(".mo")


def compiled(po_path: Path) -> bytes:
    """The .mo bytes for a .po file. Fuzzy, untranslated and obsolete entries are left out,
    as `msgfmt` leaves them out, so Django falls back to the English text for them."""
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    # Like msgfmt: the extraction time is not part of the compiled header, so re-running
    # makemessages with no message changed leaves the committed .mo as it is.
    catalogue.metadata.pop("POT-Creation-Date", None)
    return catalogue.to_binary()


def compile_catalogue(po_path: Path) -> bool:
    """Write the .mo next to the .po; returns whether the file changed."""
    data = compiled(po_path)
    mo_path = mo_path_for(po_path)
    if mo_path.exists() and mo_path.read_bytes() == data:
        return False
    mo_path.write_bytes(data)
    return True


def is_stale(po_path: Path) -> bool:
    """True when the committed .mo is missing or differs from what the .po compiles to."""
    mo_path = mo_path_for(po_path)
    return not mo_path.exists() or mo_path.read_bytes() != compiled(po_path)


def _placeholders_differ(entry: polib.POEntry) -> bool:
    """True when a translation would break `%` formatting: a named placeholder the source
    does not have (KeyError at run time), a named one dropped from a singular message, or
    different unnamed conversions. A plural form may leave out the count, as English
    "The closest match" does."""
    if "python-format" not in entry.flags:
        return False
    source_named, source_unnamed = _placeholders(entry.msgid)
    if entry.msgid_plural:
        plural_named, _unnamed = _placeholders(entry.msgid_plural)
        allowed = source_named | plural_named
        return any(not _placeholders(form)[0] <= allowed for form in entry.msgstr_plural.values())
    named, unnamed = _placeholders(entry.msgstr)
    return named != source_named or unnamed != source_unnamed


def problems(po_path: Path) -> list[CatalogueProblem]:
    """Untranslated and fuzzy entries (obsolete ones are ignored, as gettext ignores them),
    and translations whose %-placeholders do not match the source's.

    A plural entry counts as untranslated when any of its forms is empty."""
    catalogue = polib.pofile(str(po_path), wrapwidth=0)
    found = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            kind = "fuzzy"
        elif entry.msgid_plural:
            forms = entry.msgstr_plural.values()
            kind = "" if forms and all(forms) else "untranslated"
        else:
            kind = "" if entry.msgstr else "untranslated"
        if not kind and _placeholders_differ(entry):
            kind = "placeholders"
        if kind:
            found.append(CatalogueProblem(po_path, entry.linenum, kind, entry.msgid))
    return found
