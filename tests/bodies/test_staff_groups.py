"""The Curator and Viewer groups: created by a migration, re-applied by a command."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from bodies.staff_groups import CURATOR, VIEWER, ensure_staff_groups, remove_staff_groups


def _codenames(name: str) -> set[str]:
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_the_migration_gives_curators_every_edit_permission_and_viewers_only_view():
    curator, viewer = _codenames(CURATOR), _codenames(VIEWER)

    assert {"add_certificate", "change_certificate", "delete_certificate"} <= curator
    assert {"change_report", "view_historicalaccreditation"} <= curator
    assert "change_historicalaccreditation" not in curator  # nobody edits a history
    assert viewer == {codename for codename in curator if codename.startswith("view_")}
    assert "view_certificate" in viewer and "view_historicalreport" in viewer
    assert not {"add_user", "change_group"} & (curator | viewer)


@pytest.mark.django_db
def test_ensure_staff_groups_is_idempotent_and_restores_a_trimmed_group():
    before = _codenames(CURATOR)
    Group.objects.get(name=CURATOR).permissions.remove(
        Permission.objects.get(codename="change_certificate")
    )

    first = ensure_staff_groups()
    second = ensure_staff_groups()

    assert first == second == {CURATOR: len(before), VIEWER: len(_codenames(VIEWER))}
    assert _codenames(CURATOR) == before


@pytest.mark.django_db
def test_removing_and_recreating_the_groups_as_the_migration_does():
    remove_staff_groups()
    assert not Group.objects.filter(name__in=[CURATOR, VIEWER]).exists()

    ensure_staff_groups()

    assert Group.objects.filter(name__in=[CURATOR, VIEWER]).count() == 2


@pytest.mark.django_db
def test_the_command_reports_counts_and_its_dry_run_writes_nothing():
    remove_staff_groups()
    out = StringIO()

    call_command("ensure_staff_groups", "--dry-run", stdout=out)

    assert "Would set" in out.getvalue()
    assert not Group.objects.filter(name=CURATOR).exists()
    call_command("ensure_staff_groups", stdout=out)
    assert f"permissions on group {CURATOR}." in out.getvalue()
    assert Group.objects.filter(name=CURATOR).exists()
