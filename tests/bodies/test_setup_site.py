"""`manage.py setup_site` (called by `make run`) fills an empty database once, then rests."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command

from accreditation.models import AccreditationBody
from bodies.models import Body


def run_setup_site(*args: str) -> str:
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


def test_an_empty_database_gets_reference_data_groups_and_the_superuser_hint(db):
    output = run_setup_site("--no-demo")
    assert AccreditationBody.objects.filter(acronym="UKAS").exists()
    assert set(Group.objects.values_list("name", flat=True)) >= {"Curator", "Viewer"}
    assert not Body.objects.demo().exists()
    assert "manage.py createsuperuser" in output


def test_demo_data_is_generated_once_and_a_second_run_changes_nothing(db):
    run_setup_site()
    demo_bodies = Body.objects.demo().count()
    assert demo_bodies > 0
    output = run_setup_site()
    assert "skipping load_reference" in output
    assert "skipping seed_demo" in output
    assert Body.objects.demo().count() == demo_bodies


def test_no_hint_once_an_admin_user_exists(db, django_user_model):
    django_user_model.objects.create_superuser("admin", "admin@example.org", "x-long-pass-9")
    assert "createsuperuser" not in run_setup_site("--no-demo")
