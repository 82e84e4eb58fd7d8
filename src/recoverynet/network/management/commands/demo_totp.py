"""Print the current authenticator code for a demo account, so the demo can be tried without a phone.

Only works for the demo's own addresses; it cannot read any real person's secret.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from recoverynet.network.demo import DEMO_DOMAIN, DEMO_TOTP_SECRETS


def current_code(secret: str) -> str:
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class Command(BaseCommand):
    help = "Show the current authenticator code (or secret) for a demo account."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("email")
        parser.add_argument("--secret", action="store_true", help="Print the secret instead.")

    def handle(self, *args: Any, email: str, secret: bool, **options: Any) -> None:
        local, _, domain = email.partition("@")
        if domain != DEMO_DOMAIN or local not in DEMO_TOTP_SECRETS:
            raise CommandError(f"Only demo team accounts (@{DEMO_DOMAIN}) have a known secret.")
        value = DEMO_TOTP_SECRETS[local]
        self.stdout.write(value if secret else current_code(value))
