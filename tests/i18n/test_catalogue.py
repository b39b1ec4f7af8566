"""The Russian catalogue is complete, compiled, and in step with the source code.

`make messages` (makemessages + compile_translations) is what fixes a failure here.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from ops import translations

RU_PO = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# What makemessages reads: the apps, the templates and the settings (LANGUAGES).
SOURCE_DIRS = ("accreditation", "bodies", "certdir", "complaints", "ops", "templates")
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq")


def keys(catalogue: polib.POFile) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete}


def test_there_is_a_russian_catalogue():
    assert RU_PO in list(translations.catalogues())


def test_every_russian_entry_is_translated_not_fuzzy_and_keeps_its_placeholders():
    problems = translations.problems(RU_PO)

    assert not problems, "Translate these in locale/ru/LC_MESSAGES/django.po:\n" + "\n".join(
        map(str, problems)
    )


def test_the_po_header_is_not_fuzzy():
    # msgfmt and Django ignore a catalogue whose header is fuzzy.
    assert not polib.pofile(str(RU_PO)).metadata_is_fuzzy


def test_every_compiled_mo_matches_its_po():
    stale = [path for path in translations.catalogues() if translations.is_stale(path)]

    assert not stale, f"Run `make messages` (or manage.py compile_translations): {stale}"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """The catalogue `make messages` would write now: makemessages run on a copy of the
    sources (so the committed files stay untouched), merged with the committed .po."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        if os.environ.get("REQUIRE_GETTEXT"):  # CI installs gettext: there it must run
            pytest.fail(f"REQUIRE_GETTEXT is set but {', '.join(missing)} is missing")
        pytest.skip(
            f"GNU gettext ({', '.join(missing)}) is not installed: the extraction check needs "
            "it; install Debian's `gettext` to run it (the .po completeness checks above ran)."
        )
    root = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCE_DIRS:
        shutil.copytree(root / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "locale", copy / "locale")
    shutil.copy(root / "manage.py", copy / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ru", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "certdir.settings"},
        timeout=120,
    )
    return polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / "django.po"))


def test_makemessages_would_add_no_new_message(extracted):
    new = keys(extracted) - keys(polib.pofile(str(RU_PO)))

    assert not new, "Run `make messages` and translate:\n" + "\n".join(
        f"{context + ' | ' if context else ''}{msgid!r}" for context, msgid in sorted(new)
    )


def test_every_extracted_message_is_translated(extracted):
    # msgmerge marks a near match of a new or changed message as fuzzy.
    fuzzy_or_empty = [entry.msgid for entry in extracted if entry.fuzzy or not entry.translated()]

    assert not fuzzy_or_empty
