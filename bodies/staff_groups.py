"""The two staff groups and their permissions, defined once for the migration and the command.

- "Curator" edits: add / change / delete / view on every certdir model, and view on their
  change histories (simple-history's Historical* models; nobody edits a history).
- "Viewer" reads: view on every certdir model and on their histories.

Both are recomputed from the apps' models each time, so running `ensure_staff_groups`
after a new model is added grants it; the sets are replaced, not merged, so the groups
always mean exactly this. Only `apps.get_model` is used: the data migration passes its
historical app registry, where the real model classes must not be imported.
"""

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

CURATOR = "Curator"
VIEWER = "Viewer"
CURATED_APPS = ("accreditation", "bodies", "complaints")

_EDIT_ACTIONS = ("add", "change", "delete", "view")
_READ_ACTIONS = ("view",)


def _is_history_model(model: type[Model]) -> bool:
    """A simple-history `Historical<Model>` (identified by its fields, valid in migrations)."""
    return {"history_id", "history_date", "history_type"} <= {f.name for f in model._meta.fields}


def _codenames(apps: Apps, *, edit: bool) -> set[tuple[str, str]]:
    wanted = set()
    for label in CURATED_APPS:
        for model in apps.get_app_config(label).get_models():
            opts = model._meta
            actions = _READ_ACTIONS if (not edit or _is_history_model(model)) else _EDIT_ACTIONS
            wanted |= {(label, f"{action}_{opts.model_name}") for action in actions}
    return wanted


def _create_permissions(apps: Apps, using: str) -> None:
    """Make sure content types and permissions exist (a fresh database has none yet).

    `create_permissions` is what `migrate` runs after the last migration; a migration's
    app configs have no models module, so it is set for the duration of the call.
    """
    for label in CURATED_APPS:
        app_config = apps.get_app_config(label)
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module


def ensure_staff_groups(apps: Apps = global_apps, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Create or update the Curator and Viewer groups; return {group name: permission count}."""
    _create_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(using)
        .filter(content_type__app_label__in=CURATED_APPS)
        .values_list("pk", "content_type__app_label", "codename")
    }
    summary = {}
    for name, edit in ((CURATOR, True), (VIEWER, False)):
        wanted = _codenames(apps, edit=edit)
        missing = wanted - permissions.keys()
        if missing:
            raise LookupError(f"Permissions missing for group {name}: {sorted(missing)}")
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set([permissions[key] for key in wanted])
        summary[name] = len(wanted)
    return summary


def remove_staff_groups(apps: Apps = global_apps, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Undo `ensure_staff_groups` (the migration's reverse): delete the two groups."""
    Group = apps.get_model("auth", "Group")
    Group.objects.using(using).filter(name__in=[CURATOR, VIEWER]).delete()
