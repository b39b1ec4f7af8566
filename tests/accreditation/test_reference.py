"""`manage.py load_reference` for the reference world: what it loads, idempotence, errors."""

import datetime
import re

import pytest
from django.conf import settings

from accreditation.models import (
    AccreditationBody,
    Cooperation,
    CooperationLevel,
    CooperationStatus,
    Recognition,
    RecognitionBasis,
    RecognitionStatus,
    RecognitionStatusChange,
    Sector,
    Source,
    Standard,
    StandardKind,
    Standing,
)
from accreditation.queries import current_recognitions_for
from accreditation.reference import read_reference
from accreditation.reference.scopes import (
    ScopeError,
    is_general_knowledge,
    parse_scope_list,
    split_top_level,
)
from bodies.models import Body

# --- Scope lists (no database) ------------------------------------------------------------


def test_scope_lists_split_on_semicolons_outside_parentheses_only():
    text = "Management systems (incl. FSMS/FSSC 22000, OHSMS);Product;Persons"
    assert split_top_level(text) == [
        "Management systems (incl. FSMS/FSSC 22000, OHSMS)",
        "Product",
        "Persons",
    ]
    assert split_top_level("Certification (recognised 2024; detailed scopes not captured)") == [
        "Certification (recognised 2024; detailed scopes not captured)"
    ]


def test_management_system_sub_scopes_are_schemes_under_iso_iec_17021_1():
    entries = parse_scope_list("QMS;EMS;Product", "IAF")
    assert [(e.activity, e.scope, e.scheme) for e in entries] == [
        ("QMS", "ISO/IEC 17021-1", "ISO 9001"),
        ("EMS", "ISO/IEC 17021-1", "ISO 14001"),
        ("Product", "ISO/IEC 17065", None),
    ]


def test_included_sub_scopes_become_recognitions_of_their_own_with_their_date():
    entries = parse_scope_list("Management systems (incl. FSMS sub-scope from 5 Nov 2020)", "IAF")
    assert [(e.activity, e.scheme, e.since) for e in entries] == [
        ("Management systems", None, None),
        ("FSMS", "ISO 22000", datetime.date(2020, 11, 5)),
    ]


def test_a_suspension_note_adds_the_suspended_scope_with_its_date():
    entries = parse_scope_list("Testing;Calibration (Inspection suspended 2021-03-24)", "ILAC")
    by_activity = {e.activity: e for e in entries}
    assert set(by_activity) == {"Testing", "Calibration", "Inspection"}
    assert by_activity["Calibration"].status == RecognitionStatus.SIGNATORY
    inspection = by_activity["Inspection"]
    assert (inspection.scope, inspection.status, inspection.status_changed_on) == (
        "ISO/IEC 17020",
        RecognitionStatus.SUSPENDED,
        datetime.date(2021, 3, 24),
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "(scope not captured)",
        "(scope not captured; became IAF MLA signatory 2023)",
        "Certification (recognised 2024; detailed scopes not captured)",
    ],
)
def test_a_signatory_without_captured_scopes_gets_one_row_under_the_main_casco_standard(text):
    [entry] = parse_scope_list(text, "IAF")
    assert (entry.scope, entry.scheme, entry.activity, entry.captured) == (
        "ISO/IEC 17021-1",
        None,
        "",
        False,
    )


@pytest.mark.parametrize(
    ("text", "arrangement", "word"),
    [
        ("QMS;Widgets", "IAF", "Widgets"),
        ("Testing", "IAF", "Testing"),  # a laboratory scope in the IAF MLA column
        ("Management systems (incl. XMS)", "IAF", "XMS"),
        ("Testing (Sorcery suspended 2021-03-24)", "ILAC", "Sorcery"),
    ],
)
def test_an_unknown_scope_word_is_an_error_not_silently_dropped(text, arrangement, word):
    with pytest.raises(ScopeError, match=word):
        parse_scope_list(text, arrangement)


def test_unbalanced_parentheses_are_an_error():
    with pytest.raises(ScopeError, match="unbalanced"):
        parse_scope_list("Management systems (incl. FSMS;Product", "IAF")


def test_every_scope_list_of_the_shipped_file_maps(reference_csv):
    rows = reference_csv("accreditation_bodies.csv")
    for row in rows:
        for value, scopes, arrangement in (
            (row["iaf_mla"], row["iaf_mla_scopes"], "IAF"),
            (row["ilac_mra"], row["ilac_mra_scopes"], "ILAC"),
        ):
            if value != "no":
                assert parse_scope_list(scopes, arrangement), row["acronym"]
    assert read_reference(settings.REFERENCE_DATA_DIR).errors == []


