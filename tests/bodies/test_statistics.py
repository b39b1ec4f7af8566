"""/statistics/: ISO Survey figures as the reference file gives them, joined to the directory.

The figures are checked against iso_survey.csv itself (parsed here), through the CSV
download of each table and the page that shows them.
"""

import datetime
import re
from collections import defaultdict

import pytest
from django.urls import reverse
from django_countries import countries

from accreditation.models import Source
from bodies.models import AccreditationStatus
from tests.csv_helpers import read_csv_download

URL = reverse("bodies:statistics")


def download(client, table: str) -> list[dict[str, str]]:
    response = client.get(URL, {"table": table, "format": "csv"})
    assert response.status_code == 200
    return read_csv_download(response)


def grouped(number: int) -> str:
    return f"{number:,}"


@pytest.fixture
def survey_rows(reference_csv) -> list[dict[str, str]]:
    return reference_csv("iso_survey.csv")


# --- The ISO Survey figures match the reference file ----------------------------------------


def test_certificates_per_standard_and_year_are_the_files_world_figures(
    client, reference_data, survey_rows
):
    expected = {
        (row["standard"], row["year"]): row["certificates"]
        for row in survey_rows
        if row["country"] == "World"
        and not row["iaf_sector"]
        and not row["standard"].startswith("ALL")
    }
    shown = {
        (row["Standard"], year): value
        for row in download(client, "certificates-by-year")
        for year, value in row.items()
        if year != "Standard" and value
    }
    assert shown == expected
    html = client.get(URL).content.decode()
    assert f'<td class="num">{grouped(1474118)}</td>' in html  # ISO 9001, 2024
    assert "ISO 9001: certificates worldwide" in html


def test_totals_over_all_standards_are_listed_as_reported(client, reference_data, survey_rows):
    expected = [
        (row["year"], row["standard"], row["certificates"])
        for row in survey_rows
        if row["standard"].startswith("ALL")
    ]
    shown = [
        (row["Year"], row["What is counted"], row["Certificates"])
        for row in download(client, "totals")
    ]
    assert sorted(shown) == sorted(expected)


def test_top_countries_are_the_latest_years_country_figures_largest_first(
    client, reference_data, survey_rows
):
    country_rows = [row for row in survey_rows if row["country"] != "World"]
    latest = max(int(row["year"]) for row in country_rows)
    by_standard = defaultdict(list)
    for row in country_rows:
        if int(row["year"]) == latest:
            by_standard[row["standard"]].append(row)
    expected = [
        (countries.name(row["country"]), standard, row["certificates"])
        for standard in sorted(by_standard)
        for row in sorted(by_standard[standard], key=lambda r: -int(r["certificates"]))[:10]
    ]
    shown = [
        (row["Country"], row["Standard"], row["Certificates"])
        for row in download(client, "top-countries")
    ]
    assert latest == 2021
    assert shown == expected
    assert shown[0] == ("China", "ISO 9001", "426716")
    html = client.get(URL).content.decode()
    assert "ISO 9001 certificates by country, 2021" in html


def test_iso_9001_by_iaf_sector_is_the_2020_breakdown_with_unknown_sectors_last(
    client, reference_data, survey_rows
):
    expected = {
        row["iaf_sector"]: row["certificates"]
        for row in survey_rows
        if row["iaf_sector"] and row["year"] == "2020"
    }
    rows = download(client, "sectors")
    shown = {row["IAF code"] or "unknown": row["Certificates"] for row in rows}
    assert shown == expected
    assert len(shown) == 40
    assert (rows[0]["IAF code"], rows[0]["Sector"]) == (
        "17",
        "Basic metals and fabricated metal products",
    )
    assert (rows[-1]["Sector"], rows[-1]["Certificates"]) == ("Sector not known", "258146")
    html = client.get(URL).content.decode()
    assert "ISO 9001 certificates by IAF sector, 2020" in html


def test_every_figure_is_listed_with_its_sources(client, reference_data, survey_rows):
    expected = sorted(
        (row["year"], row["standard"], row["certificates"], row["source_refs"].replace(";", "; "))
        for row in survey_rows
    )
    shown = sorted(
        (row["Year"], row["Standard"], row["Certificates"], row["Sources"])
        for row in download(client, "figures")
    )
    assert shown == expected


