"""Message catalogues without GNU gettext: .po -> .mo with polib, and their health checks.

Django reads compiled .mo files at run time, and `compilemessages` needs GNU gettext's
`msgfmt`. A fresh machine (or the Docker image) should not need gettext just to show the
Russian pages, so the compiled .mo files are committed next to their .po files and this
module recompiles them in pure Python (`manage.py compile_translations`). The same functions
let the tests say whether a catalogue is complete and whether its .mo is up to date.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings


@dataclass(frozen=True)
class CatalogueProblem:
    """One entry a translator still has to look at."""

    po_path: Path
    line: int
    kind: str  # "untranslated" or "fuzzy"
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
    return polib.pofile(str(po_path), wrapwidth=0).to_binary()


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


def problems(po_path: Path) -> list[CatalogueProblem]:
    """Untranslated and fuzzy entries (obsolete ones are ignored, as gettext ignores them).

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
        if kind:
            found.append(CatalogueProblem(po_path, entry.linenum, kind, entry.msgid))
    return found