@pytest.mark.parametrize(
    ("basis", "arrangement", "activity", "unverified"),
    [
        ("found", "IAF", "QMS", False),
        (
            "found (signatory status) + general_knowledge (Product, Persons, GHG, PT)",
            "IAF",
            "QMS",
            False,
        ),
        (
            "found (signatory status) + general_knowledge (Product, Persons, GHG, PT)",
            "ILAC",
            "PT",
            True,
        ),
        ("found (FSSC sub-scope 2021) + general_knowledge", "IAF", "FSMS", True),
        ("found (x) + general_knowledge (other scopes)", "ILAC", "Testing", True),
        ("found (x) + general_knowledge (IAF MLA status)", "IAF", "Product", True),
        ("found (x) + general_knowledge (IAF MLA status)", "ILAC", "Testing", False),
        ("found (x) + general_knowledge (ILAC scopes, seat in Botswana)", "IAF", "QMS", False),
        ("found (x) + general_knowledge (ILAC scopes, seat in Botswana)", "ILAC", "Medical", True),
        ("found (x) + general_knowledge (QMS/EMS/Product; ILAC inspection)", "IAF", "ISMS", False),
        ("found (x) + general_knowledge (QMS/EMS/Product; ILAC inspection)", "IAF", "EMS", True),
        (
            "found (x) + general_knowledge (QMS/EMS/Product; ILAC inspection)",
            "ILAC",
            "Inspection",
            True,
        ),
        ("found (x) + general_knowledge (IAF MS)", "IAF", "Management systems", True),
        ("found (x) + general_knowledge (IAF MS)", "IAF", "Product", False),
        ("found (x) + general_knowledge (full name)", "ILAC", "Testing", False),
        ("found (x) + scopes not verified", "IAF", "Product", True),
    ],
)
def test_a_scope_the_basis_names_as_general_knowledge_is_unverified(
    basis, arrangement, activity, unverified
):
    assert is_general_knowledge(basis, arrangement, activity) is unverified


# --- Loading the real files ---------------------------------------------------------------


def test_load_reference_loads_every_reference_file(reference_data, reference_csv):
    assert Standard.objects.count() == len(reference_csv("casco_standards.csv")) + len(
        reference_csv("management_standards.csv")
    )
    assert Standard.objects.schemes().count() == 24
    assert Sector.objects.count() == 39
    assert Cooperation.objects.count() == 11
    assert AccreditationBody.objects.listed().count() == 108
    assert AccreditationBody.objects.not_recognised().count() == 10
    source_keys = re.findall(
        r"^\| (S-[^ |]+) \|", (settings.REFERENCE_DATA_DIR / "SOURCES.md").read_text(), re.M
    )
    assert Source.objects.count() == len(source_keys) == 269


def test_ukas_is_british_in_ea_and_recognised_under_the_iaf_mla_for_iso_9001(reference_data):
    ukas = AccreditationBody.objects.get(acronym="UKAS")
    assert (ukas.country.code, ukas.region.acronym, ukas.slug) == ("GB", "EA", "ukas")
    qms = ukas.recognitions.get(arrangement__acronym="IAF", scheme__code="ISO 9001")
    assert (qms.scope.code, qms.activity, qms.status, qms.basis) == (
        "ISO/IEC 17021-1",
        "QMS",
        RecognitionStatus.SIGNATORY,
        RecognitionBasis.FOUND,
    )
    assert qms.source_keys == ["S-UKAS-45001", "S-UKAS-EA2024", "S-UKAS-ILAC", "S-ILAC-RMP"]
    assert "general_knowledge (Product, Persons, GHG, PT)" in qms.note
    # The scopes its basis calls general knowledge are shown as unverified.
    product = ukas.recognitions.get(arrangement__acronym="IAF", activity="Product")
    assert product.basis == RecognitionBasis.UNVERIFIED


def test_an_unverified_iaf_mla_gives_an_unverified_recognition_that_says_so(reference_data):
    [recognition] = Recognition.objects.filter(
        accreditation_body__acronym="CYS-CYSAB", arrangement__acronym="IAF"
    )
    assert recognition.scope.code == "ISO/IEC 17021-1"
    assert recognition.basis == RecognitionBasis.UNVERIFIED
    assert "Signatory status not confirmed" in recognition.note
    assert "Scopes not captured" in recognition.note


