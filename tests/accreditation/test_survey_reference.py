"""`load_reference` loads iso_survey.csv into SurveyFigure: every figure, idempotently, strictly."""

from accreditation.models import SurveyBreakdown, SurveyFigure


def _figure_facts(figure: SurveyFigure) -> tuple:
    country = str(figure.country) or "World"
    sector = ""
    if figure.breakdown == SurveyBreakdown.SECTOR:
        sector = str(figure.sector.code)
    elif figure.breakdown == SurveyBreakdown.SECTOR_UNKNOWN:
        sector = "unknown"
    return (
        str(figure.year),
        figure.standard_label,
        country,
        str(figure.certificates),
        "" if figure.sites is None else str(figure.sites),
        sector,
        figure.source_refs,
        figure.note,
    )


def test_every_row_of_iso_survey_csv_becomes_one_figure_with_its_sources(
    reference_data, reference_csv
):
    rows = reference_csv("iso_survey.csv")
    expected = sorted(
        (
            row["year"],
            row["standard"],
            row["country"],
            row["certificates"],
            row["sites"],
            row["iaf_sector"],
            row["source_refs"],
            row["notes"],
        )
        for row in rows
    )
    figures = SurveyFigure.objects.select_related("sector", "standard")
    assert sorted(_figure_facts(figure) for figure in figures) == expected
    assert len(expected) == 121


def test_figures_point_to_their_scheme_and_sector_and_totals_to_none(reference_data):
    iso_9001_2024 = SurveyFigure.objects.get(
        year=2024, standard_label="ISO 9001", breakdown=SurveyBreakdown.WORLD
    )
    assert (iso_9001_2024.standard.code, iso_9001_2024.certificates) == ("ISO 9001", 1474118)
    total_2019 = SurveyFigure.objects.get(year=2019, standard__isnull=True)
    assert (total_2019.standard_label, total_2019.certificates) == (
        "ALL (12 standards surveyed)",
        1357241,
    )
    construction = SurveyFigure.objects.get(year=2020, sector__code=28)
    assert (construction.sector.name, construction.certificates) == ("Construction", 71097)
    assert SurveyFigure.objects.get(breakdown=SurveyBreakdown.SECTOR_UNKNOWN).certificates == (
        258146
    )
    china = SurveyFigure.objects.get(year=2021, country="CN")
    assert (china.breakdown, china.certificates, china.source_keys) == (
        SurveyBreakdown.COUNTRY,
        426716,
        ["S-QMAKTUELL-2021", "S-KLASTON-2021"],
    )
    assert SurveyFigure.objects.get(year=2018, standard_label="ISO 9001").sites == 1180965


def test_a_second_run_leaves_every_figure_unchanged(reference_data, load_reference):
    output = load_reference()
    assert "SurveyFigure: 0 created, 0 updated, 121 unchanged" in output


def test_an_edited_figure_is_updated_and_a_removed_one_deleted(
    db, reference_dir, edit_reference_csv, load_reference
):
    load_reference("--data-dir", str(reference_dir))
    edit_reference_csv(
        "iso_survey.csv",
        "notes",
        "2024 survey compiled from IAF CertSearch data",
        certificates="1474119",
    )
    path = reference_dir / "iso_survey.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = [line for line in lines if line.startswith("2017,ISO 9001,DE,")]
    path.write_text("".join(line for line in lines if line not in removed), encoding="utf-8")
    output = load_reference("--data-dir", str(reference_dir))
    assert "SurveyFigure: 0 created, 1 updated, 119 unchanged, 1 deleted" in output
    assert SurveyFigure.objects.get(year=2024, standard_label="ISO 9001").certificates == 1474119
    assert not SurveyFigure.objects.filter(
        year=2017, country="DE", standard_label="ISO 9001"
    ).exists()


def test_malformed_survey_rows_are_each_reported_and_nothing_is_written(
    reference_dir, load_reference_fails
):
    path = reference_dir / "iso_survey.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(
        "2014,ISO 9001,World,World,1129446", "2014,ISO 9999,World,World,1129446"
    )
    lines[3] = lines[3].replace("6778", '"6,778"')
    lines[22] = lines[22].replace("2016,ISO 9001,DE,", "2016,ISO 9001,XX,")
    lines.append("2020,ISO 9001,World,World,12,,40,S-ISO9001-SECTORS-2020,\n")
    lines.append("2021,ISO 9001,DE,Germany,12,,17,S-KLASTON-2021,\n")
    lines.append("2014,ISO 22301,World,World,1754,,,S-IAF-ISOSURVEY2014,again\n")
    path.write_text("".join(lines), encoding="utf-8")
    load_reference_fails(
        reference_dir,
        "iso_survey.csv:3: standard: 'ISO 9999' is not a scheme of management_standards.csv",
        "iso_survey.csv:4: certificates: '6,778' is not a whole number",
        "iso_survey.csv:23: country: 'XX' is not an ISO 3166-1 alpha-2 country code",
        "iso_survey.csv:123: iaf_sector: '40' is not an IAF sector code",
        "iso_survey.csv:124: iaf_sector: figures by sector are world figures only",
        "iso_survey.csv:125: the same figure is already on line 5",
    )


def test_an_unknown_source_key_of_a_figure_is_reported(
    reference_dir, edit_reference_csv, load_reference_fails
):
    edit_reference_csv(
        "iso_survey.csv",
        "notes",
        "top sector 2021: basic metals and fabricated metal products",
        source_refs="S-NOWHERE",
    )
    load_reference_fails(
        reference_dir, "iso_survey.csv:105: source_refs: 'S-NOWHERE' is not a key of SOURCES.md"
    )
