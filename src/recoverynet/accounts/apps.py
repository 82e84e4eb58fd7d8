from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recoverynet.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import middleware, security_log, token_lookup  # noqa: F401  (signal receivers)
        from .demo import load_demo

        token_lookup.connect()

        # After every app's own demo data, so that the finished "Download my data" holds it.
        demo.register("Accounts: an API token and a data export", 96, load_demo)