def test_sources_and_caveats_are_on_the_page(client, reference_data):
    html = client.get(URL).content.decode()
    for text in (
        "2018: ISO changed the survey method",
        "2022: the first survey to add data from IAF CertSearch",
        "2023: China&#x27;s accreditation body did not take part",
        "2024 onwards: the survey is compiled from IAF CertSearch data",
        "Excluded: a DNV Belgium page gives other 2022 figures",
        "do not add up",
    ):
        assert text in html
    # Each cited source with its address.
    assert "<strong>S-SCS-2024</strong>" in html
    assert 'href="https://systemcertification.co.uk/' in html


# --- Joined to the directory ----------------------------------------------------------------


def test_directory_counts_bodies_and_their_abs_per_country_and_scheme_in_force_only(
    client, make_body, make_accreditation, make_accreditation_body, iso_9001, iso_14001
):
    ukas, dakks = make_accreditation_body("UKAS"), make_accreditation_body("DAkkS")
    gb_one = make_body("Albion Certification", country="GB")
    make_accreditation(gb_one, ab=ukas, schemes=[iso_9001, iso_14001])
    gb_two = make_body("Thames Assurance", country="GB")
    make_accreditation(gb_two, ab=dakks, schemes=[iso_9001])
    make_accreditation(
        make_body("Suspended Ltd", country="GB"),
        ab=ukas,
        schemes=[iso_9001],
        status=AccreditationStatus.SUSPENDED,
    )
    make_accreditation(
        make_body("Lapsed Ltd", country="GB"),
        ab=ukas,
        schemes=[iso_9001],
        granted_on=datetime.date(2010, 1, 1),
        expires_on=datetime.date(2015, 1, 1),
    )
    make_accreditation(make_body("Rhein Zert", country="DE"), ab=dakks, schemes=[iso_14001])

    by_country = {row["Country"]: row for row in download(client, "directory-countries")}
    assert set(by_country) == {"United Kingdom", "Germany"}
    assert (
        by_country["United Kingdom"]["Bodies"],
        by_country["United Kingdom"]["Accreditation bodies"],
    ) == ("2", "2")
    assert (by_country["Germany"]["Bodies"], by_country["Germany"]["Accreditation bodies"]) == (
        "1",
        "1",
    )
    by_scheme = {row["Scheme"]: row for row in download(client, "directory-schemes")}
    assert (by_scheme["ISO 9001"]["Bodies"], by_scheme["ISO 14001"]["Bodies"]) == ("2", "2")
    cross = {
        (row["Country"], row["Scheme"]): row["Bodies"]
        for row in download(client, "directory-country-schemes")
    }
    assert cross == {
        ("Germany", "ISO 14001"): "1",
        ("United Kingdom", "ISO 14001"): "1",
        ("United Kingdom", "ISO 9001"): "2",
    }
    html = client.get(URL).content.decode()
    assert "3 bodies have an accreditation in force" in html
    assert "fictional demo" not in html


def test_survey_figures_sit_next_to_the_directory_bodies_of_that_country_and_scheme(
    client, make_body, make_accreditation, make_survey_figure, make_sector, iso_9001
):
    make_survey_figure(2021, 39682, standard=iso_9001, country="GB")
    make_survey_figure(2021, 49298, standard=iso_9001, country="DE")
    make_survey_figure(2024, 1474118, standard=iso_9001)
    construction = make_sector(28, "Construction")
    make_survey_figure(2020, 71097, standard=iso_9001, sector=construction)
    make_accreditation(make_body(country="GB"), schemes=[iso_9001], sectors=[construction])
    make_accreditation(make_body(country="GB"), schemes=[iso_9001])

    countries_rows = download(client, "top-countries")
    assert [
        (row["Country"], row["Certificates"], row["Bodies in this directory"])
        for row in countries_rows
    ] == [("Germany", "49298", "0"), ("United Kingdom", "39682", "2")]
    sectors_rows = download(client, "sectors")
    assert [
        (r["Sector"], r["Certificates"], r["Bodies in this directory"]) for r in sectors_rows
    ] == [("Construction", "71097", "1")]
    schemes = download(client, "directory-schemes")
    assert [
        (r["Scheme"], r["Bodies"], r["Certificates worldwide"], r["Survey year"]) for r in schemes
    ] == [("ISO 9001", "2", "1474118", "2024")]


