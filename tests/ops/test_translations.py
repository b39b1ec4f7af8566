"""`manage.py compile_translations`: .po -> .mo in pure Python, and its --check mode."""

import gettext
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

PO_HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ru\\n"
"Plural-Forms: nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
"(n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && "
"n%100<=14)? 2 : 3);\\n"

msgid "Verify a certificate"
msgstr "Проверить сертификат"

msgctxt "navigation"
msgid "Home"
msgstr "Главная"

msgid "%(count)s body"
msgid_plural "%(count)s bodies"
msgstr[0] "%(count)s орган"
msgstr[1] "%(count)s органа"
msgstr[2] "%(count)s органов"
msgstr[3] "%(count)s органа"
"""
FUZZY = """
#, fuzzy
msgid "Scope"
msgstr "Сфера"
"""
UNTRANSLATED = """
msgid "Sector"
msgstr ""
"""


@pytest.fixture
def locale_dir(tmp_path, settings) -> Path:
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    (tmp_path / "locale" / "ru" / "LC_MESSAGES").mkdir(parents=True)
    return tmp_path / "locale"


def write_po(locale_dir: Path, text: str) -> Path:
    po_path = locale_dir / "ru" / "LC_MESSAGES" / "django.po"
    po_path.write_text(text, encoding="utf-8")
    return po_path


def run(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("compile_translations", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_compiles_a_po_into_an_mo_that_gettext_reads(locale_dir):
    po_path = write_po(locale_dir, PO_HEADER)

    output = run()

    assert "Compiled" in output
    with po_path.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Verify a certificate") == "Проверить сертификат"
    assert catalogue.pgettext("navigation", "Home") == "Главная"
    assert catalogue.ngettext("%(count)s body", "%(count)s bodies", 1) == "%(count)s орган"
    assert catalogue.ngettext("%(count)s body", "%(count)s bodies", 3) == "%(count)s органа"
    assert catalogue.ngettext("%(count)s body", "%(count)s bodies", 25) == "%(count)s органов"


def test_fuzzy_and_untranslated_entries_are_left_out_and_reported(locale_dir):
    po_path = write_po(locale_dir, PO_HEADER + FUZZY + UNTRANSLATED)

    output = run()

    with po_path.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert catalogue.gettext("Scope") == "Scope"  # like msgfmt: fuzzy is not used
    assert catalogue.gettext("Sector") == "Sector"
    assert "fuzzy: 'Scope'" in output
    assert "untranslated: 'Sector'" in output


def test_a_second_run_rewrites_nothing(locale_dir):
    po_path = write_po(locale_dir, PO_HEADER)
    run()
    mo_path = po_path.with_suffix(".mo")
    before = mo_path.stat().st_mtime_ns

    assert "Up to date" in run()
    assert mo_path.stat().st_mtime_ns == before


def test_a_new_extraction_time_alone_leaves_the_mo_alone(locale_dir):
    # makemessages rewrites POT-Creation-Date on every run; the .mo should not churn.
    po_path = write_po(
        locale_dir,
        PO_HEADER.replace(
            'msgstr ""\n', 'msgstr ""\n"POT-Creation-Date: 2026-11-01 10:00+0000\\n"\n', 1
        ),
    )
    run()
    po_path.write_text(
        po_path.read_text(encoding="utf-8").replace("11-01", "11-29"), encoding="utf-8"
    )

    assert "Up to date" in run()


def test_check_passes_on_a_complete_compiled_catalogue(locale_dir):
    write_po(locale_dir, PO_HEADER)
    run()

    assert "1 catalogue(s) complete and compiled" in run("--check")


def test_check_fails_on_a_stale_mo_and_writes_nothing(locale_dir):
    po_path = write_po(locale_dir, PO_HEADER)
    run()
    po_path.write_text(PO_HEADER.replace("Проверить", "Проверка"), encoding="utf-8")
    stale = po_path.with_suffix(".mo").read_bytes()

    with pytest.raises(CommandError, match="django.mo is out of date"):
        run("--check")
    assert po_path.with_suffix(".mo").read_bytes() == stale


def test_check_fails_on_a_missing_mo(locale_dir):
    write_po(locale_dir, PO_HEADER)

    with pytest.raises(CommandError, match="out of date"):
        run("--check")


def test_check_names_fuzzy_and_untranslated_entries(locale_dir):
    write_po(locale_dir, PO_HEADER + FUZZY + UNTRANSLATED)
    run()

    with pytest.raises(CommandError) as error:
        run("--check")
    assert "fuzzy: 'Scope'" in str(error.value)
    assert "untranslated: 'Sector'" in str(error.value)


def test_no_catalogue_is_a_clear_error(locale_dir):
    with pytest.raises(CommandError, match="No .po file found"):
        run()


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("%(name)s is on your shortlist.", "%(nom)s добавлен в ваш список."),
        ("%(name)s is on your shortlist.", "Добавлено в ваш список."),
        ("Dry run (%.1f s).", "Пробный запуск (%d с)."),
    ],
)
def test_check_names_translations_whose_placeholders_differ(locale_dir, msgid, msgstr):
    write_po(locale_dir, PO_HEADER + f'\n#, python-format\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n')
    run()

    with pytest.raises(CommandError, match="placeholders"):
        run("--check")


def test_a_plural_form_may_leave_out_the_count(locale_dir):
    write_po(
        locale_dir,
        PO_HEADER
        + '\n#, python-format\nmsgid "The closest match"\nmsgid_plural "The %(counter)s closest'
        ' matches"\nmsgstr[0] "Ближайшее совпадение"\nmsgstr[1] "%(counter)s ближайших"\n'
        'msgstr[2] "%(counter)s ближайших"\nmsgstr[3] "%(counter)s ближайших"\n',
    )
    run()

    assert "complete and compiled" in run("--check")
