"""/compare/: 2–5 bodies side by side from the URL alone, differences marked, CSV export."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from accreditation.models import BodyKind
from bodies.comparison import CSV_COLUMNS
from bodies.models import AccreditationStatus
from tests.csv_helpers import read_csv_download

URL = "/compare/"


def html(response) -> str:
    return response.content.decode()


def row_html(page: str, key: str) -> str:
    start = page.index(f'data-row="{key}"')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def trio(
    make_body,
    make_accreditation,
    make_accreditation_body,
    make_sector,
    make_office,
    make_certificate,
    iso_9001,
    iso_14001,
):
    dakks = make_accreditation_body("DAKKS", country="DE")
    ukas = make_accreditation_body("UKAS")
    construction, machinery = make_sector(28, "Construction"), make_sector(18, "Machinery")
    checked = timezone.localdate()
    alpha = make_body(
        "Alpha Zertifizierung",
        country="DE",
        city="Berlin",
        slug="alpha",
        certificates_updated_at=timezone.now(),
    )
    make_office(alpha, "FR", city="Lyon")
    a1 = make_accreditation(
        alpha,
        ab=dakks,
        number="D-ZM-1",
        schemes=[iso_9001, iso_14001],
        sectors=[construction, machinery],
        last_checked_on=checked,
        granted_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2029, 1, 1),
    )
    make_certificate(alpha, scheme=iso_9001, accreditation=a1)
    make_certificate(alpha, scheme=iso_9001, accreditation=a1)
    make_certificate(alpha, scheme=iso_14001, accreditation=a1)
    beta = make_body("Beta Certification", country="GB", city="Leeds", slug="beta")
    make_accreditation(
        beta,
        ab=ukas,
        number="UK-2",
        schemes=[iso_9001],
        sectors=[machinery],
        last_checked_on=checked,
        granted_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2029, 1, 1),
    )
    gamma = make_body("Gamma Registrar", country="DE", city="Munich", slug="gamma")
    make_accreditation(
        gamma,
        ab=dakks,
        number="D-ZM-3",
        schemes=[iso_9001],
        sectors=[construction],
        status=AccreditationStatus.SUSPENDED,
        last_checked_on=checked,
        granted_on=datetime.date(2024, 1, 1),
        expires_on=datetime.date(2029, 1, 1),
    )
    return alpha, beta, gamma


def test_the_bodies_appear_side_by_side_in_the_order_asked(client, trio):
    page = html(client.get(URL, {"bodies": "gamma,alpha,beta"}))
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert (
        header.index("Gamma Registrar")
        < header.index("Alpha Zertifizierung")
        < header.index("Beta Certification")
    )
    assert "<caption" in page and 'scope="row"' in page and 'scope="col"' in page


def test_rows_where_the_bodies_differ_are_marked_in_words_not_only_colour(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,beta,gamma"}))
    assert "compare-row--differs" in row_html(page, "head_office")
    assert "differs</span>" in row_html(page, "head_office")
    kind = row_html(page, "kind")
    assert "compare-row--differs" not in kind
    assert "differs</span>" not in kind


def test_the_table_shows_offices_accreditations_scope_status_and_certificates(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,beta,gamma"}))
    assert "Lyon, France" in row_html(page, "offices")
    accreditations = row_html(page, "accreditations")
    assert "DAKKS D-ZM-1 ISO/IEC 17021-1" in accreditations
    assert "badge--recognised" in accreditations
    assert "ISO 14001" in row_html(page, "schemes")
    assert "Suspended" in row_html(page, "accreditation_status")
    certificates = row_html(page, "certificates")
    assert "ISO 9001: 2" in certificates
    assert "ISO 14001: 1" in certificates
    assert "does not share certificate data" in certificates
    assert "Generated on" in page


def test_only_differences_works_as_a_get_parameter(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,beta,gamma", "only": "differences"}))
    assert 'data-row="kind"' not in page
    assert 'data-row="head_office"' in page
    assert "Rows where every body has the same value are hidden." in page
    assert 'name="only" value="differences" checked' in page
    full = html(client.get(URL, {"bodies": "alpha,beta,gamma"}))
    assert 'data-row="kind"' in full


def test_the_switch_refreshes_the_table_with_htmx_and_keeps_the_url(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,beta"}))
    assert 'hx-get="/compare/"' in page
    assert 'hx-select="#comparison"' in page
    assert 'hx-push-url="true"' in page
    assert '<input type="hidden" name="bodies" value="alpha,beta">' in page


def test_with_a_need_in_the_url_the_checks_for_it_are_compared(client, trio):
    page = html(
        client.get(
            URL, {"bodies": "alpha,beta,gamma", "what": "iso-9001", "country": "DE", "sector": "28"}
        )
    )
    active = row_html(page, "check_active")
    assert active.count("badge--pass") == 2
    assert active.count("badge--fail") == 1
    assert "compare-row--differs" in active
    office = row_html(page, "check_office")
    assert "No office or accredited location is recorded in Germany" in office
    assert "2 bodies compared for ISO 9001" not in page
    assert "3 bodies compared for ISO 9001" in page


def test_without_a_need_the_core_checks_are_compared_per_accreditation(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,gamma"}))
    assert "DAKKS D-ZM-3 ISO/IEC 17021-1" in row_html(page, "check_active")
    assert 'data-row="check_sector"' not in page


def test_unknown_slugs_are_named_and_skipped(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,nope,beta,<b>x</b>"}))
    assert "No bodies are listed as “nope”, “&lt;b&gt;x&lt;/b&gt;”; they are left out." in page
    assert "2 bodies compared" in page


def test_more_than_five_gives_the_first_five_and_a_message(client, make_body, make_accreditation):
    for index in range(7):
        make_accreditation(make_body(f"Body {index}", slug=f"b{index}"))
    page = html(client.get(URL, {"bodies": ",".join(f"b{index}" for index in range(7))}))
    assert "compares at most 5 bodies: the first 5 of the 7 you asked for are shown." in page
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert "Body 4" in header
    assert "Body 5" not in header


def test_fewer_than_two_bodies_asks_for_more(client, trio):
    page = html(client.get(URL, {"bodies": "alpha"}))
    assert "Choose at least two bodies to compare" in page
    assert "<table" not in page
    assert "Choose at least two" in html(client.get(URL))


def test_repeated_bodies_parameters_and_duplicates_are_accepted(client, trio):
    page = html(client.get(f"{URL}?bodies=alpha&bodies=beta,alpha"))
    assert "2 bodies compared" in page


def test_a_broken_need_is_reported_and_ignored(client, trio):
    response = client.get(URL, {"bodies": "alpha,beta", "what": "iso-0", "country": "DE"})
    assert response.status_code == 200
    assert "could not be used" in html(response)
    assert 'data-row="check_scheme"' not in html(response)


def test_the_comparison_is_independent_of_the_session(client, trio):
    client.post("/shortlist/add/", {"body": "gamma"})
    page = html(client.get(URL, {"bodies": "alpha,beta"}))
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert "Gamma Registrar" not in header


@pytest.mark.parametrize("n", [2, 5])
def test_the_comparison_runs_a_fixed_number_of_queries(
    n, client, django_assert_num_queries, make_body, make_accreditation, make_sector, iso_9001
):
    sector = make_sector(28)
    for index in range(n):
        make_accreditation(
            make_body(f"Body {index}", slug=f"b{index}"), schemes=[iso_9001], sectors=[sector]
        )
    params = {
        "bodies": ",".join(f"b{index}" for index in range(n)),
        "what": "iso-9001",
        "country": "DE",
        "sector": "28",
    }
    client.get(URL, params)  # warm the choice lists
    # bodies + 5 prefetches, scheme, sector, certificate counts
    with django_assert_num_queries(9):
        response = client.get(URL, params)
    assert f"{n} bodies compared" in html(response)


# --- CSV ----------------------------------------------------------------------------------


def read_csv(response) -> list[dict]:
    rows = read_csv_download(response)
    assert tuple(rows[0]) == CSV_COLUMNS
    return rows


def test_the_csv_has_one_row_per_body_with_stable_columns_read_back_value_by_value(client, trio):
    response = client.get(
        URL,
        {
            "bodies": "alpha,beta,gamma",
            "what": "iso-9001",
            "country": "DE",
            "sector": "28",
            "format": "csv",
        },
    )
    alpha, beta, gamma = read_csv(response)
    today = timezone.localdate().isoformat()
    assert alpha["slug"] == "alpha"
    assert alpha["name"] == "Alpha Zertifizierung"
    assert alpha["url"] == "http://testserver/bodies/alpha/"
    assert alpha["kind"] == "Management-system certification body"
    assert alpha["head_office"] == "Berlin, Germany"
    assert alpha["offices"] == "Berlin, Germany; Lyon, France"
    assert alpha["countries"] == "France; Germany"
    assert alpha["accreditations"] == "DAKKS D-ZM-1 ISO/IEC 17021-1 (recognised)"
    assert alpha["schemes"] == "ISO 14001; ISO 9001"
    assert alpha["sectors"] == "18; 28"
    assert alpha["accreditation_status"] == (
        "DAKKS D-ZM-1 ISO/IEC 17021-1: active (2024-01-01 – 2029-01-01)"
    )
    assert alpha["certificates"] == "ISO 9001: 2; ISO 14001: 1"
    assert alpha["check_casco_standard"] == "pass"
    assert alpha["check_active"] == "pass"
    assert alpha["check_scheme"] == "pass"
    assert alpha["check_sector"] == "pass"
    assert alpha["check_recognised"] == "pass"
    assert alpha["check_office"] == "pass"
    assert alpha["check_freshness"] == "pass"
    assert alpha["check_accreditor"] == ""
    assert alpha["last_checked"] == f"DAKKS D-ZM-1 ISO/IEC 17021-1: {today}"
    assert alpha["certificates_updated"] == today
    assert alpha["need"] == "ISO 9001"
    generated = datetime.datetime.fromisoformat(alpha["generated_at"])
    assert abs((timezone.now() - generated).total_seconds()) < 60
    assert beta["check_sector"] == "fail"
    assert beta["check_office"] == "warn"
    assert beta["certificates"] == "not shared"
    assert gamma["check_active"] == "fail"
    assert gamma["accreditation_status"].startswith("DAKKS D-ZM-3 ISO/IEC 17021-1: suspended")
    assert alpha["generated_at"] == beta["generated_at"] == gamma["generated_at"]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    client, make_body, make_accreditation
):
    make_accreditation(make_body('=HYPERLINK("http://evil.example","x")', slug="evil"))
    make_accreditation(make_body("@SUM(A1)", slug="at", city="-2+3"))
    evil, at = read_csv(client.get(URL, {"bodies": "evil,at", "format": "csv"}))
    assert evil["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert at["name"] == "'@SUM(A1)"
    assert at["head_office"] == "'-2+3, Germany"


def test_the_shortlist_downloads_as_the_same_csv(client, trio):
    for slug in ("beta", "alpha"):
        client.post("/shortlist/add/", {"body": slug})
    rows = read_csv(client.get("/shortlist/", {"format": "csv"}))
    assert [row["slug"] for row in rows] == ["beta", "alpha"]
    assert rows[0]["check_active"] == "UKAS UK-2 ISO/IEC 17021-1: pass"


def test_the_page_prints_on_one_landscape_page(client, trio):
    page = html(client.get(URL, {"bodies": "alpha,beta"}))
    assert 'media="print"' in page
    css = (settings.BASE_DIR / "static/css/print.css").read_text(encoding="utf-8")
    assert "@page { size: A4 landscape" in css
    assert ".compare-table { table-layout: fixed" in css


def test_small_screens_scroll_the_table_with_a_sticky_first_column(client, trio):
    css = (settings.BASE_DIR / "static/css/site.css").read_text(encoding="utf-8")
    assert '.compare-table th[scope="row"] { position: sticky; left: 0' in css
    page = html(client.get(URL, {"bodies": "alpha,beta"}))
    assert 'class="table-wrap compare-wrap" tabindex="0" role="region"' in page


def test_lab_kinds_compare_too(client, make_body, make_accreditation, casco_17025):
    make_accreditation(
        make_body("Lab A", kind=BodyKind.TESTING_LAB, slug="lab-a"), standard=casco_17025
    )
    make_accreditation(
        make_body("Lab B", kind=BodyKind.CALIBRATION_LAB, slug="lab-b"), standard=casco_17025
    )
    page = html(
        client.get(
            URL, {"bodies": "lab-a,lab-b", "what": BodyKind.CALIBRATION_LAB, "country": "DE"}
        )
    )
    casco = row_html(page, "check_casco_standard")
    assert casco.count("badge--warn") == 1
    assert casco.count("badge--pass") == 1


def test_a_body_accredited_only_by_flagged_organisations_is_flagged_in_the_header(
    client, trio, make_body, make_accreditation, make_accreditation_body
):
    from accreditation.models import Standing

    flagged = make_accreditation_body("IAC", standing=Standing.NOT_RECOGNISED)
    make_accreditation(make_body("Omega Certs", slug="omega"), ab=flagged)
    page = html(client.get(URL, {"bodies": "alpha,omega"}))
    header = page[page.index("<thead>") : page.index("</thead>")]
    assert header.count("badge--flagged") == 1
    assert header.index("Omega Certs") < header.index("badge--flagged")