def test_an_ab_with_no_signatory_status_has_no_recognitions(reference_data):
    assert not Recognition.objects.filter(accreditation_body__acronym="SEMAC").exists()
    assert not Recognition.objects.filter(
        accreditation_body__acronym="NATA", arrangement__acronym="IAF"
    ).exists()


def test_naau_ilac_inspection_is_suspended_since_2021_03_24(reference_data):
    naau = AccreditationBody.objects.get(acronym="NAAU")
    inspection = naau.recognitions.get(arrangement__acronym="ILAC", scope__code="ISO/IEC 17020")
    assert inspection.status == RecognitionStatus.SUSPENDED
    assert "Suspended on 2021-03-24" in inspection.note
    [change] = RecognitionStatusChange.objects.filter(recognition=inspection)
    assert (change.old_status, change.new_status, change.effective_on) == (
        RecognitionStatus.SIGNATORY,
        RecognitionStatus.SUSPENDED,
        datetime.date(2021, 3, 24),
    )
    current = Recognition.objects.current(on=datetime.date(2026, 6, 1))
    assert not current.filter(pk=inspection.pk).exists()
    assert current.filter(accreditation_body=naau, activity="Testing").exists()


def test_a_lookalike_is_flagged_with_a_factual_dated_note(reference_data):
    flagged = AccreditationBody.objects.get(acronym="IAF-AB")
    assert flagged.standing == Standing.NOT_RECOGNISED
    assert flagged.standing_checked_on == datetime.date(2026, 11, 29)
    assert flagged.standing_note.startswith(
        "Not found among members or signatories of IAF, ILAC or Global Accreditation "
        "Cooperation in the sources consulted, as checked on 2026-11-29. Uses the initials IAF"
    )
    assert flagged.claims.startswith("Describes itself as an international association")
    assert not flagged.recognitions.exists()
    for ab in AccreditationBody.objects.not_recognised():
        assert not re.search(r"fake|fraud|bogus|scam", ab.standing_note, re.I), ab.acronym


def test_a_lookalike_without_an_acronym_is_identified_by_its_web_address(reference_data):
    ab = AccreditationBody.objects.get(acronym="ukacert.uk")
    assert ab.slug == "united-kingdom-accreditation-certification-limited"
    assert ab.is_flagged


def test_iso_9001_is_a_scheme_under_iso_iec_17021_1_with_ts_17021_3(reference_data):
    iso_9001 = Standard.objects.get(slug="iso-9001")
    assert (iso_9001.code, iso_9001.kind, iso_9001.edition_year) == (
        "ISO 9001",
        StandardKind.SCHEME,
        2015,
    )
    assert iso_9001.casco_standard.slug == "iso-iec-17021-1"
    assert [d.code for d in iso_9001.requirement_documents.all()] == ["ISO/IEC TS 17021-3"]
    assert "IAF MD 5 (audit time)" in iso_9001.sector_requirements_note
    casco = Standard.objects.get(code="ISO/IEC 17025")
    assert casco.body_kinds == ["testing_lab", "calibration_lab"]
    assert Standard.objects.get(code="ISO/IEC 17011").body_kinds == ["accreditation_body"]
    assert Standard.objects.get(code="ISO/IEC 17000").kind == StandardKind.REQUIREMENTS


def test_global_accreditation_cooperation_is_written_in_full_and_gac_is_an_ab(reference_data):
    gacoop = Cooperation.objects.get(slug="global-accreditation-cooperation")
    assert (gacoop.acronym, gacoop.level, gacoop.status, gacoop.arrangement_name) == (
        "Global Accreditation Cooperation",
        CooperationLevel.GLOBAL,
        CooperationStatus.ACTIVE,
        "Global Accreditation Cooperation MRA",
    )
    assert not Cooperation.objects.filter(acronym="GAC").exists()
    assert AccreditationBody.objects.get(acronym="GAC").name == "GCC Accreditation Center"


