"""Bulk verification: upload a CSV, download the same rows with the outcome appended."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bodies import bulk_verification
from tests.conftest import NOW, TODAY


def upload(client, content: str | bytes, name: str = "suppliers.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(
        reverse("bodies:verify-bulk"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


def rows_of(response) -> list[dict[str, str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_same_rows_come_back_with_outcome_columns(client, certified, make_body, frozen_now):
    make_body("Silent Certification", slug="silent")
    response = upload(
        client,
        "supplier,number,body,holder\n"
        "Foundry,qma 2025 0042,quillmoor,Brightwater Foundry GmbH\n"
        "Ghost,QMA-0000,quillmoor,\n"
        "Quiet,ABC-1,silent,\n"
        "Nobody,ABC-1,Mystery Certs Ltd,\n",
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = rows_of(response)
    assert [r["supplier"] for r in rows] == ["Foundry", "Ghost", "Quiet", "Nobody"]
    found, missing, silent, unknown = rows
    assert found["result"] == "verified"
    assert found["status"] == "valid"
    assert found["verdict"] == "pass"
    assert found["holder_match"] == "yes"
    assert found["issuing_body"] == "Quillmoor Assurance"
    assert found["expires_on"] == "2028-01-01"
    assert found["certificate_url"] == f"http://testserver{certified.get_absolute_url()}"
    assert missing["result"] == "not_found"
    assert missing["verdict"] == "not_among_body_certificates"
    assert silent["verdict"] == "body_shares_no_data"
    assert unknown["verdict"] == "body_unknown"


def test_malformed_rows_get_an_error_and_the_rest_still_process(client, certified, frozen_now):
    rows = rows_of(
        upload(
            client,
            "number,holder\n"
            '=HYPERLINK("http://evil"),x\n'
            f"{'9' * 10_000},y\n"
            "QMA-2025-0042,Brightwater\n"
            "only-one-cell-too-many,a,b\n",
        )
    )
    assert rows[0]["result"] == "error"
    assert "remove" in rows[0]["error"]
    # The offending value is neutralised on the way back out.
    assert rows[0]["number"].startswith("'=HYPERLINK")
    assert rows[1]["result"] == "error"
    assert "at most 80 characters" in rows[1]["error"]
    assert rows[2]["result"] == "verified"
    assert rows[2]["holder_match"] == "partial"
    assert rows[3]["result"] == "error"
    assert "3 cells; the header has 2" in rows[3]["error"]


def test_a_holder_on_record_starting_with_a_formula_character_is_neutralised(
    client, certified, frozen_now
):
    certified.holder_name = "@SUM(A1:A9) Ltd"
    certified.save()
    rows = rows_of(upload(client, "number\nQMA-2025-0042\n"))
    assert rows[0]["holder_on_record"] == "'@SUM(A1:A9) Ltd"


def test_a_file_that_is_not_utf8_is_refused_with_a_reason(client, db):
    response = upload(client, "number,holder\nA-1,Müller\n".encode("latin-1"))
    assert response.status_code == 200
    assert "is not UTF-8 text" in response.content.decode()


def test_a_file_without_a_number_column_is_refused(client, db):
    response = upload(client, "cert,who\nA-1,x\n")
    assert "must name a “number” column" in response.content.decode()


def test_a_file_that_is_not_a_csv_is_refused(client, db):
    response = upload(client, "number\nA-1\n", name="suppliers.xlsx")
    assert "is not a CSV file" in response.content.decode()


def test_more_than_the_row_limit_is_refused(client, db, settings):
    settings.CERTDIR_BULK_VERIFY_MAX_ROWS = 3
    response = upload(client, "number\n" + "A-1\n" * 4)
    assert "The file has 4 rows; at most 3" in response.content.decode()


def test_a_chunk_costs_the_same_queries_for_one_row_or_many(
    certified, make_body, make_accreditation, make_certificate, iso_9001
):
    def queries_for(rows: int) -> int:
        text = "number,body\n" + "".join(
            f"QMA-2025-0042,quillmoor\nX-{n},nobody\n" for n in range(rows)
        )
        bulk = bulk_verification.parse(text, max_rows=5_000)
        with CaptureQueriesContext(connection) as queries:
            out = list(bulk_verification.verify_rows(bulk, day=TODAY, base_url="http://x/"))
        assert len(out) == 2 * rows
        return len(queries)

    for _ in range(3):
        body = make_body(certificates_updated_at=NOW)
        make_certificate(body, scheme=iso_9001, number="QMA-2025-0042")
    assert queries_for(1) == queries_for(200)


def test_bulk_verification_is_rate_limited(client, db, settings):
    settings.CERTDIR_RATE_BULK_VERIFY = "1/h"
    assert upload(client, "number\nA-1\n").status_code == 200
    assert upload(client, "number\nA-1\n").status_code == 429
