"""The staff upload page for imports, under the admin."""

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodies.models import Certificate, StatusChange

CSV = (
    "body,number,holder_name,holder_country,scheme,issued_on,expires_on,status\n"
    "quillmoor,QMA-2025-0042,Brightwater Foundry GmbH,DE,iso-9001,2025-01-01,2028-01-01,suspended\n"
    "quillmoor,QMA-77,Nova Plastics,DE,iso-9001,2025-01-01,2028-01-01,valid\n"
)


def staff(django_user_model, *perms: str):
    user = django_user_model.objects.create_user("curator", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=perms))
    return user


def post(client, content: str, **fields):
    data = {"file": SimpleUploadedFile("quillmoor.csv", content.encode(), "text/csv"), **fields}
    return client.post(reverse("imports:certificates"), data)


def test_the_page_documents_the_columns(client, django_user_model, db):
    client.force_login(staff(django_user_model, "add_certificate", "change_certificate"))
    html = client.get(reverse("imports:certificates")).content.decode()
    for column in ["body", "number", "holder_country", "accreditation_number", "sectors"]:
        assert f"<code>{column}</code>" in html


def test_staff_import_writes_and_records_the_curator(client, certified, django_user_model):
    curator = staff(django_user_model, "add_certificate", "change_certificate")
    client.force_login(curator)
    response = post(client, CSV, source="Quillmoor register 2026-11")
    html = response.content.decode()
    assert "1 created, 1 updated" in html
    assert Certificate.objects.get(number="QMA-77").holder_name == "Nova Plastics"
    change = StatusChange.objects.get(certificate=certified)
    assert (change.new_status, change.recorded_by, change.source) == (
        "suspended",
        curator,
        "Quillmoor register 2026-11",
    )


def test_bad_rows_are_listed_with_line_and_column(client, certified, django_user_model):
    client.force_login(staff(django_user_model, "add_certificate", "change_certificate"))
    html = post(client, CSV.replace("2028-01-01,valid", "someday,valid")).content.decode()
    assert "nothing was written" in html
    assert "<td>3</td><td>expires_on</td>" in html
    assert not Certificate.objects.filter(number="QMA-77").exists()


def test_a_file_that_is_not_utf8_is_refused(client, certified, django_user_model):
    client.force_login(staff(django_user_model, "add_certificate", "change_certificate"))
    data = {"file": SimpleUploadedFile("x.csv", CSV.replace("Nova", "Növa").encode("latin-1"))}
    html = client.post(reverse("imports:certificates"), data).content.decode()
    assert "not UTF-8 text" in html


def test_visitors_are_sent_to_the_admin_login(client, db):
    response = client.get(reverse("imports:certificates"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_the_permissions_are_refused(client, django_user_model, db):
    client.force_login(staff(django_user_model, "view_certificate"))
    assert client.get(reverse("imports:accreditations")).status_code == 403


def test_the_certificate_and_accreditation_lists_link_to_their_import_pages(curator_client):
    for model, page in [
        ("certificate", "imports:certificates"),
        ("accreditation", "imports:accreditations"),
    ]:
        html = curator_client.get(reverse(f"admin:bodies_{model}_changelist")).content.decode()
        assert f'href="{reverse(page)}"' in html


def test_curators_may_import(curator_client):
    assert curator_client.get(reverse("imports:certificates")).status_code == 200
