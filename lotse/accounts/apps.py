from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lotse.accounts"
    verbose_name = _("Staff and roles")

    def ready(self) -> None:
        from lotse.accounts import signals  # noqa: F401, PLC0415  (connects the login audit once apps are ready)