def test_iaf_and_ilac_recognitions_count_through_2026_only(reference_data):
    iaf = Cooperation.objects.get(acronym="IAF")
    assert (iaf.level, iaf.status, iaf.recognitions_valid_until) == (
        CooperationLevel.GLOBAL,
        CooperationStatus.FORMER,
        datetime.date(2026, 12, 31),
    )
    assert "not confirmed in a source" in iaf.status_note
    ukas_9001 = Recognition.objects.filter(
        accreditation_body__acronym="UKAS", scheme__code="ISO 9001"
    )
    assert (
        Recognition.objects.current(on=datetime.date(2026, 12, 31))
        .filter(pk__in=ukas_9001)
        .exists()
    )
    assert not Recognition.objects.current(on=datetime.date(2027, 1, 1)).exists()


def test_current_recognitions_for_a_scheme_include_its_casco_main_scope(reference_data):
    iso_9001 = Standard.objects.get(code="ISO 9001")
    recognitions = current_recognitions_for(iso_9001, on=datetime.date(2026, 6, 1))
    labels = {(r.accreditation_body.acronym, r.activity) for r in recognitions}
    assert ("UKAS", "QMS") in labels
    assert ("DAkkS", "Management systems") in labels
    assert not any(activity == "EMS" for _ab, activity in labels)
    assert not any(r.accreditation_body.is_flagged for r in recognitions)
    labs = current_recognitions_for(Standard.objects.get(code="ISO/IEC 17025"))
    assert {"Testing", "Calibration"} <= {r.activity for r in labs}


def test_every_reference_row_keeps_its_sources_and_basis(reference_data):
    regional = AccreditationBody.objects.get(acronym="EIAC")
    assert regional.source_keys == ["S-EIAC", "S-ILAC-NEWS36"]
    assert regional.other_regions == "APAC"
    assert regional.basis.startswith("found (recognition by ILAC, IAF, ARAC, APAC")
    sector = Sector.objects.get(code=3)
    assert sector.name == "Food products, beverages and tobacco"
    assert "general knowledge" in sector.basis
    source = Source.objects.get(key="S-NAAU")
    assert source.url == (
        "https://ilac.org/latest_ilac_news/signatory-status-of-naau-ukraine-suspended/"
    )
    assert (source.dated, source.section) == ("2021–2022", "Added — accreditation bodies")


# --- Idempotence and edits ----------------------------------------------------------------


HISTORIES = [Standard, Sector, Cooperation, AccreditationBody, Recognition, Body]


def history_counts() -> dict[str, int]:
    return {model.__name__: model.history.count() for model in HISTORIES}


def test_a_second_run_changes_nothing_and_adds_no_history(reference_data, load_reference):
    before = history_counts()
    output = load_reference()
    assert re.findall(r"(\d+) created, (\d+) updated", output) == [("0", "0")] * 10
    assert "Recognition: 0 created, 0 updated, 596 unchanged" in output
    assert "Nothing changed" in output
    assert history_counts() == before


def test_editing_one_cell_updates_exactly_that_row(
    db, reference_dir, edit_reference_csv, load_reference
):
    load_reference("--data-dir", str(reference_dir))
    before = history_counts()
    edit_reference_csv(
        "accreditation_bodies.csv", "acronym", "UKAS", website="https://ukas.example"
    )
    output = load_reference("--data-dir", str(reference_dir))
    assert "AccreditationBody: 0 created, 1 updated, 117 unchanged" in output
    assert AccreditationBody.objects.get(acronym="UKAS").website == "https://ukas.example"
    assert history_counts() == {**before, "AccreditationBody": before["AccreditationBody"] + 1}
    assert AccreditationBody.history.latest().history_change_reason == "load_reference"


def test_a_scope_removed_from_the_file_loses_its_recognition(
    db, reference_dir, edit_reference_csv, load_reference
):
    load_reference("--data-dir", str(reference_dir))
    edit_reference_csv("accreditation_bodies.csv", "acronym", "UKAS", iaf_mla_scopes="QMS;EMS")
    output = load_reference("--data-dir", str(reference_dir))
    assert "Recognition: 0 created, 0 updated, 588 unchanged, 8 deleted" in output
    ukas_iaf = Recognition.objects.filter(
        accreditation_body__acronym="UKAS", arrangement__acronym="IAF"
    )
    assert sorted(ukas_iaf.values_list("activity", flat=True)) == ["EMS", "QMS"]