def test_demo_bodies_are_counted_and_said_to_be_fictional(
    client, make_body, make_accreditation, iso_9001
):
    make_accreditation(make_body(is_demo=True), schemes=[iso_9001])
    html = client.get(URL).content.decode()
    assert "The counts include 1 fictional demo body." in html


# --- Charts ---------------------------------------------------------------------------------


def test_charts_are_labelled_images_each_followed_by_a_captioned_table(client, reference_data):
    html = client.get(URL).content.decode()
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) >= 9  # six standards over the years, countries, sectors, directory
    for svg in svgs:
        assert 'role="img"' in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^ "]+) ([^"]+)"', svg).groups()
        assert f'<title id="{title_id}">' in html
        assert f'<desc id="{desc_id}">' in html
    for block in html.split('class="chart-grid')[1:]:
        assert "<caption id=" in block.split("</table>")[0]
    assert "style=" not in html  # the CSP forbids inline styles


def test_chart_coordinates_keep_a_decimal_point_in_russian(client, reference_data):
    html = client.get("/ru" + URL).content.decode()
    assert re.findall(r"<svg ", html)
    assert not re.findall(r' (?:x|y|x1|x2|y1|y2|width|height)="[^"]*,', html)


# --- CSV downloads and bad input -------------------------------------------------------------


def test_a_table_downloads_as_an_attachment_with_its_header(client, make_survey_figure, iso_9001):
    make_survey_figure(2024, 1474118, standard=iso_9001, note="compiled from IAF CertSearch")
    response = client.get(URL, {"table": "figures", "format": "csv"})
    assert response["Content-Disposition"] == (
        'attachment; filename="certdir-statistics-figures.csv"'
    )
    assert b"".join(response.streaming_content).decode().splitlines() == [
        "Year,Standard,Where,Certificates,Sites,Sources,Note",
        "2024,ISO 9001,World,1474118,,,compiled from IAF CertSearch",
    ]


def test_csv_cells_that_look_like_formulas_are_neutralised(client, make_survey_figure, iso_9001):
    make_survey_figure(2024, 5, standard=iso_9001, note='=HYPERLINK("http://x.example","a")')
    make_survey_figure(2023, 6, standard=iso_9001, note="@SUM(A1)")
    rows = download(client, "figures")
    assert [row["Note"] for row in rows] == ["'@SUM(A1)", '\'=HYPERLINK("http://x.example","a")']


def test_an_unknown_table_is_a_404_that_lists_the_tables(client, db):
    response = client.get(URL, {"table": "salaries", "format": "csv"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "There is no statistics table named “salaries”." in html
    assert "?table=certificates-by-year&amp;format=csv" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"table": "figures", "format": "xlsx"}, "Tables download as CSV only: use format=csv."),
        ({"format": "csv"}, "Say which table to download with table=&lt;name&gt;."),
        ({"table": "", "format": "csv"}, "Say which table to download"),
    ],
)
def test_other_bad_download_requests_are_400s_that_say_why(client, db, query, message):
    response = client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_table_without_a_format_downloads_as_csv(client, db):
    response = client.get(URL, {"table": "totals"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"


# --- Queries and cache ----------------------------------------------------------------------


def _populate(make_body, make_accreditation, make_survey_figure, make_sector, iso_9001, count):
    """`count` bodies, world figures and sector figures, each figure citing a source."""
    Source.objects.create(key="S-TEST", citation="A report of the survey")
    for n in range(count):
        sector = make_sector(n + 1)
        make_accreditation(
            make_body(country=["GB", "DE", "FR"][n % 3]), schemes=[iso_9001], sectors=[sector]
        )
        make_survey_figure(2010 + n, 1000 + n, standard=iso_9001, source_refs="S-TEST")
        make_survey_figure(2020, 10 + n, standard=iso_9001, sector=sector, source_refs="S-TEST")


@pytest.mark.parametrize("count", [1, 12])
def test_the_page_runs_a_fixed_number_of_queries_then_comes_from_the_cache(
    client,
    make_body,
    make_accreditation,
    make_survey_figure,
    make_sector,
    iso_9001,
    django_assert_num_queries,
    count,
):
    _populate(make_body, make_accreditation, make_survey_figure, make_sector, iso_9001, count)
    with django_assert_num_queries(8):  # 7 for the figures and counts, 1 for the demo banner
        assert client.get(URL).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(URL).status_code == 200
        download(client, "directory-countries")


def test_the_header_links_to_the_statistics(client, db):
    html = client.get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Statistics</a>' in html
