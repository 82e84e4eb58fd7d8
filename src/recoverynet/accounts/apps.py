from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recoverynet.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import middleware, security_log  # noqa: F401  (connect their signal receivers)
