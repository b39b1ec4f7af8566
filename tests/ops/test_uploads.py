"""ops.uploads.validate_csv_upload: only UTF-8 CSV text of a bounded size gets through."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from ops.uploads import SNIFF_BYTES, validate_csv_upload

CSV = "certificate_number,holder\nQ-123,Acme GmbH\nQ-124,Bücher & Söhne KG\n".encode()


def upload(content: bytes = CSV, name: str = "certificates.csv", content_type: str = "text/csv"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def rejection(file, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_csv_upload(file, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    "content_type",
    ["text/csv", "text/plain", "application/vnd.ms-excel", "text/csv; charset=utf-8"],
)
def test_a_utf8_csv_file_is_accepted_and_left_ready_to_read(content_type):
    file = upload(content_type=content_type)
    file.read(5)
    validate_csv_upload(file)
    assert file.read() == CSV


def test_a_byte_order_mark_is_accepted():
    validate_csv_upload(upload(b"\xef\xbb\xbf" + CSV))


def test_the_extension_must_be_csv():
    error = rejection(upload(name="certificates.xlsx"))
    assert error.code == "extension"
    assert "“certificates.xlsx” is not a CSV file" in error.messages[0]


def test_the_extension_check_ignores_case_and_directories():
    validate_csv_upload(upload(name="C:\\Users\\me\\LIST.CSV"))


def test_a_non_csv_content_type_is_rejected():
    error = rejection(upload(content_type="application/pdf"))
    assert error.code == "content_type"
    assert "was sent as application/pdf" in error.messages[0]


def test_a_file_over_the_limit_is_rejected_with_both_sizes():
    error = rejection(upload(b"a,b\n" * 1000), max_bytes=1024)
    assert error.code == "too_large"
    assert error.messages == [
        "“certificates.csv” is 3.9\xa0KB; the largest file accepted is 1.0\xa0KB."
    ]


def test_the_default_limit_comes_from_settings(settings):
    settings.CERTDIR_UPLOAD_MAX_BYTES = 10
    assert rejection(upload()).code == "too_large"


def test_a_large_file_spooled_to_disk_is_checked_by_its_size(settings):
    file = TemporaryUploadedFile("big.csv", "text/csv", 0, "utf-8")
    file.write(b"number,holder\n" * 200_000)
    file.size = file.tell()
    file.seek(0)
    assert rejection(file, max_bytes=1_000_000).code == "too_large"
    file.close()


def test_an_empty_file_is_rejected():
    assert rejection(upload(b"")).messages == ["“certificates.csv” is empty."]


def test_a_binary_file_renamed_to_csv_is_rejected():
    xlsx_start = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"
    error = rejection(upload(xlsx_start + b"[Content_Types].xml"))
    assert error.code == "binary"
    assert "CSV UTF-8" in error.messages[0]


def test_text_in_another_encoding_is_rejected_with_the_position():
    latin1 = "number,holder\nQ-1,Bücher\n".encode("latin-1")
    error = rejection(upload(latin1))
    assert error.code == "encoding"
    assert "position 19" in error.messages[0]


def test_a_character_cut_by_the_sample_boundary_is_not_an_error():
    content = b"a" * (SNIFF_BYTES - 1) + "ü".encode() + b"\n"
    validate_csv_upload(upload(content), max_bytes=len(content))