def test_a_later_staff_check_of_a_flag_survives_a_reload(reference_data, load_reference):
    ab = AccreditationBody.objects.get(acronym="UKASL")
    ab.standing = Standing.LISTED
    ab.standing_note = "Checked with the Global Accreditation Cooperation register."
    ab.standing_checked_on = datetime.date(2027, 2, 1)
    ab.save()
    load_reference()
    ab.refresh_from_db()
    assert (ab.standing, ab.standing_checked_on) == (Standing.LISTED, datetime.date(2027, 2, 1))


def test_dry_run_validates_and_counts_but_writes_nothing(db, load_reference):
    output = load_reference("--dry-run")
    assert "Standard: 44 created" in output
    assert "Dry run: nothing was written" in output
    assert not Standard.objects.exists()
    assert not AccreditationBody.objects.exists()
    assert not Source.objects.exists()


# --- Malformed files ----------------------------------------------------------------------


def test_an_unknown_country_code_names_file_line_column_and_reason(
    reference_dir, edit_reference_csv, load_reference_fails
):
    edit_reference_csv("accreditation_bodies.csv", "acronym", "DAkkS", country="XX")
    load_reference_fails(
        reference_dir,
        "accreditation_bodies.csv:3: country: 'XX' is not an ISO 3166-1 alpha-2 country code",
    )


def test_an_unknown_scope_word_names_the_row(
    reference_dir, edit_reference_csv, load_reference_fails
):
    edit_reference_csv("accreditation_bodies.csv", "acronym", "UKAS", iaf_mla_scopes="QMS;Widgets")
    load_reference_fails(
        reference_dir,
        "accreditation_bodies.csv:2: iaf_mla_scopes: unknown IAF scope 'Widgets'",
    )


def test_a_column_missing_from_the_header_is_reported(reference_dir, load_reference_fails):
    path = reference_dir / "casco_standards.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0].replace(",role", ",rôle"), encoding="utf-8")
    load_reference_fails(
        reference_dir,
        "casco_standards.csv:1: role: column missing from the header",
        "casco_standards.csv:1: rôle: unexpected column",
    )


def test_a_row_with_a_missing_cell_is_reported_with_its_line(reference_dir, load_reference_fails):
    path = reference_dir / "iaf_sectors.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = "4,Textiles and textile products,C 13,S-IAF-ID1\n"  # basis cell missing
    path.write_text("".join(lines), encoding="utf-8")
    load_reference_fails(reference_dir, "iaf_sectors.csv:5: the row has 4 cells; the header has 5")


def test_a_file_that_is_not_utf8_names_the_line_of_the_bad_byte(
    reference_dir, load_reference_fails
):
    path = reference_dir / "iaf_sectors.csv"
    data = path.read_bytes().splitlines(keepends=True)
    data[4] = data[4].replace(b"Textiles", b"Textil\xe9s")  # Latin-1 "é"
    path.write_bytes(b"".join(data))
    load_reference_fails(reference_dir, "iaf_sectors.csv:5: not valid UTF-8 (byte 0xe9)")


def test_every_problem_is_listed_at_once(reference_dir, edit_reference_csv, load_reference_fails):
    edit_reference_csv("casco_standards.csv", "code", "ISO/IEC 17025", year="20x7")
    edit_reference_csv("regional_groups.csv", "acronym", "EA", type="continental")
    edit_reference_csv(
        "management_standards.csv", "code", "ISO 9001", casco_standard="ISO/IEC 17099"
    )
    edit_reference_csv("accreditation_bodies.csv", "acronym", "UKAS", region="XA")
    message = load_reference_fails(
        reference_dir,
        "casco_standards.csv:14: year: '20x7' is not a year (four digits)",
        "regional_groups.csv:2: type: 'continental' is not one of:",
        "management_standards.csv:2: casco_standard: 'ISO/IEC 17099' is not a CASCO standard",
        "accreditation_bodies.csv:2: region: 'XA' is not a regional cooperation",
    )
    assert message.startswith("4 problems in the reference data")


def test_an_unknown_source_key_is_reported(reference_dir, edit_reference_csv, load_reference_fails):
    edit_reference_csv("iaf_sectors.csv", "code", "1", source_refs="S-IAF-ID1;S-NOWHERE")
    load_reference_fails(
        reference_dir,
        "iaf_sectors.csv:2: source_refs: 'S-NOWHERE' is not a key of SOURCES.md",
    )


def test_a_missing_file_is_reported(reference_dir, load_reference_fails):
    (reference_dir / "lookalike_bodies.csv").unlink()
    load_reference_fails(reference_dir, "lookalike_bodies.csv: file not found")
