from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from ops import checks  # noqa: F401  (registers the deployment checks)


class CertdirAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with certdir's AdminSite (rate-limited login) as `admin.site`.

    Listed in INSTALLED_APPS instead of "django.contrib.admin"; `admin.site.register` and
    `@admin.register` work unchanged.
    """

    default = False  # OpsConfig is the config of the "ops" app itself
    default_site = "ops.admin_site.CertdirAdminSite"
